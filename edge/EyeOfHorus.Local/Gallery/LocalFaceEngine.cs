using EyeOfHorus.FaceEngine;
using EyeOfHorus.Local.Frames;
using EyeOfHorus.Local.Tracking;
using EyeOfHorus.Contract;
using EyeOfHorus.Recognition.Faces;
using Engine = EyeOfHorus.FaceEngine.FaceEngine;

namespace EyeOfHorus.Local.Gallery;

/// <summary>
/// <see cref="IFaceEngine"/> over the project's face engine (engine/EyeOfHorus.FaceEngine): frames
/// are wrapped as they come (RGBA), photos decoded with its pixel limit, similarity is its
/// distance-to-similarity mapping. A face the frame edge cuts is unusable here, besides the engine's
/// own quality verdicts (too small, blurred, not frontal); photos are enrolled by the engine's rule.
/// </summary>
public sealed class LocalFaceEngine(Engine engine) : IFaceEngine, IDisposable
{
    /// <summary>Pixels a face box may come to the frame's edge before it counts as clipped.</summary>
    public const float EdgeMargin = Enrollment.EdgeMargin;

    public static LocalFaceEngine Load(string? modelDirectory, FaceEngineOptions? options = null) =>
        new(Engine.Load(modelDirectory ?? ModelFiles.DefaultDirectory(), options));

    public string Model { get; } = $"{ModelFiles.DetectorSha256[..12]}+{ModelFiles.EmbedderSha256[..12]}";

    public IReadOnlyList<FrameFace> Analyse(Frame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        using var image = FaceImage.FromRgba(frame.Rgba, frame.Width, frame.Height);
        var faces = new List<FrameFace>();
        foreach (var detected in engine.Detect(image))
        {
            var b = detected.Box;
            var box = new Tracking.FaceBox(b.Left, b.Top, b.Width, b.Height);
            var clipped = Enrollment.IsClipped(b, frame.Width, frame.Height);
            var unusable = clipped ? "clipped by the frame edge" : detected.Quality.IsGood ? null : Enrollment.Describe(detected.Quality.Problem);
            faces.Add(new FrameFace(box, detected.Score, unusable, unusable is null ? engine.Embed(detected) : null, null));
        }
        return faces;
    }

    /// <summary>By the engine's enrollment rule (<see cref="Enrollment.Judge"/>), the one the FaceIndexer applies in local mode too.</summary>
    public PhotoEnrollment Enroll(byte[] photo)
    {
        var verdict = engine.Enroll(photo);
        return verdict.Face is { } face ? PhotoEnrollment.Accepted(engine.Embed(face)) : PhotoEnrollment.Rejected(RejectionOf(verdict.Problem), verdict.Detail!);
    }

    /// <summary>The photo rejection an enrollment problem is reported as.</summary>
    public static PhotoRejection RejectionOf(EnrollmentProblem problem) => problem switch
    {
        EnrollmentProblem.NotAnImage => PhotoRejection.NotAnImage,
        EnrollmentProblem.Truncated => PhotoRejection.TruncatedImage,
        EnrollmentProblem.TooLarge => PhotoRejection.TooLarge,
        EnrollmentProblem.NoFace => PhotoRejection.NoFace,
        EnrollmentProblem.SeveralFaces => PhotoRejection.SeveralFaces,
        EnrollmentProblem.None => throw new ArgumentOutOfRangeException(nameof(problem), "an accepted photo has no rejection"),
        _ => PhotoRejection.LowQuality,
    };

    public double Similarity(float[] a, float[] b) => FaceDistance.ToSimilarity(FaceDistance.Euclidean(a, b));

    public void Dispose() => engine.Dispose();
}
