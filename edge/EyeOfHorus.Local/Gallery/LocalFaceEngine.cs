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
/// own quality verdicts (too small, blurred, not frontal).
/// </summary>
public sealed class LocalFaceEngine(Engine engine) : IFaceEngine, IDisposable
{
    /// <summary>Pixels a face box may come to the frame's edge before it counts as clipped.</summary>
    public const float EdgeMargin = 2;

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
            var clipped = b.Left < EdgeMargin || b.Top < EdgeMargin || b.Right > frame.Width - EdgeMargin || b.Bottom > frame.Height - EdgeMargin;
            var unusable = clipped ? "clipped by the frame edge" : detected.Quality.IsGood ? null : Problem(detected.Quality.Problem);
            faces.Add(new FrameFace(box, detected.Score, unusable, unusable is null ? engine.Embed(detected) : null, null));
        }
        return faces;
    }

    public PhotoEnrollment Enroll(byte[] photo)
    {
        FaceImage image;
        try { image = engine.Decode(photo); }
        catch (FaceImageException ex)
        {
            return PhotoEnrollment.Rejected(ex.Problem switch
            {
                ImageProblem.Truncated => PhotoRejection.TruncatedImage,
                ImageProblem.TooLarge => PhotoRejection.TooLarge,
                _ => PhotoRejection.NotAnImage,
            }, ex.Message);
        }
        using (image)
        {
            var faces = engine.Detect(image);
            if (faces.Count == 0) return PhotoEnrollment.Rejected(PhotoRejection.NoFace, "no face detected");
            if (faces.Count > 1) return PhotoEnrollment.Rejected(PhotoRejection.SeveralFaces, $"{faces.Count} faces detected");
            var face = faces[0];
            if (!face.Quality.IsGood) return PhotoEnrollment.Rejected(PhotoRejection.LowQuality, Problem(face.Quality.Problem));
            return PhotoEnrollment.Accepted(engine.Embed(face));
        }
    }

    public double Similarity(float[] a, float[] b) => FaceDistance.ToSimilarity(FaceDistance.Euclidean(a, b));

    private static string Problem(FaceQualityProblem problem) => problem switch
    {
        FaceQualityProblem.TooSmall => "too small",
        FaceQualityProblem.Blurred => "blurred",
        FaceQualityProblem.NotFrontal => "turned away",
        _ => problem.ToString(),
    };

    public void Dispose() => engine.Dispose();
}
