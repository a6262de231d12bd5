using EyeOfHorus.Recognition.Records;

namespace EyeOfHorus.Recognition.Alerts;

/// <summary>
/// Maps Kinesis video streams to camera names, from the <c>CameraStreams</c> deployment output
/// (<c>front-door=eye-of-horus-front-door,garage=eye-of-horus-garage</c>).
/// </summary>
public sealed class CameraDirectory
{
    private readonly Dictionary<string, string> _cameraByStream;

    public CameraDirectory(IReadOnlyDictionary<string, string> cameraByStream) =>
        _cameraByStream = new Dictionary<string, string>(cameraByStream, StringComparer.Ordinal);

    /// <exception cref="FormatException">An entry is not <c>camera=stream</c>, or a stream is listed twice.</exception>
    public static CameraDirectory Parse(string? cameraStreams)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in (cameraStreams ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = entry.Split('=', StringSplitOptions.TrimEntries);
            if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
                throw new FormatException($"Camera streams entry '{entry}' is not camera=stream (e.g. front-door=eye-of-horus-front-door).");
            if (!map.TryAdd(parts[1], parts[0]))
                throw new FormatException($"Stream '{parts[1]}' is listed twice in the camera streams.");
        }
        return new CameraDirectory(map);
    }

    /// <summary>
    /// The camera a record came from: the edge producer's camera; else the camera whose stream is
    /// named in the stream ARN; else the stream's own name (an unlisted stream still alerts).
    /// </summary>
    public string CameraOf(MatchRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.EdgeInformation is { Camera: { Length: > 0 } camera }) return camera;
        var arn = record.InputInformation.KinesisVideo.StreamArn ?? "";
        var stream = StreamName(arn);
        return _cameraByStream.TryGetValue(stream, out var known) ? known : stream;
    }

    /// <summary><c>arn:aws:kinesisvideo:REGION:ACCT:stream/NAME/CREATION</c> → NAME; anything else is returned as is.</summary>
    public static string StreamName(string streamArn)
    {
        ArgumentNullException.ThrowIfNull(streamArn);
        var resource = streamArn.Split(':', 6) is { Length: 6 } parts ? parts[5] : streamArn;
        var segments = resource.Split('/');
        return segments.Length >= 2 && segments[0] == "stream" && segments[1].Length > 0 ? segments[1] : streamArn;
    }
}
