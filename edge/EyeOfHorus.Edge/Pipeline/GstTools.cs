using System.Diagnostics;

namespace EyeOfHorus.Edge.Pipeline;

/// <summary>
/// Finds and runs GStreamer's command-line tools. <see cref="Environment"/> overrides the
/// inherited environment of every tool started (PATH, GST_PLUGIN_PATH, ...), so a caller or a test
/// can point at another installation without changing this process.
/// </summary>
public sealed class GstTools(IReadOnlyDictionary<string, string?>? environment = null)
{
    public const string Launch = "gst-launch-1.0";
    public const string Inspect = "gst-inspect-1.0";
    public const string DeviceMonitor = "gst-device-monitor-1.0";

    public IReadOnlyDictionary<string, string?> Environment { get; } = environment ?? new Dictionary<string, string?>();

    /// <summary>Full path of a tool on PATH (PATH from <see cref="Environment"/> when set there), or null.</summary>
    public string? Find(string tool)
    {
        var path = Environment.TryGetValue("PATH", out var p) ? p : System.Environment.GetEnvironmentVariable("PATH");
        if (string.IsNullOrEmpty(path)) return null;
        string[] names = OperatingSystem.IsWindows() ? [tool + ".exe", tool] : [tool];
        foreach (var folder in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var name in names)
            {
                var candidate = Path.Combine(folder, name);
                if (File.Exists(candidate)) return candidate;
            }
        }
        return null;
    }

    /// <summary><c>gst-inspect-1.0 --exists ELEMENT</c>: whether the element is installed where GStreamer looks.</summary>
    public async Task<bool> ElementExistsAsync(string element, CancellationToken cancellationToken)
    {
        var inspect = Find(Inspect) ?? throw new FileNotFoundException($"{Inspect} not found on PATH");
        var (exitCode, _) = await RunAsync(inspect, ["--exists", element], TimeSpan.FromSeconds(60), cancellationToken).ConfigureAwait(false);
        return exitCode == 0;
    }

    /// <summary>Runs a tool to completion and returns its exit code and combined output.</summary>
    public async Task<(int ExitCode, string Output)> RunAsync(string executable, IEnumerable<string> arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(executable)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments) startInfo.ArgumentList.Add(argument);
        foreach (var (name, value) in Environment)
        {
            if (value is null) startInfo.Environment.Remove(name);
            else startInfo.Environment[name] = value;
        }
        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"cannot start {executable}");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(bounded.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        return (process.ExitCode, await stdout.ConfigureAwait(false) + await stderr.ConfigureAwait(false));
    }
}
