using System.Collections.Concurrent;
using System.Diagnostics;
using EyeOfHorus.Edge.Pipeline;

namespace EyeOfHorus.Edge.Tests.Publish;

public sealed class PipelineSupervisorTests
{
    private static readonly SupervisorOptions FastBackoff = new()
    {
        InitialBackoff = TimeSpan.FromMilliseconds(50),
        MaxBackoff = TimeSpan.FromMilliseconds(400),
        StableRun = TimeSpan.FromSeconds(30),
        StopTimeout = TimeSpan.FromSeconds(5),
    };

    private static GstTokens FailingAtRuntime() =>
        new GstTokens().Element("filesrc", ("location", "/nonexistent/horus-test.mkv")).Link().Element("fakesink");

    [Fact]
    public async Task A_pipeline_that_fails_is_restarted_with_doubling_backoff_then_given_up()
    {
        var supervisor = new PipelineSupervisor(FastBackoff with { MaxRestarts = 4 });
        var waits = new ConcurrentQueue<TimeSpan>();
        var starts = 0;
        supervisor.StatusChanged += (_, s) => { if (s.RetryIn is { } d) waits.Enqueue(d); };
        supervisor.ProcessStarted += (_, _) => Interlocked.Increment(ref starts);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var outcome = await supervisor.RunAsync(_ => ValueTask.FromResult(PipelineLaunch.ForGstLaunch(FailingAtRuntime())), timeout.Token);

        Assert.Equal(SupervisorOutcomeKind.GaveUp, outcome.Kind);
        Assert.Equal(5, starts);
        Assert.Equal(4, outcome.Restarts);
        Assert.Equal([50, 100, 200, 400], waits.Select(w => (int)w.TotalMilliseconds));
        Assert.Equal(PipelineFailureKind.RuntimeError, outcome.LastError!.Kind);
        Assert.Contains("Resource not found", outcome.LastError.Message, StringComparison.Ordinal);
        Assert.Equal(PipelineState.Ended, supervisor.Status.State);
    }

    [Fact]
    public async Task Backoff_returns_to_the_initial_wait_after_a_stable_run()
    {
        // Run 3 lasts 2.5 s before failing (stable: StableRun is 1.5 s); every other run fails at once
        // (well under 1.5 s even on a loaded machine).
        var supervisor = new PipelineSupervisor(FastBackoff with { StableRun = TimeSpan.FromSeconds(1.5), MaxRestarts = 3 });
        var waits = new ConcurrentQueue<TimeSpan>();
        supervisor.StatusChanged += (_, s) => { if (s.RetryIn is { } d) waits.Enqueue(d); };
        var run = 0;
        ValueTask<PipelineLaunch> Prepare(CancellationToken _)
        {
            var tokens = Interlocked.Increment(ref run) == 3
                // 2.5 s of tiny live frames, then the write to /dev/full fails: a stable run that fails.
                ? new GstTokens().Element("videotestsrc", ("is-live", "true"), ("num-buffers", "50")).Link()
                    .Caps("video/x-raw,width=16,height=16,framerate=20/1").Link()
                    .Element("filesink", ("location", "/dev/full"))
                : FailingAtRuntime();
            return ValueTask.FromResult(PipelineLaunch.ForGstLaunch(tokens));
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var outcome = await supervisor.RunAsync(Prepare, timeout.Token);

        Assert.Equal(SupervisorOutcomeKind.GaveUp, outcome.Kind);
        // MaxRestarts counts failures in a row: the stable run restarted the count as well.
        Assert.Equal([50, 100, 50, 100, 200], waits.Select(w => (int)w.TotalMilliseconds));
    }

    [Fact]
    public async Task An_invalid_pipeline_is_not_restarted()
    {
        var supervisor = new PipelineSupervisor(FastBackoff);
        var tokens = new GstTokens().Element("videotestsrc").Link().Element("horusnosuchelement").Link().Element("fakesink");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        var outcome = await supervisor.RunAsync(_ => ValueTask.FromResult(PipelineLaunch.ForGstLaunch(tokens)), timeout.Token);

        Assert.Equal(SupervisorOutcomeKind.PermanentFailure, outcome.Kind);
        Assert.Equal(0, outcome.Restarts);
        Assert.Equal(PipelineFailureKind.MissingElement, outcome.LastError!.Kind);
        Assert.Contains("horusnosuchelement", outcome.LastError.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stop_sends_EOS_and_the_recording_is_finalised_within_the_bound()
    {
        using var folder = new TempFolder();
        var path = folder.File("stopped.mp4");
        var spec = new PipelineSpec(new VideoSource.TestPattern(), EncodingPresets.LowLatency, new PipelineSink.LocalFile(path));
        var supervisor = new PipelineSupervisor(FastBackoff);
        using var stop = new CancellationTokenSource();
        var bufferFlowing = new TaskCompletionSource();
        supervisor.StatusChanged += (_, s) => { if (s.State == PipelineState.Running) bufferFlowing.TrySetResult(); };

        var run = supervisor.RunAsync(_ => ValueTask.FromResult(PipelineLaunch.ForGstLaunch(PipelineBuilder.Build(spec))), stop.Token);
        await bufferFlowing.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await Task.Delay(1500);
        var stopping = Stopwatch.StartNew();
        await stop.CancelAsync();
        var outcome = await run.WaitAsync(TimeSpan.FromSeconds(10));
        stopping.Stop();

        Assert.Equal(SupervisorOutcomeKind.Stopped, outcome.Kind);
        Assert.True(stopping.Elapsed < FastBackoff.StopTimeout, $"stop took {stopping.Elapsed}");
        // An MP4 is only readable once EOS wrote its index (moov): proof the stop drained the pipeline.
        var info = await GstMedia.DiscoverAsync(path);
        Assert.Equal("H.264 (Constrained Baseline Profile)", info.Codec);
        Assert.Equal(640, info.Width);
    }

    [Fact]
    public async Task Output_lines_of_the_child_reach_subscribers()
    {
        var supervisor = new PipelineSupervisor(FastBackoff with { MaxRestarts = 0 });
        var lines = new ConcurrentQueue<PipelineOutputLine>();
        supervisor.OutputLine += (_, l) => lines.Enqueue(l);
        var tokens = new GstTokens().Element("videotestsrc", ("num-buffers", "3")).Link().Element("fakesink");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        var outcome = await supervisor.RunAsync(_ => ValueTask.FromResult(PipelineLaunch.ForGstLaunch(tokens, printBusMessages: true)), timeout.Token);

        Assert.Equal(SupervisorOutcomeKind.Completed, outcome.Kind);
        // -m prints every bus message; the EOS message is the last one the pipeline posts.
        Assert.Contains(lines, l => !l.IsStandardError && l.Text.Contains("Got message #", StringComparison.Ordinal) && l.Text.Contains("(eos)", StringComparison.Ordinal));
    }
}
