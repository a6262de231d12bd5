using System.Collections.Concurrent;
using System.Security.Cryptography;
using EyeOfHorus.FaceEngine;
using Engine = EyeOfHorus.FaceEngine.FaceEngine;

namespace EyeOfHorus.Testing.Rekognition;

/// <summary>
/// Real recognition inside the Rekognition stand-in: the project's own face engine detects and
/// embeds, and two faces' similarity is the engine's (distance 0.50 = 90). The identity key of a
/// face is its image's SHA-256 (16 hex digits) and its index (<see cref="IdentityKeyOf"/>): the engine
/// is deterministic, so the same bytes give the same faces and are analysed once. Approximations of Rekognition's fields, stated here:
/// Confidence maps the detector's score linearly from its cut-off (0.6 -> 90) to 1 (-> 100), so a
/// face the detector keeps passes Rekognition's confidence bar as a real face does there (BlazeFace
/// gives a clear face about 0.82, Rekognition 99+); Quality is Sharpness 80 / 10 (the engine's
/// blur verdict) and Brightness 75; Pose is the engine's yaw estimate x 90 degrees. A face the engine will not embed (too small, blurred,
/// not frontal) gets no identity and matches nothing.
/// </summary>
/// <param name="ownsEngine">false: the engine is shared (<see cref="SharedEngine"/>) and outlives this.</param>
public sealed class LocalEngineFaces(Engine engine, bool ownsEngine = true) : IFaceEngine, IDisposable
{
    private static readonly float MinScore = new FaceEngineOptions().MinScore;
    private static readonly Lazy<Engine> Shared = new(() => Engine.Load(ModelDirectory));

    private readonly ConcurrentDictionary<string, float[]> _embeddings = new();
    private readonly ConcurrentDictionary<string, IReadOnlyList<EngineFace>> _detected = new();

    /// <summary>The repository's models/ (scripts/models.sh writes them before the tests).</summary>
    public static string ModelDirectory => Path.Combine(RepoPaths.Root, "models");

    /// <summary>One engine for the whole test process (loading takes ~2 s; the engine is thread-safe). Never disposed.</summary>
    public static Engine SharedEngine => Shared.Value;

    /// <summary>The engine from the repository's models/, owned by the returned instance.</summary>
    public static LocalEngineFaces Load() => new(Engine.Load(ModelDirectory));

    /// <summary>Over <see cref="SharedEngine"/>, with its own identity keys.</summary>
    public static LocalEngineFaces OverSharedEngine() => new(SharedEngine, ownsEngine: false);

    /// <summary>The identity key of the <paramref name="face"/>-th face (in the detector's order) found in <paramref name="image"/>.</summary>
    public static string IdentityKeyOf(ReadOnlySpan<byte> image, int face = 0) => $"{ImageHash(image)}-{face}";

    private static string ImageHash(ReadOnlySpan<byte> image) => Convert.ToHexStringLower(SHA256.HashData(image))[..16];

    public IReadOnlyList<EngineFace> DetectFaces(ReadOnlyMemory<byte> image)
    {
        var hash = ImageHash(image.Span);
        return _detected.TryGetValue(hash, out var known) ? known : _detected.GetOrAdd(hash, Detect(image, hash));
    }

    private List<EngineFace> Detect(ReadOnlyMemory<byte> image, string hash)
    {
        FaceImage decoded;
        try { decoded = engine.Decode(image.ToArray()); }
        catch (FaceImageException ex) { throw new InvalidDataException(ex.Message, ex); }
        using (decoded)
        {
            return [.. engine.Detect(decoded).Select((face, index) =>
            {
                var key = $"{hash}-{index}";
                if (face.Quality.IsGood) _embeddings[key] = engine.Embed(face);
                var box = face.Box;
                return new EngineFace(
                    new FaceBox(box.Width / decoded.Width, box.Height / decoded.Height, box.Left / decoded.Width, box.Top / decoded.Height),
                    Math.Round(90 + 10 * (face.Score - MinScore) / (1 - MinScore), 3),
                    new FaceQuality(75, face.Quality.Problem == FaceQualityProblem.Blurred ? 10 : 80),
                    key,
                    new FacePose(0, face.Quality.Yaw * 90, 0));
            })];
        }
    }

    public double Similarity(string identityKeyA, string identityKeyB) =>
        _embeddings.TryGetValue(identityKeyA, out var a) && _embeddings.TryGetValue(identityKeyB, out var b)
            ? Math.Round(FaceDistance.ToSimilarity(FaceDistance.Euclidean(a, b)), 3)
            : 0;

    public void Dispose()
    {
        if (ownsEngine) engine.Dispose();
    }
}
