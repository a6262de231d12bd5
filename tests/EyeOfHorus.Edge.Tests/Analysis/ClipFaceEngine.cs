using EyeOfHorus.Edge.Analysis;
using EyeOfHorus.Testing.Rekognition;

namespace EyeOfHorus.Edge.Tests.Analysis;

/// <summary>
/// The only fake: the Rekognition stand-in's face engine for the test clip. It knows a few reference
/// pictures (each segment's whole frame, and each face's crop cut the way the analyzer cuts it) and
/// which faces they hold; an image is recognised as the reference whose thumbnail correlates best
/// with it (at least <see cref="MinCorrelation"/>), else it holds no face (as a test pattern does).
/// </summary>
public sealed class ClipFaceEngine : IFaceEngine
{
    public const double MinCorrelation = 0.75;
    private readonly List<(FaceThumbnail Thumbnail, IReadOnlyList<EngineFace> Faces)> _references = [];
    private readonly Lock _lock = new();

    /// <summary>Images the engine saw, with the identities it found (for assertions).</summary>
    public IReadOnlyList<string> Seen { get { lock (_lock) return [.. _seen]; } }
    private readonly List<string> _seen = [];

    public void Add(byte[] image, params EngineFace[] faces)
    {
        lock (_lock) _references.Add((FaceThumbnail.Of(image), faces));
    }

    /// <summary>
    /// Learns a frame of the clip: the whole frame (what gating-off sends) and each face's crop
    /// (what the analyzer sends), with the given identity per face, left to right.
    /// </summary>
    public void LearnFrame(byte[] frameJpeg, IReadOnlyList<FaceRect> faces, IReadOnlyList<string> identities, double cropMargin)
    {
        ArgumentNullException.ThrowIfNull(faces);
        ArgumentNullException.ThrowIfNull(identities);
        using var frame = FrameImage.Decode(frameJpeg);
        var ordered = faces.OrderBy(f => f.X).ToList();
        if (ordered.Count != identities.Count) throw new ArgumentException($"{ordered.Count} faces detected, {identities.Count} identities given.");
        Add(frameJpeg, [.. ordered.Select((f, i) => Face(identities[i], f, new FaceRect(0, 0, frame.Width, frame.Height)))]);
        for (var i = 0; i < ordered.Count; i++)
        {
            var (crop, region) = frame.CropJpeg(ordered[i], cropMargin);
            Add(crop, Face(identities[i], ordered[i], region));
        }
    }

    public IReadOnlyList<EngineFace> DetectFaces(ReadOnlyMemory<byte> image)
    {
        var thumbnail = FaceThumbnail.Of(image.Span);
        lock (_lock)
        {
            var best = _references.MaxBy(r => r.Thumbnail.Correlation(thumbnail));
            var faces = best.Faces is not null && best.Thumbnail.Correlation(thumbnail) >= MinCorrelation ? best.Faces : [];
            _seen.Add(faces.Count == 0 ? "(no face)" : string.Join('+', faces.Select(f => f.IdentityKey)));
            return faces;
        }
    }

    // A face's box relative to the picture it is in.
    private static EngineFace Face(string identity, FaceRect face, FaceRect picture) =>
        new(new FaceBox(
                Width: face.Width / (double)picture.Width,
                Height: face.Height / (double)picture.Height,
                Left: (face.X - picture.X) / (double)picture.Width,
                Top: (face.Y - picture.Y) / (double)picture.Height),
            Confidence: 99.9, new FaceQuality(80, 85), identity, new FacePose(0, 0, 0));
}
