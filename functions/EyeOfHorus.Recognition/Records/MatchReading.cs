using EyeOfHorus.Recognition.Alerts;

namespace EyeOfHorus.Recognition.Records;

/// <summary>One detected face of a match record, as the alert policy and `horus watch` both read it.</summary>
/// <param name="BestMatch">The collection face it matched best, when that match reaches the threshold; null: an unmatched face.</param>
/// <param name="Person">Who <see cref="BestMatch"/> is (<see cref="MatchReading.PersonLabel"/>); null for an unmatched face.</param>
/// <param name="Identity">The person and photo our ExternalImageId names; null for a foreign id or an unmatched face.</param>
public sealed record FaceReading(DetectedFace Face, MatchedFace? BestMatch, string? Person, FaceIdentity? Identity)
{
    public double? Similarity => BestMatch?.Similarity;

    public string? FaceId => BestMatch?.Face.FaceId;

    /// <summary>The detected bounding box's area as a fraction of the frame's.</summary>
    public double Size => Face.BoundingBox.Width * Face.BoundingBox.Height;
}

/// <summary>A match record, read: the camera, when its frame was taken, and each face in it.</summary>
public sealed record RecordReading(string Camera, DateTimeOffset FrameTime, IReadOnlyList<FaceReading> Faces, string? SnapshotKey);

/// <summary>
/// The one reading of a match record (stream processor's or edge's): the camera
/// (<see cref="CameraDirectory"/>), the frame time, each face's best match and the person it names.
/// A best match under the deployment's face-match threshold is no match, as for the stream
/// processor, which does not report it.
/// </summary>
public sealed class MatchReading(CameraDirectory cameras, double faceMatchThreshold)
{
    public double FaceMatchThreshold { get; } = faceMatchThreshold;

    /// <param name="arrival">When the record reached the stream: the frame time when the record carries none.</param>
    public RecordReading Read(MatchRecord record, DateTimeOffset arrival)
    {
        ArgumentNullException.ThrowIfNull(record);
        var faces = new List<FaceReading>(record.FaceSearchResponse.Count);
        foreach (var result in record.FaceSearchResponse) faces.Add(ReadFace(result));
        return new RecordReading(cameras.CameraOf(record), FrameTime(record.InputInformation.KinesisVideo, arrival), faces,
            record.EdgeInformation?.SnapshotKey);
    }

    public FaceReading ReadFace(FaceSearchResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var best = BestMatch(result);
        return best is null || best.Similarity < FaceMatchThreshold
            ? new FaceReading(result.DetectedFace, null, null, null)
            : new FaceReading(result.DetectedFace, best, PersonLabel(best.Face), FaceNaming.Decode(best.Face.ExternalImageId));
    }

    /// <summary>The match with the highest similarity (the first of equals); null when there is none.</summary>
    public static MatchedFace? BestMatch(FaceSearchResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        MatchedFace? best = null;
        foreach (var match in result.MatchedFaces)
            if (best is null || match.Similarity > best.Similarity) best = match;
        return best;
    }

    /// <summary>Our ExternalImageId decodes to the person; any other id is shown raw; no id at all shows the face id.</summary>
    public static string PersonLabel(CollectionFace face)
    {
        ArgumentNullException.ThrowIfNull(face);
        if (FaceNaming.Decode(face.ExternalImageId) is { } identity) return identity.Person;
        if (!string.IsNullOrEmpty(face.ExternalImageId)) return face.ExternalImageId;
        return string.IsNullOrEmpty(face.FaceId) ? "unnamed face" : "face " + face.FaceId;
    }

    private const double MaxUnixSeconds = 253402300799; // 9999-12-31T23:59:59Z

    /// <summary>
    /// When the frame was taken: its fragment's ProducerTimestamp (the camera host's clock, which the
    /// edge producer also writes) plus FrameOffsetInSeconds; else the ServerTimestamp plus the offset;
    /// else <paramref name="fallback"/> (absent or absurd timestamps).
    /// </summary>
    public static DateTimeOffset FrameTime(KinesisVideoFrame frame, DateTimeOffset fallback)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var fragment = frame.ProducerTimestamp > 0 ? frame.ProducerTimestamp : frame.ServerTimestamp;
        var seconds = fragment + frame.FrameOffsetInSeconds;
        return fragment > 0 && seconds is > 0 and < MaxUnixSeconds && double.IsFinite(seconds)
            ? DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000))
            : fallback;
    }
}
