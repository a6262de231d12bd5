using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace EyeOfHorus.Edge.Tests.Publish;

/// <summary>Reads recordings back with GStreamer's own tools.</summary>
internal static partial class GstMedia
{
    internal sealed record VideoInfo(string Codec, int Width, int Height, string FrameRate);

    public static async Task<(int ExitCode, string Output)> RunAsync(string executable, params string[] arguments)
    {
        var psi = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await p.WaitForExitAsync(timeout.Token);
        return (p.ExitCode, await stdout + await stderr);
    }

    /// <summary>gst-discoverer-1.0's view of the first video stream.</summary>
    public static async Task<VideoInfo> DiscoverAsync(string path)
    {
        var (code, output) = await RunAsync("gst-discoverer-1.0", path);
        Assert.True(code == 0, $"gst-discoverer-1.0 failed: {output}");
        var codec = Match(VideoLine(), output, "codec");
        return new VideoInfo(
            codec,
            int.Parse(Match(WidthLine(), output, "v"), CultureInfo.InvariantCulture),
            int.Parse(Match(HeightLine(), output, "v"), CultureInfo.InvariantCulture),
            Match(RateLine(), output, "v"));
    }

    /// <summary>Presentation times (seconds) of the keyframes (buffers without the delta-unit flag).</summary>
    public static async Task<IReadOnlyList<double>> KeyframeTimesAsync(string path)
    {
        var demux = path.EndsWith(".mp4", StringComparison.Ordinal) ? "qtdemux" : "matroskademux";
        var (code, output) = await RunAsync("gst-launch-1.0", "-v", "filesrc", $"location={path}", "!", demux, "!", "h264parse", "!",
            "identity", "silent=false", "!", "fakesink");
        Assert.True(code == 0, $"reading {path} failed: {output}");
        var times = new List<double>();
        foreach (Match m in ChainLine().Matches(output))
        {
            if (m.Groups["flags"].Value.Contains("delta-unit", StringComparison.Ordinal)) continue;
            times.Add(TimeSpan.Parse(m.Groups["pts"].Value, CultureInfo.InvariantCulture).TotalSeconds);
        }
        return times;
    }

    private static string Match(Regex regex, string text, string group)
    {
        var m = regex.Match(text);
        Assert.True(m.Success, $"'{regex}' not found in:\n{text}");
        return m.Groups[group].Value.Trim();
    }

    [GeneratedRegex(@"video #\d+: (?<codec>.+)")]
    private static partial Regex VideoLine();

    [GeneratedRegex(@"^\s*Width: (?<v>\d+)", RegexOptions.Multiline)]
    private static partial Regex WidthLine();

    [GeneratedRegex(@"^\s*Height: (?<v>\d+)", RegexOptions.Multiline)]
    private static partial Regex HeightLine();

    [GeneratedRegex(@"^\s*Frame rate: (?<v>\S+)", RegexOptions.Multiline)]
    private static partial Regex RateLine();

    [GeneratedRegex(@"chain\s+\*+ \(identity0:sink\) \(\d+ bytes, dts: [^,]+, pts: (?<pts>[0-9:.]+),[^)]*flags: [0-9a-f]+ (?<flags>[^,]*),")]
    private static partial Regex ChainLine();
}
