using EyeOfHorus.Contract;
using EyeOfHorus.Recognition.Records;

namespace EyeOfHorus.Recognition.Alerts;

/// <summary>Turns a decoded match record into the sightings worth an alert.</summary>
public sealed class AlertPolicy(AlertSettings settings, CameraDirectory cameras)
{
    // The same few people match again and again: remember who each id is (bounded: ids come from data).
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, AlertSubject> _subjectById = new(StringComparer.Ordinal);
    private const int MaxRememberedIds = 4096;

    public AlertSettings Settings { get; } = settings;
    private readonly bool _alertKnown = settings.Events.Contains(AlertEvents.PersonRecognised);
    private readonly bool _alertUnknown = settings.Events.Contains(AlertEvents.UnknownFace);

    /// <summary>
    /// Each detected face is a known person when its best match reaches the threshold, else an
    /// unknown face when its detection is confident and large enough. One sighting per subject per
    /// record (the strongest), only for enabled events. The time is the frame's
    /// (ServerTimestamp + FrameOffsetInSeconds, else ProducerTimestamp), else <paramref name="fallbackTime"/>.
    /// </summary>
    public IReadOnlyList<Sighting> Decide(MatchRecord record, DateTimeOffset fallbackTime)
    {
        ArgumentNullException.ThrowIfNull(record);
        // Index loops: a foreach over the interface would allocate an enumerator per list.
        var results = record.FaceSearchResponse;
        List<Sighting>? sightings = null;
        string? camera = null;
        for (var i = 0; i < results.Count; i++)
        {
            var sighting = Judge(results[i]);
            if (sighting is null || !(sighting.Value.Subject.Person is null ? _alertUnknown : _alertKnown)) continue;
            camera ??= cameras.CameraOf(record);
            var candidate = new Sighting(camera, sighting.Value.Subject, FrameTime(record.InputInformation.KinesisVideo, fallbackTime),
                sighting.Value.Confidence, sighting.Value.Similarity, sighting.Value.FaceId, record.EdgeInformation?.SnapshotKey);
            sightings ??= new List<Sighting>(results.Count);
            var same = IndexOfSubject(sightings, candidate.Subject);
            if (same < 0) sightings.Add(candidate);
            else if (Strength(candidate) > Strength(sightings[same])) sightings[same] = candidate;
        }
        return sightings ?? (IReadOnlyList<Sighting>)[];
    }

    private (AlertSubject Subject, double Confidence, double? Similarity, string? FaceId)? Judge(FaceSearchResult result)
    {
        MatchedFace? best = null;
        var matches = result.MatchedFaces;
        for (var i = 0; i < matches.Count; i++)
            if (best is null || matches[i].Similarity > best.Similarity) best = matches[i];
        var detected = result.DetectedFace;
        if (best is not null && best.Similarity >= Settings.FaceMatchThreshold)
            return (RememberedSubjectOf(best.Face), detected.Confidence, best.Similarity, best.Face.FaceId);
        var area = detected.BoundingBox.Width * detected.BoundingBox.Height;
        if (detected.Confidence >= Settings.UnknownMinConfidence && area >= Settings.UnknownMinFaceSize)
            return (AlertSubject.Unknown, detected.Confidence, null, null);
        return null;
    }

    private AlertSubject RememberedSubjectOf(CollectionFace face)
    {
        if (face.ExternalImageId is not { } id) return AlertSubject.Known(PersonOf(face));
        if (_subjectById.TryGetValue(id, out var subject)) return subject;
        subject = AlertSubject.Known(PersonOf(face));
        if (_subjectById.Count < MaxRememberedIds) _subjectById.TryAdd(id, subject);
        return subject;
    }

    /// <summary>Our ExternalImageId decodes to the person; any other id is shown raw; no id at all shows the face id.</summary>
    public static string PersonOf(CollectionFace face)
    {
        ArgumentNullException.ThrowIfNull(face);
        if (FaceNaming.Decode(face.ExternalImageId) is { } identity) return identity.Person;
        if (!string.IsNullOrEmpty(face.ExternalImageId)) return face.ExternalImageId;
        return string.IsNullOrEmpty(face.FaceId) ? "unnamed face" : "face " + face.FaceId;
    }

    private static int IndexOfSubject(List<Sighting> sightings, AlertSubject subject)
    {
        for (var i = 0; i < sightings.Count; i++)
            if (sightings[i].Subject == subject) return i;
        return -1;
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
