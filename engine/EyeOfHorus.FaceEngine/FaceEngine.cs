using Microsoft.ML.OnnxRuntime;

namespace EyeOfHorus.FaceEngine;

/// <summary>A detected face with its quality verdict and, when good enough, its embedding.</summary>
public sealed record AnalysedFace(DetectedFace Face, float[]? Embedding);

/// <summary>
/// The local face engine: detection (BlazeFace), alignment, quality, and dlib's 128-D embedding.
/// Thread-safe; load once and share.
/// </summary>
public sealed class FaceEngine : IDisposable
{
    private readonly FaceDetector _detector;
    private readonly FaceEmbedder? _embedder;
    private readonly SessionOptions _sessionOptions;

    public FaceEngineOptions Options { get; }

    private FaceEngine(FaceDetector detector, FaceEmbedder? embedder, SessionOptions sessionOptions, FaceEngineOptions options)
    {
        (_detector, _embedder, _sessionOptions, Options) = (detector, embedder, sessionOptions, options);
    }

    /// <summary>Loads both models from <paramref name="modelDirectory"/> after checking their sha256.</summary>
    /// <exception cref="FaceModelException">a model file is missing or altered; the message says how to install it.</exception>
    public static FaceEngine Load(string modelDirectory, FaceEngineOptions? options = null) => Load(modelDirectory, options, withEmbedder: true);

    /// <summary>
    /// Only the detector (2 MB; with it the quality verdicts and the enrollment rule), for a check that
    /// stores no embedding: the FaceIndexer in local mode, whose package and cold start need no 22 MB
    /// embedder. <see cref="Embed"/> then throws.
    /// </summary>
    /// <exception cref="FaceModelException">the detector is missing or altered.</exception>
    public static FaceEngine LoadDetector(string modelDirectory, FaceEngineOptions? options = null) => Load(modelDirectory, options, withEmbedder: false);

    private static FaceEngine Load(string modelDirectory, FaceEngineOptions? options, bool withEmbedder)
    {
        options ??= new FaceEngineOptions();
        var detector = ModelFiles.Verify(modelDirectory, ModelFiles.Detector, ModelFiles.DetectorSha256);
        var embedder = withEmbedder ? ModelFiles.Verify(modelDirectory, ModelFiles.Embedder, ModelFiles.EmbedderSha256) : null;
        var session = new SessionOptions { IntraOpNumThreads = options.Threads, InterOpNumThreads = 1, ExecutionMode = ExecutionMode.ORT_SEQUENTIAL };
        return new FaceEngine(new FaceDetector(detector, session), embedder is null ? null : new FaceEmbedder(embedder, session), session, options);
    }

    /// <summary>Decodes an encoded picture with the engine's pixel limit.</summary>
    /// <exception cref="FaceImageException">empty, not an image, truncated or too large.</exception>
    public FaceImage Decode(ReadOnlySpan<byte> bytes) => FaceImage.Decode(bytes, Options.MaxPixels);

    /// <summary>Finds faces, largest first, each with landmarks and a quality verdict.</summary>
    public IReadOnlyList<DetectedFace> Detect(FaceImage image) =>
        _detector.Detect(image.Bitmap, Options.MinScore)
            .Select(d => Assess(image, d.Box, d.Landmarks, d.Score))
            .OrderByDescending(f => f.Box.Width * f.Box.Height)
            .ToList();

    /// <summary>The 128-D embedding of a detected face (whatever its quality).</summary>
    /// <exception cref="InvalidOperationException">the engine was loaded by <see cref="LoadDetector"/>.</exception>
    public float[] Embed(DetectedFace face) =>
        (_embedder ?? throw new InvalidOperationException("this face engine was loaded without its embedder (FaceEngine.LoadDetector)")).Embed(face.Chip);

    /// <summary>The verdict on a person's photo by the enrollment rule (<see cref="Enrollment.Judge"/>); never throws for bad bytes.</summary>
    public Enrollment Enroll(ReadOnlySpan<byte> photo)
    {
        FaceImage image;
        try { image = Decode(photo); }
        catch (FaceImageException ex) { return Enrollment.Undecodable(ex); }
        using (image) return Enrollment.Judge(Detect(image), image.Width, image.Height);
    }

    /// <summary>Detects, and embeds every face of good quality; the others are reported with their problem.</summary>
    public IReadOnlyList<AnalysedFace> Analyse(FaceImage image) =>
        Detect(image).Select(f => new AnalysedFace(f, f.Quality.IsGood ? Embed(f) : null)).ToList();

    private DetectedFace Assess(FaceImage image, FaceBox box, FaceLandmarks landmarks, float score)
    {
        var chip = FaceAligner.Align(image.Bitmap, landmarks);
        var (re, le, nose) = (landmarks.RightEye, landmarks.LeftEye, landmarks.NoseTip);
        var (ex, ey) = (le.X - re.X, le.Y - re.Y);
        var eyeDistance = MathF.Sqrt(ex * ex + ey * ey);
        // position of the nose tip along the eye line: 0.5 (between the eyes) when frontal
        var along = eyeDistance == 0 ? 0 : ((nose.X - re.X) * ex + (nose.Y - re.Y) * ey) / (eyeDistance * eyeDistance);
        var yaw = 2 * (along - 0.5f);
        var sharpness = FaceAligner.Sharpness(chip);
        var problem = eyeDistance < Options.MinEyeDistance ? FaceQualityProblem.TooSmall
            : MathF.Abs(yaw) > Options.MaxYaw ? FaceQualityProblem.NotFrontal
            : sharpness < Options.MinSharpness ? FaceQualityProblem.Blurred
            : FaceQualityProblem.None;
        return new DetectedFace(box, landmarks, score, new FaceQuality(problem, eyeDistance, sharpness, yaw)) { Chip = chip };
    }

    public void Dispose()
    {
        _detector.Dispose();
        _embedder?.Dispose();
        _sessionOptions.Dispose();
    }
}
