using System.ComponentModel;
using System.Diagnostics;

namespace EyeOfHorus.Edge.Pipeline;

public sealed record SupervisorOptions
{
    /// <summary>Wait before the first restart; doubles after each failure up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>A run at least this long counts as healthy: the next failure waits <see cref="InitialBackoff"/> again.</summary>
    public TimeSpan StableRun { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>How long EOS may take after a stop request before the pipeline is killed.</summary>
    public TimeSpan StopTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Give up after this many restarts in a row without a stable run; null = never.</summary>
    public int? MaxRestarts { get; init; }
}

public enum PipelineState { Starting, Running, WaitingToRestart, Stopping, Ended }

/// <summary>What the status line shows.</summary>
public sealed record PipelineStatus(
    PipelineState State,
    DateTimeOffset Since,
    int Restarts,
    PipelineFailure? LastError,
    TimeSpan? RetryIn = null,
    int? ProcessId = null);

/// <summary>One line the pipeline process wrote (stdout carries gst-launch -m bus messages).</summary>
public sealed record PipelineOutputLine(int ProcessId, bool IsStandardError, string Text);

public enum SupervisorOutcomeKind
{
    /// <summary>The pipeline ended on its own with success (a finite source reached its end).</summary>
    Completed,

    /// <summary>Stop was requested; the pipeline drained (EOS) and exited within the bound.</summary>
    Stopped,

    /// <summary>Stop was requested; EOS did not finish in time and the process was killed.</summary>
    StopTimedOut,

    /// <summary>Restarting cannot help (invalid pipeline, missing element, no gst-launch).</summary>
    PermanentFailure,

    /// <summary><see cref="SupervisorOptions.MaxRestarts"/> restarts failed in a row.</summary>
    GaveUp,
}

public sealed record SupervisorOutcome(SupervisorOutcomeKind Kind, int Restarts, PipelineFailure? LastError);

/// <summary>
/// Runs the pipeline as a child process and keeps it running: restarts it with exponential
/// backoff when it dies (reset after a stable run), asks it to drain with SIGINT (gst-launch -e
/// turns that into EOS so files and fragments are finalised) when stopped, and kills it if EOS
/// takes longer than the bound. Events are raised on thread-pool threads.
/// </summary>
public sealed class PipelineSupervisor(SupervisorOptions options, TimeProvider? timeProvider = null)
{
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;
    private PipelineStatus _status = new(PipelineState.Starting, DateTimeOffset.MinValue, 0, null);

    /// <summary>Every stdout/stderr line of the child, as it arrives.</summary>
    public event EventHandler<PipelineOutputLine>? OutputLine;

    public event EventHandler<PipelineStatus>? StatusChanged;

    /// <summary>The child's process id, right after it started.</summary>
    public event EventHandler<int>? ProcessStarted;

    public PipelineStatus Status => Volatile.Read(ref _status);

    public SupervisorOptions Options => options;

    /// <summary>
    /// Runs until the pipeline completes, fails permanently, gives up, or <paramref name="stop"/>
    /// fires. <paramref name="prepare"/> is called before every start (fresh credentials).
    /// </summary>
    public async Task<SupervisorOutcome> RunAsync(Func<CancellationToken, ValueTask<PipelineLaunch>> prepare, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(prepare);
        int restarts = 0, failuresInARow = 0;
        var nextBackoff = options.InitialBackoff;
        PipelineFailure? lastError = null;

        while (true)
        {
            if (stop.IsCancellationRequested) return End(SupervisorOutcomeKind.Stopped, restarts, lastError);
            SetStatus(new PipelineStatus(PipelineState.Starting, _time.GetUtcNow(), restarts, lastError));

            PipelineLaunch launch;
            try
            {
                launch = await prepare(stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return End(SupervisorOutcomeKind.Stopped, restarts, lastError);
            }

            var run = await RunOnceAsync(launch, restarts, lastError, stop).ConfigureAwait(false);
            switch (run.Ending)
            {
                case RunEnding.Exited when run.ExitCode == 0:
                    return End(SupervisorOutcomeKind.Completed, restarts, lastError);
                case RunEnding.Stopped:
                    return End(SupervisorOutcomeKind.Stopped, restarts, run.Failure ?? lastError);
                case RunEnding.StopTimedOut:
                    return End(SupervisorOutcomeKind.StopTimedOut, restarts, run.Failure ?? lastError);
                case RunEnding.PlannedRestart:
                    continue;
            }

            lastError = run.Failure ?? new PipelineFailure(PipelineFailureKind.Unknown, $"pipeline exited with code {run.ExitCode}", null);
            if (lastError.IsPermanent) return End(SupervisorOutcomeKind.PermanentFailure, restarts, lastError);

            if (run.Duration >= options.StableRun)
            {
                nextBackoff = options.InitialBackoff;
                failuresInARow = 0;
            }
            failuresInARow++;
            if (options.MaxRestarts is { } max && failuresInARow > max) return End(SupervisorOutcomeKind.GaveUp, restarts, lastError);

            var delay = nextBackoff;
            nextBackoff = TimeSpan.FromTicks(Math.Min(options.MaxBackoff.Ticks, nextBackoff.Ticks * 2));
            SetStatus(new PipelineStatus(PipelineState.WaitingToRestart, _time.GetUtcNow(), restarts, lastError, delay));
            try
            {
                await Task.Delay(delay, _time, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return End(SupervisorOutcomeKind.Stopped, restarts, lastError);
            }
            restarts++;
        }
    }

    private enum RunEnding { Exited, Stopped, StopTimedOut, PlannedRestart }

    private sealed record RunResult(RunEnding Ending, int? ExitCode, PipelineFailure? Failure, TimeSpan Duration);

    private async Task<RunResult> RunOnceAsync(PipelineLaunch launch, int restarts, PipelineFailure? lastError, CancellationToken stop)
    {
        var startInfo = new ProcessStartInfo(launch.Executable)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
        };
        foreach (var argument in launch.Arguments) startInfo.ArgumentList.Add(argument);
        foreach (var (name, value) in launch.Environment)
        {
            if (value is null) startInfo.Environment.Remove(name);
            else startInfo.Environment[name] = value;
        }

        using var process = new Process { StartInfo = startInfo };
        PipelineFailure? failure = null;
        var failureLock = new Lock();
        void OnLine(string? text, bool isError)
        {
            if (text is null) return;
            var classified = PipelineFailure.FromLine(text);
            if (classified is not null)
            {
                lock (failureLock) failure ??= classified;
            }
            OutputLine?.Invoke(this, new PipelineOutputLine(SafeId(process), isError, text));
        }
        process.OutputDataReceived += (_, e) => OnLine(e.Data, false);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data, true);

        var started = _time.GetUtcNow();
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            var missing = new PipelineFailure(PipelineFailureKind.MissingElement,
                $"cannot run {launch.Executable}: {ex.Message}", GstInstallHints.GstToolsFix);
            return new RunResult(RunEnding.Exited, null, missing, TimeSpan.Zero);
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        ProcessStarted?.Invoke(this, process.Id);
        SetStatus(new PipelineStatus(PipelineState.Running, started, restarts, lastError, null, process.Id));

        using var plannedRestart = new CancellationTokenSource();
        if (launch.RestartBefore is { } deadline)
        {
            var wait = deadline - _time.GetUtcNow();
            plannedRestart.CancelAfter(wait > TimeSpan.Zero ? wait : TimeSpan.Zero);
        }
        using var interrupt = CancellationTokenSource.CreateLinkedTokenSource(stop, plannedRestart.Token);
        try
        {
            await process.WaitForExitAsync(interrupt.Token).ConfigureAwait(false);
            lock (failureLock) return new RunResult(RunEnding.Exited, process.ExitCode, failure, _time.GetUtcNow() - started);
        }
        catch (OperationCanceledException)
        {
        }

        // Stop or planned restart: drain with EOS, bounded.
        SetStatus(new PipelineStatus(PipelineState.Stopping, _time.GetUtcNow(), restarts, lastError, null, process.Id));
        var drained = await InterruptAndWaitAsync(process, options.StopTimeout).ConfigureAwait(false);
        var duration = _time.GetUtcNow() - started;
        PipelineFailure? seen;
        lock (failureLock) seen = failure;
        if (!drained) return new RunResult(RunEnding.StopTimedOut, null, seen, duration);
        return new RunResult(stop.IsCancellationRequested ? RunEnding.Stopped : RunEnding.PlannedRestart, process.ExitCode, seen, duration);
    }

    /// <summary>SIGINT (EOS under gst-launch -e), then wait up to <paramref name="bound"/>; kill if it is not done.</summary>
    private static async Task<bool> InterruptAndWaitAsync(Process process, TimeSpan bound)
    {
        if (process.HasExited) return true;
        ProcessSignals.Interrupt(process);
        using var timeout = new CancellationTokenSource(bound);
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            return false;
        }
    }

    private static int SafeId(Process process)
    {
        try
        {
            return process.Id;
        }
        catch (InvalidOperationException)
        {
            return 0;
        }
    }

    private SupervisorOutcome End(SupervisorOutcomeKind kind, int restarts, PipelineFailure? lastError)
    {
        SetStatus(new PipelineStatus(PipelineState.Ended, _time.GetUtcNow(), restarts, lastError));
        return new SupervisorOutcome(kind, restarts, lastError);
    }

    private void SetStatus(PipelineStatus status)
    {
        Volatile.Write(ref _status, status);
        StatusChanged?.Invoke(this, status);
    }
}
