using System.CommandLine;
using EyeOfHorus.Edge.Devices;
using EyeOfHorus.Edge.Pipeline;

namespace EyeOfHorus.Edge.Commands;

/// <summary><c>horus devices</c>: the cameras gst-device-monitor finds, with their modes.</summary>
public static class DevicesCommand
{
    public static Command Create()
    {
        var command = new Command("devices",
            "List the cameras GStreamer finds (gst-device-monitor-1.0 Video/Source) with their sizes and frame rates, " +
            "and the --source value for `horus publish`. Exits 1 when none is found, 6 when gst-device-monitor-1.0 is not installed.");
        command.SetAction(async (parse, ct) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            IReadOnlyList<VideoDevice> cameras;
            try
            {
                cameras = await DeviceMonitor.ListCamerasAsync(new GstTools(), ct).ConfigureAwait(false);
            }
            catch (FileNotFoundException ex)
            {
                await error.WriteLineAsync($"horus devices: {ex.Message}").ConfigureAwait(false);
                return ExitCodes.Preflight;
            }
            if (cameras.Count == 0)
            {
                await error.WriteLineAsync("horus devices: no camera found. Check it is plugged in (Linux: `ls /dev/video*`; the service user needs the 'video' group); " +
                                           "`horus publish --source test` tries the pipeline without one.").ConfigureAwait(false);
                return ExitCodes.Failed;
            }
            await output.WriteAsync(Format(cameras)).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    public static string Format(IReadOnlyList<VideoDevice> cameras)
    {
        ArgumentNullException.ThrowIfNull(cameras);
        var text = new System.Text.StringBuilder();
        foreach (var camera in cameras)
        {
            var source = camera.SourceArgument is { } s ? $"--source {s}" : $"(element {camera.Element ?? "unknown"}: not supported by horus publish)";
            text.Append(camera.Name).Append("  ").AppendLine(source);
            foreach (var mode in camera.Modes) text.Append("    ").AppendLine(mode.ToString());
        }
        return text.ToString();
    }
}
