using EyeOfHorus.FaceEngine;
using EyeOfHorus.Local.Frames;
using EyeOfHorus.Local.Gallery;
using EyeOfHorus.Local.Tracking;
using EyeOfHorus.Contract;
using SkiaSharp;

namespace EyeOfHorus.Local.Tests;

/// <summary><c>horus run</c>'s view of the real face engine: frames in, faces with their usability and embeddings out.</summary>
public class LocalFaceEngineTests
{
    /// <summary>The photo scaled to the frame's height, its left edge at <paramref name="left"/> pixels, on grey, as one RGBA frame.</summary>
    private static Frame FrameOf(string photo, int left, int width = 640, int height = 480)
    {
        using var source = SKBitmap.Decode(RealEngine.Photo(photo));
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        using (var canvas = new SKCanvas(bitmap))
        using (var image = SKImage.FromBitmap(source))
        {
            canvas.Clear(SKColors.Gray);
            var scaled = source.Width * height / (float)source.Height;
            canvas.DrawImage(image, SKRect.Create(left, 0, scaled, height), new SKSamplingOptions(SKFilterMode.Linear));
        }
        return new Frame("front-door", 0, DateTimeOffset.UnixEpoch, width, height, bitmap.Bytes);
    }

    private static int Centred(string photo, int width = 640, int height = 480)
    {
        using var codec = SKCodec.Create(RealEngine.Photo(photo));
        return (int)((width - codec.Info.Width * height / (float)codec.Info.Height) / 2);
    }

    [Fact]
    public void A_whole_face_in_the_frame_is_usable_with_the_embedding_of_the_same_persons_photo()
    {
        var engine = RealEngine.Engine;
        var face = Assert.Single(engine.Analyse(FrameOf("obama2.jpg", Centred("obama2.jpg"))));
        Assert.Null(face.Unusable);
        Assert.True(face.IsUsable);
        Assert.Null(face.Match); // the gallery's business
        Assert.InRange(face.Score, 0.5, 1);
        Assert.True(face.Box.X > LocalFaceEngine.EdgeMargin && face.Box.Right < 640 - LocalFaceEngine.EdgeMargin, face.Box.ToString());
        Assert.True(face.Box.Width > 40 && face.Box.Height > 40, face.Box.ToString());

        var enrolled = engine.Enroll(File.ReadAllBytes(RealEngine.Photo("obama.jpg")));
        Assert.Null(enrolled.Rejection);
        Assert.Equal(face.Embedding!.Length, enrolled.Embedding!.Length);
        Assert.True(engine.Similarity(face.Embedding, enrolled.Embedding) >= 90, $"{engine.Similarity(face.Embedding, enrolled.Embedding)}");
        var other = engine.Enroll(File.ReadAllBytes(RealEngine.Photo("biden.jpg")));
        Assert.True(engine.Similarity(face.Embedding, other.Embedding!) < 90, $"{engine.Similarity(face.Embedding, other.Embedding!)}");
        Assert.Equal(FaceDistance.ToSimilarity(FaceDistance.Euclidean(face.Embedding, other.Embedding!)), engine.Similarity(face.Embedding, other.Embedding!));
    }

    [Fact]
    public void A_face_the_frame_edge_cuts_is_followed_but_unusable_and_not_embedded()
    {
        var engine = RealEngine.Engine;
        // Moved left until the face box passes the frame's edge (but is still detected).
        FrameFace? clipped = null;
        for (var shift = 0; shift <= 400 && clipped is null; shift += 20)
        {
            var faces = engine.Analyse(FrameOf("obama2.jpg", Centred("obama2.jpg") - shift));
            clipped = faces.FirstOrDefault(f => f.Box.X < LocalFaceEngine.EdgeMargin);
        }
        Assert.NotNull(clipped);
        Assert.Equal("clipped by the frame edge", clipped.Unusable);
        Assert.Null(clipped.Embedding);
        Assert.False(clipped.IsUsable);
    }

    [Fact]
    public void A_frame_without_a_face_has_none_and_a_photo_without_one_is_rejected_with_the_reason()
    {
        var engine = RealEngine.Engine;
        Assert.Empty(engine.Analyse(new Frame("front-door", 0, DateTimeOffset.UnixEpoch, 64, 48, Enumerable.Repeat((byte)128, Frame.SizeOf(64, 48)).ToArray())));
        using var bitmap = new SKBitmap(320, 240);
        using (var canvas = new SKCanvas(bitmap)) canvas.Clear(SKColors.SkyBlue);
        using var png = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        var rejected = engine.Enroll(png.ToArray());
        Assert.Equal(PhotoRejection.NoFace, rejected.Rejection);
        Assert.Null(rejected.Embedding);
        Assert.False(string.IsNullOrEmpty(rejected.Detail));
        Assert.Equal("frame", Assert.Throws<ArgumentNullException>(() => engine.Analyse(null!)).ParamName);
    }

    [Fact]
    public void The_model_is_named_by_both_model_files_hashes()
    {
        Assert.Equal($"{ModelFiles.DetectorSha256[..12]}+{ModelFiles.EmbedderSha256[..12]}", RealEngine.Engine.Model);
        Assert.Equal("37896847ac4b+74fd5d4ecdc3", RealEngine.Engine.Model);
    }

    [Theory]
    [InlineData(EnrollmentProblem.NotAnImage, "not-an-image")]
    [InlineData(EnrollmentProblem.Truncated, "truncated-image")]
    [InlineData(EnrollmentProblem.TooLarge, "too-large")]
    [InlineData(EnrollmentProblem.NoFace, "no-face")]
    [InlineData(EnrollmentProblem.SeveralFaces, "several-faces")]
    [InlineData(EnrollmentProblem.Clipped, "low-quality")]
    [InlineData(EnrollmentProblem.TooSmall, "low-quality")]
    [InlineData(EnrollmentProblem.Blurred, "low-quality")]
    [InlineData(EnrollmentProblem.NotFrontal, "low-quality")]
    public void Each_enrollment_problem_is_the_face_indexers_rejection(EnrollmentProblem problem, string code)
    {
        Assert.Equal(code, LocalFaceEngine.RejectionOf(problem).Code);
    }

    [Fact]
    public void An_accepted_photo_has_no_rejection()
    {
        Assert.Equal("problem", Assert.Throws<ArgumentOutOfRangeException>(() => LocalFaceEngine.RejectionOf(EnrollmentProblem.None)).ParamName);
    }
}
