namespace EyeOfHorus.FaceEngine.Tests;

/// <summary>The enrollment rule on the shared photos and on faces placed by hand; the detector-only engine.</summary>
public class EnrollmentTests
{
    private static byte[] Bytes(string name) => File.ReadAllBytes(Path.Combine(Models.Faces, name));

    private static DetectedFace Face(float left, float top, float size, FaceQualityProblem problem = FaceQualityProblem.None) =>
        new(new FaceBox(left, top, size, size), new FaceLandmarks(default, default, default, default, default, default), 0.9f, new FaceQuality(problem, 40, 100, 0));

    [Fact]
    public void A_portrait_gives_its_one_face_and_a_face_off_the_edge_is_clipped()
    {
        var portrait = Models.Engine.Enroll(Bytes("obama.jpg"));
        Assert.Equal((EnrollmentProblem.None, null, true), (portrait.Problem, portrait.Detail, portrait.Face is not null));
        Assert.True(portrait.IsAccepted);

        var partial = Models.Engine.Enroll(Bytes("obama_partial_face.jpg"));
        Assert.Equal((EnrollmentProblem.Clipped, "clipped by the picture's edge", null), (partial.Problem, partial.Detail, partial.Face));
    }

    [Theory]
    [InlineData(2, 2, 96, null)]          // exactly at the margin on the top-left
    [InlineData(2, 2, 97, "right")]       // 99 > 100 - 2 on the right and bottom
    [InlineData(1.9f, 10, 50, "left")]
    [InlineData(10, 1.9f, 50, "top")]
    [InlineData(10, 48.5f, 50, "bottom")]
    public void The_edge_margin_is_two_pixels_on_every_side(float left, float top, float size, string? side) =>
        Assert.Equal(side is not null, Enrollment.IsClipped(new FaceBox(left, top, size, size), 100, 100));

    [Fact]
    public void The_rule_checks_the_count_then_the_edge_then_the_engines_quality()
    {
        Assert.Equal((EnrollmentProblem.NoFace, "no face detected"), Verdict());
        Assert.Equal((EnrollmentProblem.SeveralFaces, "2 faces detected"), Verdict(Face(10, 10, 20), Face(50, 50, 20)));
        Assert.Equal((EnrollmentProblem.Clipped, "clipped by the picture's edge"), Verdict(Face(0, 10, 20, FaceQualityProblem.Blurred)));
        Assert.Equal((EnrollmentProblem.TooSmall, "too small"), Verdict(Face(10, 10, 20, FaceQualityProblem.TooSmall)));
        Assert.Equal((EnrollmentProblem.Blurred, "blurred"), Verdict(Face(10, 10, 20, FaceQualityProblem.Blurred)));
        Assert.Equal((EnrollmentProblem.NotFrontal, "turned away"), Verdict(Face(10, 10, 20, FaceQualityProblem.NotFrontal)));
        Assert.Equal((EnrollmentProblem.None, null), Verdict(Face(10, 10, 20)));

        static (EnrollmentProblem, string?) Verdict(params DetectedFace[] faces)
        {
            var verdict = Enrollment.Judge(faces, 100, 100);
            Assert.Equal(verdict.Problem == EnrollmentProblem.None, verdict.Face is not null);
            return (verdict.Problem, verdict.Detail);
        }
    }

    [Theory]
    [InlineData(new byte[0], EnrollmentProblem.NotAnImage)]
    [InlineData(new byte[] { 1, 2, 3, 4 }, EnrollmentProblem.NotAnImage)]
    public void Bytes_that_are_no_picture_are_a_verdict_not_an_exception(byte[] bytes, EnrollmentProblem problem) =>
        Assert.Equal(problem, Models.Engine.Enroll(bytes).Problem);

    [Fact]
    public void A_cut_picture_is_truncated_and_one_over_the_pixel_limit_too_large()
    {
        var photo = Bytes("obama.jpg");
        Assert.Equal(EnrollmentProblem.Truncated, Models.Engine.Enroll(photo[..(photo.Length / 2)]).Problem);
        using var small = FaceEngine.LoadDetector(Models.Directory, new FaceEngineOptions { MaxPixels = 1000 });
        var verdict = small.Enroll(photo);
        Assert.Equal(EnrollmentProblem.TooLarge, verdict.Problem);
        Assert.Contains("pixels", verdict.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void The_detector_only_engine_reaches_the_same_verdicts_and_refuses_to_embed()
    {
        using var detector = FaceEngine.LoadDetector(Models.Directory);
        foreach (var name in new[] { "obama.jpg", "obama_partial_face.jpg", "biden2.jpg" })
            Assert.Equal(Models.Engine.Enroll(Bytes(name)).Problem, detector.Enroll(Bytes(name)).Problem);
        var face = detector.Enroll(Bytes("obama.jpg")).Face!;
        Assert.Contains("without its embedder", Assert.Throws<InvalidOperationException>(() => detector.Embed(face)).Message, StringComparison.Ordinal);
        Assert.Equal(128, Models.Engine.Embed(face).Length);
    }
}
