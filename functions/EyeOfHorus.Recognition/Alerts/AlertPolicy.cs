using EyeOfHorus.Contract;
using EyeOfHorus.Recognition.Records;

namespace EyeOfHorus.Recognition.Alerts;

/// <summary>Turns a match record, read by <see cref="MatchReading"/>, into the sightings worth an alert.</summary>
public sealed class AlertPolicy(AlertSettings settings, CameraDirectory cameras)
{
    private readonly MatchReading _reading = new(cameras, settings.FaceMatchThreshold);

    public AlertSettings Settings { get; } = settings;

    /// <summary>
    /// Each face is a known person when its best match reaches the threshold, else an unknown face
    /// when its detection is confident and large enough. One sighting per subject per record (the
    /// strongest), only for enabled events, at the record's frame time (else <paramref name="fallbackTime"/>).
    /// </summary>
    public IReadOnlyList<Sighting> Decide(MatchRecord record, DateTimeOffset fallbackTime)
    {
        var reading = _reading.Read(record, fallbackTime);
        var sightings = new List<Sighting>(reading.Faces.Count);
        foreach (var face in reading.Faces)
        {
            if (Judge(face) is not { } subject || !Settings.Events.Contains(subject.Event)) continue;
            var candidate = new Sighting(reading.Camera, subject, reading.FrameTime, face.Face.Confidence, face.Similarity, face.FaceId, reading.SnapshotKey);
            var same = sightings.FindIndex(s => s.Subject == subject);
            if (same < 0) sightings.Add(candidate);
            else if (Strength(candidate) > Strength(sightings[same])) sightings[same] = candidate;
        }
        return sightings;
    }

    private AlertSubject? Judge(FaceReading face) =>
        face.Person is { } person ? AlertSubject.Known(person)
        : face.Face.Confidence >= Settings.UnknownMinConfidence && face.Size >= Settings.UnknownMinFaceSize ? AlertSubject.Unknown
        : null;

    private static double Strength(Sighting s) => s.Similarity ?? s.Confidence;
}
