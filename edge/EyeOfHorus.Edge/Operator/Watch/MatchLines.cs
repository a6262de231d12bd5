using System.Globalization;
using EyeOfHorus.Contract;
using EyeOfHorus.Recognition;
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

/// <summary>Turns decoded match records into sightings, one per detected face, and formats them.</summary>
public static class MatchLines
{
    /// <param name="cameraStreams">camera → video stream name, from the deploy outputs.</param>
    public static IEnumerable<FaceSighting> Sightings(MatchRecord record, ShardRecord source, IReadOnlyDictionary<string, string> cameraStreams)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(source);
        var camera = CameraOf(record, cameraStreams);
        var video = record.InputInformation.KinesisVideo;
        var time = video.ProducerTimestamp > 0
            ? DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round((video.ProducerTimestamp + video.FrameOffsetInSeconds) * 1000))
            : video.ServerTimestamp > 0
                ? DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(video.ServerTimestamp * 1000))
                : source.Record.ApproximateArrivalTimestamp ?? DateTimeOffset.UnixEpoch;
        foreach (var result in record.FaceSearchResponse)
        {
            var best = result.MatchedFaces.OrderByDescending(m => m.Similarity).FirstOrDefault();
            var identity = FaceNaming.Decode(best?.Face.ExternalImageId);
            yield return new FaceSighting(
                time,
                camera,
                best is null ? null : identity?.Person ?? best.Face.ExternalImageId ?? best.Face.FaceId,
                identity?.Photo,
                best?.Similarity,
                best?.Face.FaceId,
                result.DetectedFace.Confidence,
                result.DetectedFace.BoundingBox,
                source.ShardId,
                source.Record.SequenceNumber);
        }
    }

    /// <summary>The edge producer names its camera; a stream processor's record names the video stream, mapped back through the outputs.</summary>
    public static string CameraOf(MatchRecord record, IReadOnlyDictionary<string, string> cameraStreams)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(cameraStreams);
        if (record.EdgeInformation is { Camera.Length: > 0 } edge) return edge.Camera;
        var stream = StreamNameOf(record.InputInformation.KinesisVideo.StreamArn);
        if (stream is null) return "?";
        foreach (var (camera, name) in cameraStreams)
            if (string.Equals(name, stream, StringComparison.Ordinal)) return camera;
        const string prefix = ResourceNames.CameraResourcePrefix;
        return stream.StartsWith(prefix, StringComparison.Ordinal) && stream.Length > prefix.Length ? stream[prefix.Length..] : stream;
    }

    /// <summary>arn:aws:kinesisvideo:REGION:ACCOUNT:stream/NAME/CREATION-MILLIS → NAME.</summary>
    public static string? StreamNameOf(string? streamArn)
    {
        if (string.IsNullOrEmpty(streamArn)) return null;
        var marker = streamArn.IndexOf(":stream/", StringComparison.Ordinal);
        if (marker < 0) return streamArn;
        var rest = streamArn[(marker + ":stream/".Length)..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? rest : rest[..slash];
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
