namespace EyeOfHorus.FaceEngine.Tests;

/// <summary>The engine's quality measurements and each threshold exactly at a face's measured value, with
/// detector-only engines (the verdict needs no embedder).</summary>
public class QualityBoundaryTests
{
    private static readonly Lazy<DetectedFace> ObamaFace = new(() =>
    {
        using var image = Models.Photo("obama.jpg");
        return Assert.Single(Models.Engine.Detect(image));
    });

    private static DetectedFace Obama => ObamaFace.Value;

    private static DetectedFace DetectWith(FaceEngineOptions options, string photo = "obama.jpg")
    {
        using var engine = FaceEngine.LoadDetector(Models.Directory, options);
        using var image = Models.Photo(photo);
        return Assert.Single(engine.Detect(image));
    }

    [Fact]
    public void Eye_distance_and_yaw_follow_from_the_landmarks()
    {
        foreach (var photo in new[] { "obama.jpg", "obama2.jpg", "biden.jpg", "biden2.jpg" })
        {
            using var image = Models.Photo(photo);
            var face = Assert.Single(Models.Engine.Detect(image));
            var (re, le, nose) = (face.Landmarks.RightEye, face.Landmarks.LeftEye, face.Landmarks.NoseTip);
            double dx = le.X - re.X, dy = le.Y - re.Y;
            var eyes = Math.Sqrt(dx * dx + dy * dy);
            Assert.Equal(eyes, face.Quality.EyeDistance, eyes * 1e-5);
            // the nose's foot on the line through the eyes: 0 at the right eye, 1 at the left; yaw 0 half way
            var t = ((nose.X - re.X) * dx + (nose.Y - re.Y) * dy) / (eyes * eyes);
            Assert.Equal(2 * t - 1, face.Quality.Yaw, 1e-4);
            Assert.InRange(face.Quality.Yaw, -0.6f, 0.6f);
            Assert.Equal(FaceQualityProblem.None, face.Quality.Problem);
            Assert.True(face.Quality.Sharpness > 25, $"{photo}: {face.Quality}");
            Assert.True(face.Quality.EyeDistance > 24, $"{photo}: {face.Quality}");
        }
    }

    [Fact]
    public void A_face_exactly_at_the_eye_distance_limit_is_big_enough()
    {
        var eyes = Obama.Quality.EyeDistance;
        Assert.Equal(FaceQualityProblem.None, DetectWith(new FaceEngineOptions { MinEyeDistance = eyes }).Quality.Problem);
        Assert.Equal(FaceQualityProblem.TooSmall, DetectWith(new FaceEngineOptions { MinEyeDistance = MathF.BitIncrement(eyes) }).Quality.Problem);
    }

    [Fact]
    public void A_face_exactly_at_the_yaw_limit_is_frontal()
    {
        var yaw = MathF.Abs(Obama.Quality.Yaw);
        Assert.True(yaw > 0, "obama.jpg's face is not exactly frontal");
        Assert.Equal(FaceQualityProblem.None, DetectWith(new FaceEngineOptions { MaxYaw = yaw }).Quality.Problem);
        Assert.Equal(FaceQualityProblem.NotFrontal, DetectWith(new FaceEngineOptions { MaxYaw = MathF.BitDecrement(yaw) }).Quality.Problem);
    }

    [Fact]
    public void The_yaw_limit_holds_for_a_face_turned_either_way()
    {
        // the photos' faces turn to both sides; a limit just under each one's |yaw| makes it not frontal
        var faces = new[] { "obama.jpg", "obama2.jpg", "obama3.jpg", "biden.jpg", "biden2.jpg" }.Select(p => (Photo: p, Yaw: DetectWith(new FaceEngineOptions(), p).Quality.Yaw)).ToList();
        var left = faces.MinBy(f => f.Yaw);
        var right = faces.MaxBy(f => f.Yaw);
        Assert.True(left.Yaw < 0 && right.Yaw > 0, string.Join(", ", faces));
        foreach (var (photo, yaw) in new[] { left, right })
            Assert.Equal(FaceQualityProblem.NotFrontal, DetectWith(new FaceEngineOptions { MaxYaw = MathF.BitDecrement(MathF.Abs(yaw)) }, photo).Quality.Problem);
    }

    [Fact]
    public void A_face_exactly_at_the_sharpness_limit_is_sharp_enough()
    {
        var sharpness = Obama.Quality.Sharpness;
        Assert.Equal(FaceQualityProblem.None, DetectWith(new FaceEngineOptions { MinSharpness = sharpness }).Quality.Problem);
        Assert.Equal(FaceQualityProblem.Blurred, DetectWith(new FaceEngineOptions { MinSharpness = MathF.BitIncrement(sharpness) }).Quality.Problem);
    }

    [Fact]
    public void Too_small_is_reported_before_not_frontal_and_not_frontal_before_blurred()
    {
        var q = Obama.Quality;
        var tooSmall = MathF.BitIncrement(q.EyeDistance);
        var turned = MathF.BitDecrement(MathF.Abs(q.Yaw));
        var blurred = MathF.BitIncrement(q.Sharpness);
        Assert.Equal(FaceQualityProblem.TooSmall, DetectWith(new FaceEngineOptions { MinEyeDistance = tooSmall, MaxYaw = turned, MinSharpness = blurred }).Quality.Problem);
        Assert.Equal(FaceQualityProblem.TooSmall, DetectWith(new FaceEngineOptions { MinEyeDistance = tooSmall, MinSharpness = blurred }).Quality.Problem);
        Assert.Equal(FaceQualityProblem.NotFrontal, DetectWith(new FaceEngineOptions { MaxYaw = turned, MinSharpness = blurred }).Quality.Problem);
        // the measurements do not depend on the thresholds
        var judged = DetectWith(new FaceEngineOptions { MinEyeDistance = tooSmall, MaxYaw = turned, MinSharpness = blurred });
        Assert.Equal((q.EyeDistance, q.Yaw, q.Sharpness), (judged.Quality.EyeDistance, judged.Quality.Yaw, judged.Quality.Sharpness));
        Assert.Equal(Obama.Box, judged.Box);
        Assert.Equal(Obama.Chip, judged.Chip);
    }

    [Fact]
    public void Faces_are_listed_largest_first()
    {
        using var image = FaceImage.Decode(File.ReadAllBytes(Path.Combine(Models.NodeModules, "@vladmandic/face-api/demo/sample5.jpg")));
        var faces = Models.Engine.Detect(image);
        Assert.True(faces.Count >= 3, $"{faces.Count} faces");
        var areas = faces.Select(f => f.Box.Width * f.Box.Height).ToList();
        Assert.Equal(areas.OrderByDescending(a => a), areas);
        Assert.True(areas[0] > areas[^1], string.Join(", ", areas));
    }

    [Fact]
    public void The_detector_score_limit_is_the_engine_s_option()
    {
        var score = Obama.Score;
        Assert.InRange(score, 0.6f, 0.9999f);
        using var strict = FaceEngine.LoadDetector(Models.Directory, new FaceEngineOptions { MinScore = Math.Min(0.99999f, MathF.BitIncrement(score) + 0.01f) });
        using var image = Models.Photo("obama.jpg");
        Assert.Empty(strict.Detect(image));
    }

    [Fact]
    public void The_chip_is_the_aligned_150x150_rgb_picture_the_embedder_reads()
    {
        Assert.Equal(150 * 150 * 3, Obama.Chip.Length);
        Assert.Contains(Obama.Chip, b => b != Obama.Chip[0]);
    }
}
