using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace EyeOfHorus.Testing.Rekognition;

/// <summary>Where a face is, as fractions of the image's width and height (Rekognition's BoundingBox).</summary>
public sealed record FaceBox(double Width, double Height, double Left, double Top)
{
    public double Area => Width * Height;
}

/// <summary>Rekognition's Quality: both 0..100.</summary>
public sealed record FaceQuality(double Brightness, double Sharpness);

/// <summary>Rekognition's Pose, in degrees.</summary>
public sealed record FacePose(double Roll, double Yaw, double Pitch);

/// <summary>
/// A face the engine found. <see cref="IdentityKey"/> stands for the face's feature vector: faces with
/// the same key are the same person (see <see cref="IFaceEngine.Similarity"/>).
/// </summary>
public sealed record EngineFace(FaceBox BoundingBox, double Confidence, FaceQuality Quality, string IdentityKey, FacePose? Pose = null)
{
    /// <summary>A sharp, bright, frontal face filling a good part of the picture.</summary>
    public static EngineFace Portrait(string identityKey, double left = 0.3, double top = 0.2) =>
        new(new FaceBox(0.35, 0.45, left, top), 99.99, new FaceQuality(75, 80), identityKey, new FacePose(0, 0, 0));

    /// <summary>A face too blurry and dark for QualityFilter AUTO (Rekognition reports LOW_SHARPNESS, LOW_BRIGHTNESS).</summary>
    public static EngineFace Blurry(string identityKey) =>
        new(new FaceBox(0.3, 0.4, 0.3, 0.2), 97.5, new FaceQuality(12, 4), identityKey, new FacePose(0, 0, 0));
}

/// <summary>
/// The only fake part of the Rekognition stand-in: what faces an image holds. The wire protocol,
/// collections, quality filtering, MaxFaces, pagination and errors are the stand-in's.
/// </summary>
public interface IFaceEngine
{
    /// <summary>Faces in a JPEG or PNG image (already checked by its magic bytes).</summary>
    /// <exception cref="InvalidDataException">The image cannot be decoded (answered as InvalidImageFormatException).</exception>
    IReadOnlyList<EngineFace> DetectFaces(ReadOnlyMemory<byte> image);

    /// <summary>Similarity 0..100 of two faces' identity keys, as SearchFacesByImage reports it.</summary>
    double Similarity(string identityKeyA, string identityKeyB) => identityKeyA == identityKeyB ? 99.95 : 0;
}

/// <summary>
/// The default engine: the test says which faces each image holds (matched by its bytes' SHA-256).
/// An image nobody registered holds no face, or, over an <paramref name="inner"/> engine (e.g.
/// <see cref="LocalEngineFaces"/>), what that engine finds: real recognition with scripted faults.
/// </summary>
public sealed class ScriptedFaceEngine(IFaceEngine? inner = null) : IFaceEngine
{
    private readonly ConcurrentDictionary<string, IReadOnlyList<EngineFace>> _faces = new();
    private readonly ConcurrentDictionary<string, bool> _undecodable = new();

    public ScriptedFaceEngine Register(ReadOnlySpan<byte> image, params EngineFace[] faces)
    {
        _faces[Key(image)] = faces;
        return this;
    }

    /// <summary>The image has valid magic bytes but cannot be decoded (e.g. cut short).</summary>
    public ScriptedFaceEngine RegisterUndecodable(ReadOnlySpan<byte> image)
    {
        _undecodable[Key(image)] = true;
        return this;
    }

    public IReadOnlyList<EngineFace> DetectFaces(ReadOnlyMemory<byte> image)
    {
        var key = Key(image.Span);
        if (_undecodable.ContainsKey(key)) throw new InvalidDataException("The image cannot be decoded.");
        return _faces.TryGetValue(key, out var faces) ? faces : inner?.DetectFaces(image) ?? [];
    }

    public double Similarity(string identityKeyA, string identityKeyB) =>
        inner?.Similarity(identityKeyA, identityKeyB) is > 0 and var similarity ? similarity : identityKeyA == identityKeyB ? 99.95 : 0;

    private static string Key(ReadOnlySpan<byte> image) => Convert.ToHexString(SHA256.HashData(image));
}
