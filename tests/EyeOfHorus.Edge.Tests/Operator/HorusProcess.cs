using System.Diagnostics;
using System.Text;

namespace EyeOfHorus.Edge.Tests.Operator;

/// <summary>
/// The built <c>horus</c> CLI run as its user runs it: a separate process with its own environment
/// (AWS_ENDPOINT_URL_&lt;SERVICE&gt; pointing at the local servers, test keys, an empty HOME so no
/// real profile is read), stdout and stderr captured line by line.
/// </summary>
public sealed class HorusProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _stdout = [];
    private readonly List<string> _stderr = [];
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _openStreams = 2;

    private readonly string _commandLine;

    private HorusProcess(Process process, string commandLine) => (_process, _commandLine) = (process, commandLine);

    public IReadOnlyList<string> Stdout { get { lock (_stdout) return [.. _stdout]; } }

    public IReadOnlyList<string> Stderr { get { lock (_stderr) return [.. _stderr]; } }

    public int ExitCode => _process.ExitCode;

    /// <summary>A clean environment: none of the machine's AWS settings, test credentials unless <paramref name="withCredentials"/> is false.</summary>
    public static Dictionary<string, string?> Environment(bool withCredentials = true)
    {
        var home = Path.Combine(Path.GetTempPath(), "horus-home-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(home);
        var env = new Dictionary<string, string?>
        {
            ["HOME"] = home,
            ["AWS_CONFIG_FILE"] = Path.Combine(home, "config"),
            ["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(home, "credentials"),
            ["AWS_EC2_METADATA_DISABLED"] = "true",
            ["DOTNET_NOLOGO"] = "1",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        };
        if (withCredentials)
        {
            env["AWS_ACCESS_KEY_ID"] = KinesisTestKit.Credentials.AccessKeyId;
            env["AWS_SECRET_ACCESS_KEY"] = KinesisTestKit.Credentials.SecretAccessKey;
        }
        return env;
    }

    public static HorusProcess Start(IReadOnlyDictionary<string, string?> environment, string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "horus.dll"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("AWS_", StringComparison.Ordinal)).ToList()) start.Environment.Remove(key);
        foreach (var (key, value) in environment) start.Environment[key] = value;
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var horus = new HorusProcess(process, "horus " + string.Join(' ', args.Select(a => a.Contains(' ', StringComparison.Ordinal) ? $"\"{a}\"" : a)));
        process.OutputDataReceived += (_, e) => horus.OnLine(horus._stdout, e.Data);
        process.ErrorDataReceived += (_, e) => horus.OnLine(horus._stderr, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return horus;
    }

    private void OnLine(List<string> lines, string? line)
    {
        if (line is null)
        {
            if (Interlocked.Decrement(ref _openStreams) == 0) _exited.TrySetResult();
            return;
        }
        lock (lines) lines.Add(line);
    }

    /// <summary>Runs horus to the end.</summary>
    public static async Task<HorusProcess> RunAsync(IReadOnlyDictionary<string, string?> environment, string workingDirectory, params string[] args)
    {
        var horus = Start(environment, workingDirectory, args);
        await horus.WaitForExitAsync(TimeSpan.FromSeconds(90));
        return horus;
    }

    public async Task WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        await _exited.Task.WaitAsync(cts.Token);
        // HORUS_TEST_TRANSCRIPT=FILE keeps every session as its user saw it (for the docs and reviews).
        if (System.Environment.GetEnvironmentVariable("HORUS_TEST_TRANSCRIPT") is { Length: > 0 } transcript)
        {
            var text = $"$ {_commandLine}\n{string.Concat(Stdout.Select(l => l + "\n"))}{string.Concat(Stderr.Select(l => "[stderr] " + l + "\n"))}[exit {ExitCode}]\n\n";
            lock (TranscriptLock) File.AppendAllText(transcript, text);
        }
    }

    private static readonly object TranscriptLock = new();

    public async Task<string> WaitForLineAsync(bool stderr, Func<string, bool> match, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (DateTime.UtcNow < deadline)
        {
            var found = (stderr ? Stderr : Stdout).FirstOrDefault(match);
            if (found is not null) return found;
            if (_process.HasExited && _exited.Task.IsCompleted)
                throw new InvalidOperationException($"horus exited ({_process.ExitCode}) first.\nstdout:\n{string.Join('\n', Stdout)}\nstderr:\n{string.Join('\n', Stderr)}");
            await Task.Delay(20);
        }
        throw new TimeoutException($"No such line.\nstdout:\n{string.Join('\n', Stdout)}\nstderr:\n{string.Join('\n', Stderr)}");
    }

    /// <summary>Ctrl-C: SIGINT to the process.</summary>
    public void Interrupt()
    {
        using var kill = Process.Start("kill", ["-INT", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    public string Transcript => $"exit {(_process.HasExited ? _process.ExitCode : -1)}\nstdout:\n{string.Join('\n', Stdout)}\nstderr:\n{string.Join('\n', Stderr)}";

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}

/// <summary>A working folder with a horus.outputs.json as `npx cdk deploy --outputs-file` writes it.</summary>
public sealed class OutputsFolder : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "horus-cwd-" + Guid.NewGuid().ToString("N"));

    public OutputsFolder(IReadOnlyDictionary<string, string>? outputs)
    {
        Directory.CreateDirectory(Path);
        if (outputs is not null)
            File.WriteAllText(System.IO.Path.Combine(Path, "horus.outputs.json"),
                System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, IReadOnlyDictionary<string, string>> { ["EyeOfHorus"] = outputs }));
    }

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}
