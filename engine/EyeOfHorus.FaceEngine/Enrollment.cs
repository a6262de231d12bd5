namespace EyeOfHorus.FaceEngine;

/// <summary>Why a person's photo gives no face for a gallery (<see cref="None"/>: it does).</summary>
public enum EnrollmentProblem { None, NotAnImage, Truncated, TooLarge, NoFace, SeveralFaces, Clipped, TooSmall, Blurred, NotFrontal }

/// <summary>
/// The engine's verdict on a person's photo: its one usable face, or the problem and a short detail
/// ("2 faces detected", "blurred", the decoder's message). Every consumer (the camera hosts' galleries,
/// the FaceIndexer in local mode) enrolls by this rule, so they agree on every photo.
/// </summary>
public sealed record Enrollment(EnrollmentProblem Problem, string? Detail, DetectedFace? Face)
{
    /// <summary>Pixels a face box may come to the picture's edge before it counts as clipped.</summary>
    public const float EdgeMargin = 2;

    public bool IsAccepted => Problem == EnrollmentProblem.None;

    /// <summary>
    /// The rule: exactly one face, inside the picture (not clipped), big enough, frontal and sharp.
    /// <paramref name="faces"/> are what <see cref="FaceEngine.Detect"/> found in a picture of that size.
    /// </summary>
    public static Enrollment Judge(IReadOnlyList<DetectedFace> faces, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(faces);
        if (faces.Count == 0) return Rejected(EnrollmentProblem.NoFace, "no face detected");
        if (faces.Count > 1) return Rejected(EnrollmentProblem.SeveralFaces, $"{faces.Count} faces detected");
        var face = faces[0];
        if (IsClipped(face.Box, width, height)) return Rejected(EnrollmentProblem.Clipped, "clipped by the picture's edge");
        return face.Quality.Problem switch
        {
            FaceQualityProblem.None => new(EnrollmentProblem.None, null, face),
            FaceQualityProblem.TooSmall => Rejected(EnrollmentProblem.TooSmall, Describe(face.Quality.Problem)),
            FaceQualityProblem.Blurred => Rejected(EnrollmentProblem.Blurred, Describe(face.Quality.Problem)),
            _ => Rejected(EnrollmentProblem.NotFrontal, Describe(face.Quality.Problem)),
        };
    }

    /// <summary>The verdict on a photo that did not decode.</summary>
    public static Enrollment Undecodable(FaceImageException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return Rejected(error.Problem switch
        {
            ImageProblem.Truncated => EnrollmentProblem.Truncated,
            ImageProblem.TooLarge => EnrollmentProblem.TooLarge,
            _ => EnrollmentProblem.NotAnImage,
        }, error.Message);
    }

    /// <summary>Whether <paramref name="box"/> comes within <see cref="EdgeMargin"/> of the edge of a picture of that size.</summary>
    public static bool IsClipped(FaceBox box, int width, int height) =>
        box.Left < EdgeMargin || box.Top < EdgeMargin || box.Right > width - EdgeMargin || box.Bottom > height - EdgeMargin;

    /// <summary>A quality problem in words ("too small", "blurred", "turned away").</summary>
    public static string Describe(FaceQualityProblem problem) => problem switch
    {
        FaceQualityProblem.TooSmall => "too small",
        FaceQualityProblem.Blurred => "blurred",
        FaceQualityProblem.NotFrontal => "turned away",
        _ => problem.ToString(),
    };

    private static Enrollment Rejected(EnrollmentProblem problem, string detail) => new(problem, detail, null);
}
