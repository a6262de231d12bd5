using EyeOfHorus.Contract;
using EyeOfHorus.Recognition.Records;

namespace EyeOfHorus.Recognition.Alerts;

/// <summary>
/// Maps Kinesis video streams to camera names, from the <c>CameraStreams</c> deployment output
/// (a <see cref="CameraMap"/>: <c>front-door=eye-of-horus-front-door,garage=eye-of-horus-garage</c>).
/// </summary>
public sealed class CameraDirectory
{
    private readonly Dictionary<string, string> _cameraByStream;
    // Records of one stream repeat the same ARN: remember its camera (bounded: ARNs come from data).
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _cameraByArn = new(StringComparer.Ordinal);
    private const int MaxRememberedArns = 1024;
    private const int MaxRecent = 8;
    private sealed record StreamCamera(string Arn, string Camera);
    private volatile StreamCamera[] _recent = [];

    public CameraDirectory(IReadOnlyDictionary<string, string> cameraByStream) =>
        _cameraByStream = new Dictionary<string, string>(cameraByStream, StringComparer.Ordinal);

    /// <summary>Reads a <see cref="CameraMap"/> of camera=video stream.</summary>
    /// <exception cref="FormatException">An entry is not <c>camera=stream</c>, or a camera or stream is listed twice.</exception>
    public static CameraDirectory Parse(string? cameraStreams) =>
        new(CameraMap.Parse(cameraStreams).ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal));

    /// <summary>
    /// The camera a record came from: the edge producer's camera; else the camera whose stream is
    /// named in the stream ARN; else the stream's own name (an unlisted stream still alerts).
    /// </summary>
    public string CameraOf(MatchRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.EdgeInformation is { Camera: { Length: > 0 } camera }) return camera;
        var arn = record.InputInformation.KinesisVideo.StreamArn ?? "";
        // The decoder hands out one string instance per ARN: recent ones are found by reference.
        var recent = _recent;
        foreach (var entry in recent)
            if (ReferenceEquals(entry.Arn, arn)) return entry.Camera;
        if (_cameraByArn.TryGetValue(arn, out var remembered))
        {
            _recent = [new StreamCamera(arn, remembered), .. recent.Take(MaxRecent - 1)];
            return remembered;
        }
        var stream = StreamName(arn);
        var resolved = _cameraByStream.TryGetValue(stream, out var known) ? known : stream;
        if (_cameraByArn.Count < MaxRememberedArns) _cameraByArn.TryAdd(arn, resolved);
        return resolved;
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
