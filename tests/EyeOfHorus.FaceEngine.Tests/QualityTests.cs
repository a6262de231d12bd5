using SkiaSharp;
using Xunit.Abstractions;

namespace EyeOfHorus.FaceEngine.Tests;

/// <summary>Faces too small, blurred or turned are reported with their problem and not embedded.</summary>
public class QualityTests(ITestOutputHelper output)
{
    /// <summary>obama.jpg drawn at <paramref name="scale"/> into a 640x480 grey frame, optionally blurred.</summary>
    private static FaceImage Frame(float scale, float blurSigma = 0)
    {
        using var photo = SKBitmap.Decode(Path.Combine(Models.Faces, "obama.jpg"));
        using var frame = new SKBitmap(new SKImageInfo(640, 480, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        using (var canvas = new SKCanvas(frame))
        using (var image = SKImage.FromBitmap(photo))
        using (var paint = new SKPaint { ImageFilter = blurSigma > 0 ? SKImageFilter.CreateBlur(blurSigma, blurSigma) : null })
        {
            canvas.Clear(new SKColor(120, 120, 120));
            canvas.DrawImage(image, SKRect.Create(100, 0, photo.Width * scale, photo.Height * scale), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear), paint);
        }
        return FaceImage.FromRgba(frame.GetPixelSpan(), 640, 480);
    }

    [Fact]
    public void A_sharp_frontal_face_of_fair_size_is_good_and_embedded()
    {
        using var image = Frame(0.4f);
        var face = Assert.Single(Models.Engine.Analyse(image));
        output.WriteLine(face.Face.Quality.ToString());
        Assert.True(face.Face.Quality.IsGood);
        Assert.NotNull(face.Embedding);
    }

    [Theory]
    [InlineData(0.14f)]
    [InlineData(0.20f)]
    public void A_tiny_face_is_too_small_and_not_embedded(float scale)
    {
        using var image = Frame(scale);
        var face = Assert.Single(Models.Engine.Analyse(image));
        output.WriteLine(face.Face.Quality.ToString());
        Assert.Equal(FaceQualityProblem.TooSmall, face.Face.Quality.Problem);
        Assert.Null(face.Embedding);
    }

    [Fact]
    public void A_blurred_face_is_blurred_and_not_embedded()
    {
        using var image = Frame(0.4f, blurSigma: 3);
        var face = Assert.Single(Models.Engine.Analyse(image));
        output.WriteLine(face.Face.Quality.ToString());
        Assert.Equal(FaceQualityProblem.Blurred, face.Face.Quality.Problem);
        Assert.Null(face.Embedding);
    }

    [Fact]
    public void A_turned_face_is_not_frontal_and_not_embedded()
    {
        // face-api's demo photo sample5.jpg (in the npm package; not copied into the repository):
        // the face at (631, 461) looks far to the side
        using var image = FaceImage.Decode(File.ReadAllBytes(Path.Combine(Models.NodeModules, "@vladmandic/face-api/demo/sample5.jpg")));
        var faces = Models.Engine.Analyse(image);
        var turned = Assert.Single(faces, f => new FaceBox(631, 461, 171, 171).IntersectionOverUnion(f.Face.Box) > 0.7f);
        output.WriteLine(turned.Face.Quality.ToString());
        Assert.Equal(FaceQualityProblem.NotFrontal, turned.Face.Quality.Problem);
        Assert.Null(turned.Embedding);
        Assert.Contains(faces, f => f.Face.Quality.IsGood && f.Embedding is not null);
    }
}
