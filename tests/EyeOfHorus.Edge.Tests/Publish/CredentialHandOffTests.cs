using System.Text;
using EyeOfHorus.Aws;
using EyeOfHorus.Edge.Pipeline;

namespace EyeOfHorus.Edge.Tests.Publish;

/// <summary>The camera host is Linux here: file modes and /proc are read directly.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class CredentialHandOffTests
{
    private const string Secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEYhorus";
    private const string Token = "IQoJb3JpZ2luX2VjEXAMPLETOKENhorus";

    private static AwsCredentials Temporary(DateTimeOffset expiry) => new("ASIAEXAMPLEHORUS", Secret, Token, expiry);

    [Fact]
    public void The_credential_file_has_the_producer_sdk_layout()
    {
        var expiry = new DateTimeOffset(2026, 11, 25, 11, 30, 5, TimeSpan.Zero);

        Assert.Equal($"CREDENTIALS ASIAEXAMPLEHORUS 2026-11-25T11:30:05Z {Secret} {Token}\n", KvsCredentialFile.Format(Temporary(expiry)));
        Assert.Equal($"CREDENTIALS AKIAEXAMPLEHORUS {Secret}\n", KvsCredentialFile.Format(new AwsCredentials("AKIAEXAMPLEHORUS", Secret)));
    }

    [Fact]
    public async Task File_mode_writes_a_file_only_the_owner_can_read_and_nothing_secret_in_the_environment()
    {
        using var folder = new TempFolder();
        var expiry = DateTimeOffset.UtcNow.AddHours(1);
        using var handOff = new CredentialHandOff(new StaticCredentialSource(Temporary(expiry)), CredentialHandOffMode.File, Path.Combine(folder.Path, "run"));

        var (environment, restartBefore) = await handOff.PrepareAsync(CancellationToken.None);

        Assert.Empty(environment);
        Assert.Null(restartBefore);
        Assert.Contains(Secret, await File.ReadAllTextAsync(handOff.CredentialFilePath!), StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(handOff.CredentialFilePath!));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.Combine(folder.Path, "run")));
        handOff.Dispose();
        Assert.False(File.Exists(handOff.CredentialFilePath), "the credential file is removed at the end");
    }

    [Fact]
    public async Task File_mode_rewrites_the_file_with_renewed_credentials_before_expiry()
    {
        using var folder = new TempFolder();
        // Expires in 5 min + 300 ms: renewal is due in 300 ms.
        var first = Temporary(DateTimeOffset.UtcNow + CredentialHandOff.RenewBeforeExpiry + TimeSpan.FromMilliseconds(300));
        var renewed = new AwsCredentials("ASIARENEWEDHORUS", "renewed-secret", "renewed-token", DateTimeOffset.UtcNow.AddHours(1));
        var source = new SequenceCredentialSource(first, renewed);
        using var handOff = new CredentialHandOff(source, CredentialHandOffMode.File, Path.Combine(folder.Path, "run"));
        await handOff.PrepareAsync(CancellationToken.None);
        var reports = new List<string>();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        var keeping = handOff.KeepFreshAsync(reports.Add, stop.Token);
        while (!(await File.ReadAllTextAsync(handOff.CredentialFilePath!)).Contains("ASIARENEWEDHORUS", StringComparison.Ordinal))
        {
            Assert.False(stop.IsCancellationRequested, "the file was not renewed");
            await Task.Delay(50);
        }
        await stop.CancelAsync();
        await keeping;

        Assert.Contains(reports, r => r.StartsWith("credentials renewed", StringComparison.Ordinal));
        Assert.DoesNotContain("renewed-secret", string.Join('\n', reports), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Environment_mode_sets_the_variables_and_restarts_before_expiry()
    {
        var expiry = DateTimeOffset.UtcNow.AddHours(1);
        using var handOff = new CredentialHandOff(new StaticCredentialSource(Temporary(expiry)), CredentialHandOffMode.Environment);

        var (environment, restartBefore) = await handOff.PrepareAsync(CancellationToken.None);

        Assert.Null(handOff.CredentialFilePath);
        Assert.Equal(Secret, environment["AWS_SECRET_ACCESS_KEY"]);
        Assert.Equal(Token, environment["AWS_SESSION_TOKEN"]);
        Assert.Equal(expiry - CredentialHandOff.RenewBeforeExpiry, restartBefore);
    }

    [Fact]
    public async Task The_running_child_has_no_secret_in_its_argv_and_gets_it_through_its_environment()
    {
        using var folder = new TempFolder();
        var spec = new PipelineSpec(new VideoSource.TestPattern(), EncodingPresets.LowLatency, new PipelineSink.LocalFile(folder.File("a.mkv")));
        using var handOff = new CredentialHandOff(new StaticCredentialSource(Temporary(DateTimeOffset.UtcNow.AddHours(1))), CredentialHandOffMode.Environment);
        var session = new PublishSession(spec, new SupervisorOptions(), handOff);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var seen = new TaskCompletionSource<(string CommandLine, string Environment)>();
        session.Supervisor.ProcessStarted += (_, pid) =>
        {
            // Read while the child runs (it records until stopped).
            var cmdline = Encoding.UTF8.GetString(File.ReadAllBytes($"/proc/{pid}/cmdline")).Replace('\0', ' ');
            var environ = Encoding.UTF8.GetString(File.ReadAllBytes($"/proc/{pid}/environ"));
            seen.TrySetResult((cmdline, environ));
        };

        var run = session.RunAsync(stop.Token);
        var (commandLine, environment) = await seen.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await stop.CancelAsync();
        await run;

        Assert.Contains("gst-launch-1.0 -e videotestsrc", commandLine, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, commandLine, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, commandLine, StringComparison.Ordinal);
        Assert.Contains($"AWS_SECRET_ACCESS_KEY={Secret}\0", environment, StringComparison.Ordinal);
    }

    [Fact]
    public async Task File_mode_puts_only_the_file_path_on_the_kvssink_command_line()
    {
        using var folder = new TempFolder();
        using var handOff = new CredentialHandOff(new StaticCredentialSource(Temporary(DateTimeOffset.UtcNow.AddHours(1))), CredentialHandOffMode.File, Path.Combine(folder.Path, "run"));
        var spec = new PipelineSpec(new VideoSource.TestPattern(), EncodingPresets.Quality,
            new PipelineSink.Kvs("eye-of-horus-front-door", "eu-west-1", handOff.CredentialFilePath));
        var session = new PublishSession(spec, new SupervisorOptions(), handOff);

        var launch = await session.PrepareLaunchAsync(CancellationToken.None);

        Assert.Contains($"credential-file-path={handOff.CredentialFilePath}", launch.Arguments);
        Assert.DoesNotContain(launch.Arguments, a => a.Contains(Secret, StringComparison.Ordinal) || a.Contains(Token, StringComparison.Ordinal));
        // The child inherits no AWS secret variables from this process in file mode: kvssink would prefer them to the file.
        Assert.All(PipelineLaunch.SecretVariables, name => Assert.Null(launch.Environment[name]));
    }

    [Fact]
    public async Task Environment_credentials_are_renewed_by_a_clean_restart_that_is_not_counted_as_a_failure()
    {
        using var folder = new TempFolder();
        var spec = new PipelineSpec(new VideoSource.TestPattern(), EncodingPresets.LowLatency, new PipelineSink.LocalFile(folder.File("a.mkv")));
        // Valid 5 min + 1 s: the first run must end after ~1 s for renewal; the second run has an hour.
        var source = new SequenceCredentialSource(
            Temporary(DateTimeOffset.UtcNow + CredentialHandOff.RenewBeforeExpiry + TimeSpan.FromSeconds(1)),
            Temporary(DateTimeOffset.UtcNow.AddHours(1)));
        using var handOff = new CredentialHandOff(source, CredentialHandOffMode.Environment);
        var session = new PublishSession(spec, new SupervisorOptions(), handOff);
        var starts = 0;
        var secondStart = new TaskCompletionSource();
        session.Supervisor.ProcessStarted += (_, _) => { if (Interlocked.Increment(ref starts) == 2) secondStart.TrySetResult(); };
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        var run = session.RunAsync(stop.Token);
        await secondStart.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await stop.CancelAsync();
        var outcome = await run;

        Assert.Equal(SupervisorOutcomeKind.Stopped, outcome.Kind);
        Assert.Equal(0, outcome.Restarts);
        Assert.Null(outcome.LastError);
    }

    /// <summary>Returns each credential in turn, then the last one again: a source that renews.</summary>
    private sealed class SequenceCredentialSource(params AwsCredentials[] credentials) : ICredentialSource
    {
        private int _next;

        public ValueTask<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken = default)
        {
            var index = Math.Min(Interlocked.Increment(ref _next) - 1, credentials.Length - 1);
            return ValueTask.FromResult(credentials[index]);
        }
    }
}
