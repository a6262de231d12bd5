using EyeOfHorus.Edge.Devices;

namespace EyeOfHorus.Edge.Pipeline;

/// <summary>
/// Resolves <c>--source auto</c>: macOS → avfvideosrc (default camera), Windows → mfvideosrc
/// (default camera), Linux → the first Video4Linux2 camera gst-device-monitor finds, else
/// /dev/video0 when it exists.
/// </summary>
public static class SourceDetection
{
    public enum Platform { Linux, MacOS, Windows, Other }

    public static Platform Current =>
        OperatingSystem.IsLinux() ? Platform.Linux
        : OperatingSystem.IsMacOS() ? Platform.MacOS
        : OperatingSystem.IsWindows() ? Platform.Windows
        : Platform.Other;

    /// <summary>The concrete source, or null with the reason when none can be chosen.</summary>
    public static async Task<(VideoSource? Source, string? Error)> ResolveAsync(
        VideoSource requested,
        Platform platform,
        Func<CancellationToken, Task<IReadOnlyList<VideoDevice>>> listCameras,
        Func<string, bool> deviceExists,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(listCameras);
        ArgumentNullException.ThrowIfNull(deviceExists);
        if (requested is not VideoSource.Auto) return (requested, null);
        switch (platform)
        {
            case Platform.MacOS:
                return (new VideoSource.AvfDevice(null), null);
            case Platform.Windows:
                return (new VideoSource.MfDevice(null), null);
            case Platform.Linux:
                IReadOnlyList<VideoDevice> cameras;
                try
                {
                    cameras = await listCameras(cancellationToken).ConfigureAwait(false);
                }
                catch (FileNotFoundException)
                {
                    cameras = []; // no device monitor installed: fall back to the conventional device
                }
                var first = cameras.Select(c => c.SourceArgument).FirstOrDefault(s => s is not null && s.StartsWith("/dev/video", StringComparison.Ordinal));
                if (first is not null) return (new VideoSource.V4l2Device(first), null);
                if (deviceExists("/dev/video0")) return (new VideoSource.V4l2Device("/dev/video0"), null);
                return (null, "no camera found (gst-device-monitor-1.0 lists none and /dev/video0 does not exist): plug one in, or choose --source test, file:PATH or rtsp://...");
            default:
                return (null, "cannot pick a camera on this platform: choose --source test, file:PATH or rtsp://...");
        }
    }
}
