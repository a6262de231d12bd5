using System.Diagnostics;

namespace EyeOfHorus.Edge.Tests.Analysis;

/// <summary>Runs gst-launch-1.0 (Debian's) with an argv pipeline and returns its stdout lines.</summary>
internal static class GstLaunch
{
    public static async Task<IReadOnlyList<string>> RunAsync(IEnumerable<string> arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo("gst-launch-1.0")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("gst-launch-1.0 did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try { await process.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"gst-launch-1.0 ran longer than {timeout}: {string.Join(' ', start.ArgumentList)}");
        }
        var output = await stdout;
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"gst-launch-1.0 failed ({process.ExitCode}): {await stderr}\n{output}");
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>Splits a gst-launch description written with spaces into argv tokens (no quoting needed in tests).</summary>
    public static string[] Tokens(string description) => description.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
