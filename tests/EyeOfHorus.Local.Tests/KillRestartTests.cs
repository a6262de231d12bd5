using System.Diagnostics;
using System.Text.Json;

namespace EyeOfHorus.Local.Tests;

/// <summary>
/// <c>horus run</c> as a process, stopped with Ctrl-C, or killed with SIGKILL right after it accepted an alert that its
/// webhook could not take yet, then started again on the same state: the accepted alert is
/// delivered (not lost), and the same person seen again within the cooldown is not alerted twice.
/// </summary>
public class KillRestartTests
{
    // obama stays in view long enough for the kill to land mid-run.
    private static readonly ClipPart[] Visit = [new(1), new(12, "obama2.jpg")];

    [Fact]
    public async Task Kill_9_mid_run_then_restart_loses_no_accepted_alert_and_repeats_none()
    {
        using var dir = new TempFolder();
        var clip = dir.File("clip.mkv");
        await Clip.BuildAsync(clip, Visit);
        var faces = Directory.CreateDirectory(Path.Combine(dir.Path, "faces", "obama")).FullName;
        File.Copy(RealEngine.Photo("obama.jpg"), Path.Combine(faces, "portrait.jpg"));
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Status = 503; // the receiver is down: the alert waits in the outbox
        string[] args = ["run", "--camera", $"front-door=file:{clip}", "--faces", Path.Combine(dir.Path, "faces"), "--state", Path.Combine(dir.Path, "state"), "--models", RealEngine.ModelDirectory, "--console", "127.0.0.1:0"];

        string alertLine;
        using (var first = CliProcess.Start(receiver.Url, args))
        {
            alertLine = await first.WaitForLineAsync(l => l.Contains("person_recognised  obama", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
            first.Kill9();
            Assert.False(first.Stdout.Any(l => l.StartsWith("horus run: stopped", StringComparison.Ordinal)), "killed, not stopped");
        }
        Assert.Empty(receiver.Received);

        receiver.Status = 200;
        using var second = CliProcess.Start(receiver.Url, args);
        await second.WaitForExitAsync(TimeSpan.FromSeconds(90));
        Assert.True(second.ExitCode == 0, second.Transcript);
        Assert.DoesNotContain(second.Stdout, l => l.Contains("person_recognised", StringComparison.Ordinal)); // within the cooldown: no second alert
        Assert.Contains(second.Stderr, l => l.Contains("alerts: 0 accepted, 1 within the cooldown", StringComparison.Ordinal) && l.Contains("webhook: 1 delivered, 0 pending", StringComparison.Ordinal));

        var delivered = Assert.Single(receiver.Received); // the alert accepted before the kill, once
        using var doc = JsonDocument.Parse(delivered);
        Assert.Equal(("person_recognised", "obama"), (doc.RootElement.GetProperty("event").GetString(), doc.RootElement.GetProperty("person").GetString()));
        var snapshot = new Uri(doc.RootElement.GetProperty("snapshotUrl").GetString()!).LocalPath;
        Assert.Contains(snapshot, alertLine, StringComparison.Ordinal); // the very alert the killed run printed
    }

    [Fact]
    public async Task Ctrl_c_keeps_the_undelivered_alert_for_the_next_run_and_closes_cleanly()
    {
        using var dir = new TempFolder();
        var clip = dir.File("clip.mkv");
        await Clip.BuildAsync(clip, Visit);
        var faces = Directory.CreateDirectory(Path.Combine(dir.Path, "faces", "obama")).FullName;
        File.Copy(RealEngine.Photo("obama.jpg"), Path.Combine(faces, "portrait.jpg"));
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Status = 503;
        string[] args = ["run", "--camera", $"front-door=file:{clip}", "--faces", Path.Combine(dir.Path, "faces"), "--state", Path.Combine(dir.Path, "state"), "--models", RealEngine.ModelDirectory, "--console", "127.0.0.1:0"];

        using (var first = CliProcess.Start(receiver.Url, args))
        {
            await first.WaitForLineAsync(l => l.Contains("person_recognised  obama", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
            first.Interrupt();
            await first.WaitForExitAsync(TimeSpan.FromSeconds(30));
            Assert.True(first.ExitCode == 0, first.Transcript);
            Assert.Contains(first.Stderr, l => l.Contains("1 alert(s) not yet delivered to webhook: kept for the next run", StringComparison.Ordinal));
            Assert.Contains(first.Stderr, l => l.Contains("webhook: 0 delivered, 1 pending", StringComparison.Ordinal));
        }
        Assert.Empty(receiver.Received);
        using (var store = new State.LocalStore(Path.Combine(dir.Path, "state", "state.db")))
            Assert.Equal(1, store.PendingCount("webhook")); // closed cleanly: it opens, passes its check, and holds the alert

        receiver.Status = 200;
        using var second = CliProcess.Start(receiver.Url, args);
        await second.WaitForExitAsync(TimeSpan.FromSeconds(90));
        Assert.True(second.ExitCode == 0, second.Transcript);
        Assert.Single(receiver.Received);
        Assert.DoesNotContain(second.Stdout, l => l.Contains("person_recognised", StringComparison.Ordinal));
    }

    /// <summary>The built horus CLI (horus.dll beside the tests) with the webhook URL in its environment, as a user runs it.</summary>
    private sealed class CliProcess : IDisposable
    {
        private readonly Process _process;
        private readonly List<string> _stdout = [], _stderr = [];

        private CliProcess(Process process) => _process = process;

        public IReadOnlyList<string> Stdout { get { lock (_stdout) return [.. _stdout]; } }
        public IReadOnlyList<string> Stderr { get { lock (_stderr) return [.. _stderr]; } }
        public int ExitCode => _process.ExitCode;
        public string Transcript => $"stdout:\n{string.Join('\n', Stdout)}\nstderr:\n{string.Join('\n', Stderr)}";

        public static CliProcess Start(Uri webhook, IEnumerable<string> args)
        {
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "horus.dll"));
            foreach (var a in args) start.ArgumentList.Add(a);
            start.Environment["HORUS_WEBHOOK_URL"] = webhook.ToString();
            var cli = new CliProcess(new Process { StartInfo = start });
            cli._process.OutputDataReceived += (_, e) => { if (e.Data is { } l) lock (cli._stdout) cli._stdout.Add(l); };
            cli._process.ErrorDataReceived += (_, e) => { if (e.Data is { } l) lock (cli._stderr) cli._stderr.Add(l); };
            cli._process.Start();
            cli._process.BeginOutputReadLine();
            cli._process.BeginErrorReadLine();
            return cli;
        }

        public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout)
        {
            var deadline = DateTime.UtcNow + timeout;
            while (DateTime.UtcNow < deadline)
            {
                if (Stdout.FirstOrDefault(match) is { } line) return line;
                if (_process.HasExited) throw new InvalidOperationException($"horus exited ({_process.ExitCode}) first.\n{Transcript}");
                await Task.Delay(20);
            }
            throw new TimeoutException($"no such line.\n{Transcript}");
        }

        /// <summary>Ctrl-C: SIGINT to horus alone.</summary>
        public void Interrupt()
        {
            using var kill = Process.Start("kill", ["-INT", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            kill.WaitForExit();
        }

        /// <summary>SIGKILL to horus and its gst-launch child: no handler runs, nothing is flushed or closed.</summary>
        public void Kill9()
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        public async Task WaitForExitAsync(TimeSpan timeout)
        {
            using var cts = new CancellationTokenSource(timeout);
            await _process.WaitForExitAsync(cts.Token);
            _process.WaitForExit(); // drains the redirected output
        }

        public void Dispose()
        {
            if (!_process.HasExited) Kill9();
            _process.Dispose();
        }
    }
}
