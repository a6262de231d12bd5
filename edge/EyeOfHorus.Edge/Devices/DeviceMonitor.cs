using EyeOfHorus.Edge.Pipeline;

namespace EyeOfHorus.Edge.Devices;

/// <summary>Lists cameras with <c>gst-device-monitor-1.0 Video/Source</c>.</summary>
public static class DeviceMonitor
{
    public static async Task<IReadOnlyList<VideoDevice>> ListCamerasAsync(GstTools tools, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tools);
        var monitor = tools.Find(GstTools.DeviceMonitor)
            ?? throw new FileNotFoundException($"{GstTools.DeviceMonitor} is not installed (not found on PATH); {GstInstallHints.DeviceMonitorFix}");
        var (exitCode, output) = await tools.RunAsync(monitor, ["Video/Source"], TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
        if (exitCode != 0 && !output.Contains("Device found:", StringComparison.Ordinal))
        {
            // No device providers or no devices: the monitor may exit non-zero with nothing to say.
            return [];
        }
        // Classes are '/'-separated words in any order: v4l2 says Video/Source, Media Foundation Source/Video.
        return [.. DeviceMonitorParser.Parse(output).Where(d => d.DeviceClass.Split('/').Contains("Video") && d.DeviceClass.Split('/').Contains("Source"))];
    }
}
