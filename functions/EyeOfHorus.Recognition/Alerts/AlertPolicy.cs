using EyeOfHorus.Contract;
using EyeOfHorus.Recognition.Records;

namespace EyeOfHorus.Recognition.Alerts;

/// <summary>Turns a decoded match record into the sightings worth an alert.</summary>
public sealed class AlertPolicy(AlertSettings settings, CameraDirectory cameras)
{
    public AlertSettings Settings { get; } = settings;

    /// <summary>
    /// Each detected face is a known person when its best match reaches the threshold, else an
    /// unknown face when its detection is confident and large enough. One sighting per subject per
    /// record (the strongest), only for enabled events. The time is the frame's
    /// (ServerTimestamp + FrameOffsetInSeconds, else ProducerTimestamp), else <paramref name="fallbackTime"/>.
    /// </summary>
    public IReadOnlyList<Sighting> Decide(MatchRecord record, DateTimeOffset fallbackTime)
    {
        ArgumentNullException.ThrowIfNull(record);
        List<Sighting>? sightings = null;
        string? camera = null;
        foreach (var result in record.FaceSearchResponse)
        {
            var sighting = Judge(result);
            if (sighting is null || !Settings.Events.Contains(sighting.Value.Subject.Event)) continue;
            camera ??= cameras.CameraOf(record);
            var candidate = new Sighting(camera, sighting.Value.Subject, FrameTime(record.InputInformation.KinesisVideo, fallbackTime),
                sighting.Value.Confidence, sighting.Value.Similarity, sighting.Value.FaceId, record.EdgeInformation?.SnapshotKey);
            sightings ??= [];
            var same = sightings.FindIndex(s => s.Subject == candidate.Subject);
            if (same < 0) sightings.Add(candidate);
            else if (Strength(candidate) > Strength(sightings[same])) sightings[same] = candidate;
        }
        return sightings ?? (IReadOnlyList<Sighting>)[];
    }

    private (AlertSubject Subject, double Confidence, double? Similarity, string? FaceId)? Judge(FaceSearchResult result)
    {
        MatchedFace? best = null;
        foreach (var match in result.MatchedFaces)
            if (best is null || match.Similarity > best.Similarity) best = match;
        var detected = result.DetectedFace;
        if (best is not null && best.Similarity >= Settings.FaceMatchThreshold)
            return (AlertSubject.Known(PersonOf(best.Face)), detected.Confidence, best.Similarity, best.Face.FaceId);
        var area = detected.BoundingBox.Width * detected.BoundingBox.Height;
        if (detected.Confidence >= Settings.UnknownMinConfidence && area >= Settings.UnknownMinFaceSize)
            return (AlertSubject.Unknown, detected.Confidence, null, null);
        return null;
    }

    /// <summary>Our ExternalImageId decodes to the person; any other id is shown raw; no id at all shows the face id.</summary>
    public static string PersonOf(CollectionFace face)
    {
        ArgumentNullException.ThrowIfNull(face);
        if (FaceNaming.Decode(face.ExternalImageId) is { } identity) return identity.Person;
        if (!string.IsNullOrEmpty(face.ExternalImageId)) return face.ExternalImageId;
        return string.IsNullOrEmpty(face.FaceId) ? "unnamed face" : "face " + face.FaceId;
    }

    private static double Strength(Sighting s) => s.Similarity ?? s.Confidence;

    private const double MaxUnixSeconds = 253402300799; // 9999-12-31T23:59:59Z

    public static DateTimeOffset FrameTime(KinesisVideoFrame frame, DateTimeOffset fallbackTime)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var seconds = frame.ServerTimestamp > 0 ? frame.ServerTimestamp + frame.FrameOffsetInSeconds : frame.ProducerTimestamp;
        return seconds is > 0 and < MaxUnixSeconds && double.IsFinite(seconds)
            ? DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000))
            : fallbackTime;
    }
}
