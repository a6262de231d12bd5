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

    /// <param name="cameraByStream">video stream name -> camera.</param>
    public CameraDirectory(IReadOnlyDictionary<string, string> cameraByStream) =>
        _cameraByStream = new Dictionary<string, string>(cameraByStream, StringComparer.Ordinal);

    /// <summary>From camera -> video stream (the CameraStreams output as `horus` reads it).</summary>
    public static CameraDirectory FromCameraStreams(IReadOnlyDictionary<string, string> streamByCamera)
    {
        ArgumentNullException.ThrowIfNull(streamByCamera);
        return new(streamByCamera.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal));
    }

    /// <summary>Reads a <see cref="CameraMap"/> of camera=video stream.</summary>
    /// <exception cref="FormatException">An entry is not <c>camera=stream</c>, or a camera or stream is listed twice.</exception>
    public static CameraDirectory Parse(string? cameraStreams) => FromCameraStreams(CameraMap.Parse(cameraStreams));

    /// <summary>
    /// The camera a record came from: the edge producer's camera; else the camera whose stream is
    /// named in the stream ARN; else, for an unlisted stream, the camera its name is made for
    /// (<see cref="ResourceNames.VideoStream"/>) or the stream's own name, so that it still alerts.
    /// </summary>
    public string CameraOf(MatchRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.EdgeInformation is { Camera: { Length: > 0 } camera }) return camera;
        var stream = StreamName(record.InputInformation.KinesisVideo.StreamArn ?? "");
        if (_cameraByStream.TryGetValue(stream, out var known)) return known;
        const string prefix = ResourceNames.CameraResourcePrefix;
        return stream.Length > prefix.Length && stream.StartsWith(prefix, StringComparison.Ordinal) ? stream[prefix.Length..] : stream;
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
