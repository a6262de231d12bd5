namespace EyeOfHorus.Edge.Pipeline;

/// <summary>Where the pictures come from. <see cref="Parse"/> reads the <c>--source</c> flag.</summary>
public abstract record VideoSource
{
    /// <summary>Pick the camera of this platform (see <see cref="SourceDetection"/>).</summary>
    public sealed record Auto : VideoSource;

    /// <summary>videotestsrc, live; <paramref name="FrameCount"/> ends the stream (tests, benchmarks).</summary>
    public sealed record TestPattern(string Pattern = "smpte", int? FrameCount = null) : VideoSource;

    /// <summary>A video file, decoded and replayed at its own pace.</summary>
    public sealed record VideoFile(string Path) : VideoSource;

    /// <summary>An IP camera. Credentials must not be in the URL: they would be in the child's argv.</summary>
    public sealed record Rtsp(Uri Url) : VideoSource;

    /// <summary>Linux camera (Video4Linux2), e.g. /dev/video0.</summary>
    public sealed record V4l2Device(string Device) : VideoSource;

    /// <summary>macOS camera (AVFoundation); null index = the default camera.</summary>
    public sealed record AvfDevice(int? DeviceIndex) : VideoSource;

    /// <summary>Windows camera (Media Foundation); null path = the default camera.</summary>
    public sealed record MfDevice(string? DevicePath) : VideoSource;

    public const string Syntax = "auto | test | file:PATH | rtsp://HOST/PATH | /dev/videoN | avf:INDEX | mf:DEVICE-PATH";

    /// <summary>Reads a <c>--source</c> value; the error says what is accepted.</summary>
    public static bool TryParse(string value, out VideoSource? source, out string? error)
    {
        source = null;
        error = null;
        var text = value.Trim();
        if (text.Length == 0 || text.Equals("auto", StringComparison.OrdinalIgnoreCase))
        {
            source = new Auto();
        }
        else if (text.Equals("test", StringComparison.OrdinalIgnoreCase))
        {
            source = new TestPattern();
        }
        else if (text.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            var path = text["file:".Length..];
            if (path.Length == 0) error = "file: needs a path, e.g. file:/srv/video/doorbell.mp4";
            else source = new VideoFile(path);
        }
        else if (text.StartsWith("rtsp://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("rtsps://", StringComparison.OrdinalIgnoreCase))
        {
            if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || url.Host.Length == 0)
                error = $"'{text}' is not a valid RTSP URL";
            else if (url.UserInfo.Contains(':', StringComparison.Ordinal))
                error = "the RTSP URL carries a password: it would be visible to every user of this host in the pipeline's command line. " +
                        "Give the camera a user without a password restricted to this host, or put the camera behind an RTSP proxy on localhost.";
            else source = new Rtsp(url);
        }
        else if (text.StartsWith("/dev/video", StringComparison.Ordinal) || text.StartsWith("v4l2:", StringComparison.OrdinalIgnoreCase))
        {
            var device = text.StartsWith("v4l2:", StringComparison.OrdinalIgnoreCase) ? text["v4l2:".Length..] : text;
            if (device.Length == 0) error = "v4l2: needs a device, e.g. /dev/video0";
            else source = new V4l2Device(device);
        }
        else if (text.StartsWith("avf:", StringComparison.OrdinalIgnoreCase))
        {
            var index = text["avf:".Length..];
            if (index.Length == 0) source = new AvfDevice(null);
            else if (int.TryParse(index, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var i)) source = new AvfDevice(i);
            else error = $"avf: takes a device index (see `horus devices`), not '{index}'";
        }
        else if (text.StartsWith("mf:", StringComparison.OrdinalIgnoreCase))
        {
            var path = text["mf:".Length..];
            source = new MfDevice(path.Length == 0 ? null : path);
        }
        else
        {
            error = $"unknown source '{text}'; expected {Syntax}";
        }
        return source is not null;
    }
}
