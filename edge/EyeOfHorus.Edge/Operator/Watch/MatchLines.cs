using System.Globalization;
using EyeOfHorus.Recognition.Records;

namespace EyeOfHorus.Edge.Operator.Watch;

/// <summary>One face seen by a camera, as <c>horus watch</c> prints it.</summary>
/// <param name="Person">Null for an unknown face (no collection face matched).</param>
/// <param name="Similarity">The best match's similarity in percent; null for an unknown face.</param>
public sealed record FaceSighting(
    DateTimeOffset Time,
    string Camera,
    string? Person,
    string? Photo,
    double? Similarity,
    string? FaceId,
    double Confidence,
    BoundingBox BoundingBox,
    string ShardId,
    string? SequenceNumber);

/// <summary>Turns decoded match records into sightings, one per detected face (read by <see cref="MatchReading"/>, as the alerter reads them), and formats them.</summary>
public static class MatchLines
{
    public static IEnumerable<FaceSighting> Sightings(MatchRecord record, ShardRecord source, MatchReading reading)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(reading);
        var read = reading.Read(record, source.Record.ApproximateArrivalTimestamp ?? DateTimeOffset.UtcNow);
        foreach (var face in read.Faces)
        {
            yield return new FaceSighting(read.FrameTime, read.Camera, face.Person, face.Identity?.Photo, face.Similarity, face.FaceId,
                face.Face.Confidence, face.Face.BoundingBox, source.ShardId, source.Record.SequenceNumber);
        }
    }

    /// <summary><c>2026-11-25 09:12:03.455Z  front-door  alice  99.2%</c> or <c>... front-door  unknown</c>.</summary>
    public static string Text(FaceSighting sighting)
    {
        ArgumentNullException.ThrowIfNull(sighting);
        var time = sighting.Time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        return sighting.Person is null
            ? $"{time}  {sighting.Camera}  unknown"
            : string.Create(CultureInfo.InvariantCulture, $"{time}  {sighting.Camera}  {sighting.Person}  {sighting.Similarity:0.0}%");
    }

    public static string Json(FaceSighting sighting)
    {
        ArgumentNullException.ThrowIfNull(sighting);
        var line = new SightingLine(
            sighting.Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            sighting.Camera, sighting.Person, sighting.Photo, sighting.Similarity is { } s ? Math.Round(s, 3) : null, sighting.FaceId,
            Math.Round(sighting.Confidence, 3),
            new BoxLine(sighting.BoundingBox.Width, sighting.BoundingBox.Height, sighting.BoundingBox.Left, sighting.BoundingBox.Top),
            sighting.ShardId, sighting.SequenceNumber);
        return System.Text.Json.JsonSerializer.Serialize(line, OperatorJsonContext.Default.SightingLine);
    }
}
