using Xunit.Abstractions;

namespace EyeOfHorus.FaceEngine.Tests;

public class EngineTests(ITestOutputHelper output)
{
    public static readonly TheoryData<string, float, float, float> OneFacePhotos = new()
    {
        // photo, box left, top, width (pixels), measured once by the engine and checked by eye
        { "obama.jpg", 346, 126, 281 },
        { "obama2.jpg", 141, 276, 349 },
        { "obama3.jpg", 647, 295, 311 },
        { "obama-480p.jpg", 382, 57, 125 },
        { "obama_small.jpg", 97, 57, 130 },
        { "obama_partial_face.jpg", -69, 123, 294 },
        { "biden.jpg", 427, 229, 316 },
        { "biden2.jpg", 385, 241, 532 },
    };

    [Theory]
    [MemberData(nameof(OneFacePhotos))]
    public void Each_shared_photo_has_one_face_where_it_is(string photo, float left, float top, float width)
    {
        using var image = Models.Photo(photo);
        var faces = Models.Engine.Detect(image);
        var face = Assert.Single(faces);
        output.WriteLine($"{photo}: {face.Box} score {face.Score:F2} {face.Quality}");
        var expected = new FaceBox(left, top, width, width);
        Assert.True(face.Box.IntersectionOverUnion(expected) > 0.9f, $"{face.Box} is not at {expected}");
        // eyes inside the box, the person's right eye on the image's left, the mouth below the nose
        var l = face.Landmarks;
        Assert.True(l.RightEye.X < l.LeftEye.X && l.NoseTip.Y < l.Mouth.Y && l.RightEye.Y < l.Mouth.Y);
        Assert.InRange(l.NoseTip.X, face.Box.Left, face.Box.Right);
    }

    [Fact]
    public void The_embedding_of_obama_jpg_is_the_pinned_reference()
    {
        using var image = Models.Photo("obama.jpg");
        var embedding = Models.Engine.Embed(Models.Engine.Detect(image)[0]);
        output.WriteLine(string.Join(", ", embedding.Take(8).Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture) + "f")));
        float[] pinned = [-0.10234209f, 0.12257682f, 0.005178511f, -0.060454424f, -0.003248924f, 0.010925605f, -0.090045676f, -0.085184045f];
        for (var i = 0; i < pinned.Length; i++) Assert.True(Math.Abs(pinned[i] - embedding[i]) < 1e-3, $"value {i}: {embedding[i]} vs {pinned[i]}");
        Assert.Equal(128, embedding.Length);
    }

    [Fact]
    public void Missing_models_give_one_message_that_says_how_to_install_them()
    {
        var dir = Directory.CreateTempSubdirectory("horus-nomodels-").FullName;
        try
        {
            var e = Assert.Throws<FaceModelException>(() => FaceEngine.Load(dir));
            Assert.Contains("missing", e.Message, StringComparison.Ordinal);
            Assert.Contains("npm ci && bash scripts/models.sh", e.Message, StringComparison.Ordinal);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Theory]
    [InlineData(ModelFiles.Detector)]
    [InlineData(ModelFiles.Embedder)]
    public void An_altered_model_is_refused_with_the_same_advice(string file)
    {
        var dir = Directory.CreateTempSubdirectory("horus-altered-").FullName;
        try
        {
            foreach (var f in new[] { ModelFiles.Detector, ModelFiles.Embedder }) File.Copy(Path.Combine(Models.Directory, f), Path.Combine(dir, f));
            var bytes = File.ReadAllBytes(Path.Combine(dir, file));
            bytes[bytes.Length / 2] ^= 0x40;
            File.WriteAllBytes(Path.Combine(dir, file), bytes);
            var e = Assert.Throws<FaceModelException>(() => FaceEngine.Load(dir));
            Assert.Contains($"{file} is altered", e.Message, StringComparison.Ordinal);
            Assert.Contains("npm ci && bash scripts/models.sh", e.Message, StringComparison.Ordinal);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void A_picture_without_a_face_has_no_face()
    {
        var rgba = new byte[640 * 480 * 4];
        for (var i = 0; i < rgba.Length; i += 4) (rgba[i], rgba[i + 1], rgba[i + 2], rgba[i + 3]) = ((byte)(i / 4 % 640 / 3), 90, (byte)(i / 4 / 640 / 2), 255);
        using var image = FaceImage.FromRgba(rgba, 640, 480);
        Assert.Empty(Models.Engine.Detect(image));
    }
}
