using Microsoft.Extensions.Time.Testing;
using EyeOfHorus.Local.Frames;

namespace EyeOfHorus.Local.Tests;

public class CameraFeedTests
{
    private static async Task<List<Frame>> ReadAll(CameraFeed feed, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var run = feed.RunAsync(cts.Token);
        var frames = new List<Frame>();
        await foreach (var f in feed.Frames.ReadAllAsync(CancellationToken.None)) frames.Add(f);
        await run;
        return frames;
    }

    [Fact]
    public async Task A_finite_source_is_sampled_at_the_analysis_rate_in_whole_rgba_frames()
    {
        // 3 s of a 20 fps pattern, sampled at 4 fps: 12 frames (the reader keeps up, so none dropped).
        var feed = new CameraFeed(new CameraSource("test", ["videotestsrc", "num-buffers=60", "pattern=ball", "!", "video/x-raw,framerate=20/1"], Finite: true, Fps: 4));
        var frames = new List<Frame>();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var run = feed.RunAsync(cts.Token);
        await foreach (var f in feed.Frames.ReadAllAsync()) frames.Add(f);
        await run;
        Assert.Equal(FeedState.Ended, feed.State);
        Assert.InRange(frames.Count + feed.FramesDropped, 11, 13);
        Assert.All(frames, f => Assert.Equal(640 * 480 * 4, f.Rgba.Length));
        Assert.Equal(Enumerable.Range(0, frames.Count).Select(i => (long)i), frames.Select(f => f.Index).Where((_, i) => feed.FramesDropped == 0));
        Assert.True(frames[0].Rgba.Any(b => b != frames[0].Rgba[0]), "the frame holds a picture, not one value");
    }

    [Fact]
    public async Task A_pipeline_that_fails_is_restarted_with_its_error_kept()
    {
        var feed = new CameraFeed(new CameraSource("broken", ["filesrc", "location=/nonexistent/clip.mkv", "!", "decodebin"], Finite: true));
        var frames = await ReadAll(feed, TimeSpan.FromSeconds(4));
        Assert.Empty(frames);
        Assert.True(feed.Restarts >= 1, $"restarts {feed.Restarts}");
        Assert.Contains("Resource not found", feed.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_gstreamer_the_feed_fails_once_with_what_to_install()
    {
        var feed = new CameraFeed(new CameraSource("x", ["videotestsrc"], Finite: false), gstLaunch: "/nonexistent/gst-launch-1.0");
        var frames = await ReadAll(feed, TimeSpan.FromSeconds(10));
        Assert.Empty(frames);
        Assert.Equal(FeedState.Failed, feed.State);
        Assert.Contains("apt-get install gstreamer1.0-tools", feed.LastError, StringComparison.Ordinal);
    }
}

/// <summary>The feed's restart policy on a fake clock: the pipelines are real gst-launch runs, the waits between them are advanced by hand.</summary>
public class CameraFeedRestartTests
{
    /// <summary>A fake clock that tells when the feed has begun a wait (its Task.Delay makes one timer), so that the test advances it only then.</summary>
    private sealed class WaitWatchingClock() : FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 10, 0, 0, TimeSpan.Zero))
    {
        private readonly SemaphoreSlim _waitBegun = new(0);

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = base.CreateTimer(callback, state, dueTime, period);
            _waitBegun.Release();
            return timer;
        }

        public async Task WaitBegunAsync()
        {
            if (!await _waitBegun.WaitAsync(TimeSpan.FromSeconds(30))) Assert.Fail("the feed did not begin its wait");
        }
    }

    private sealed class Log
    {
        private readonly List<string> _lines = [];
        public TextWriter Writer { get; }
        public Log() => Writer = new LineWriter(this);
        public string[] Lines { get { lock (_lines) return [.. _lines]; } }
        public async Task<string> WaitForLineAsync(int count)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (Lines.Length < count) await Task.Delay(20, timeout.Token);
            return Lines[count - 1];
        }
        private sealed class LineWriter(Log log) : StringWriter
        {
            public override void WriteLine(string? value) { lock (log._lines) log._lines.Add(value ?? ""); }
        }
    }

    [Fact]
    public void The_pipeline_samples_the_source_into_fixed_size_rgba_frames_on_stdout()
    {
        var feed = new CameraFeed(new CameraSource("c", ["videotestsrc", "is-live=true"], Finite: false, Fps: 5, Width: 320, Height: 200));
        Assert.Equal(
            ["-q", "videotestsrc", "is-live=true", "!", "videoconvert", "!", "videoscale", "!", "videorate", "drop-only=true", "max-rate=5", "!",
             "video/x-raw,format=RGBA,width=320,height=200,pixel-aspect-ratio=1/1", "!", "fdsink", "fd=1", "sync=false"],
            feed.Arguments);
        Assert.Equal((FeedState.Starting, 0L, 0L, 0L), (feed.State, feed.FramesRead, feed.FramesDropped, feed.Restarts));
        Assert.Null(feed.LastError);
        Assert.Equal("c", feed.Source.Camera);
    }

    [Fact]
    public async Task A_failing_pipeline_is_restarted_after_1_2_4_8_16_then_at_most_30_seconds()
    {
        var time = new WaitWatchingClock();
        var log = new Log();
        var feed = new CameraFeed(new CameraSource("porch", ["filesrc", "location=/nonexistent/clip.mkv", "!", "decodebin"], Finite: true), log.Writer, time);
        using var stop = new CancellationTokenSource();
        var run = feed.RunAsync(stop.Token);
        int[] waits = [1, 2, 4, 8, 16, 30, 30];
        for (var i = 0; i < waits.Length; i++)
        {
            var line = await log.WaitForLineAsync(i + 1);
            Assert.StartsWith("porch: ERROR", line, StringComparison.Ordinal);
            Assert.EndsWith($"; restarting in {waits[i]} s", line, StringComparison.Ordinal);
            Assert.Equal((FeedState.Restarting, i + 1L), (feed.State, feed.Restarts));
            await time.WaitBegunAsync(); // the wait starts just after its line is logged: advancing the clock before would move it
            time.Advance(TimeSpan.FromSeconds(waits[i]) - TimeSpan.FromTicks(1));
            await Task.Delay(100);
            Assert.Equal(i + 1, log.Lines.Length); // not restarted before its wait is over
            time.Advance(TimeSpan.FromTicks(1));
        }
        await log.WaitForLineAsync(waits.Length + 1);
        await stop.CancelAsync(); // during the wait
        await run.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(FeedState.Ended, feed.State);
        Assert.Contains("Resource not found", feed.LastError, StringComparison.Ordinal);
        Assert.False(await feed.Frames.WaitToReadAsync()); // completed
    }

    [Fact]
    public async Task A_live_source_that_ends_is_restarted_and_a_run_of_over_a_minute_resets_the_wait()
    {
        var time = new WaitWatchingClock();
        var log = new Log();
        // 1 s of a live pattern, then the end of the stream: a live camera does not end by itself, so it is restarted.
        var feed = new CameraFeed(new CameraSource("porch", ["videotestsrc", "is-live=true", "num-buffers=20", "!", "video/x-raw,framerate=20/1"], Finite: false, Width: 64, Height: 48), log.Writer, time);
        using var stop = new CancellationTokenSource();
        var run = feed.RunAsync(stop.Token);
        Assert.Equal("porch: the pipeline exited with code 0; restarting in 1 s", await log.WaitForLineAsync(1));
        Assert.Equal("the pipeline exited with code 0", feed.LastError);
        await time.WaitBegunAsync(); // the wait starts just after its line is logged
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("porch: the pipeline exited with code 0; restarting in 2 s", await log.WaitForLineAsync(2));
        var read = feed.FramesRead;
        await time.WaitBegunAsync();
        time.Advance(TimeSpan.FromSeconds(2));
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
            while (feed.FramesRead == read) await Task.Delay(10, timeout.Token);
        time.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromTicks(1)); // this run (its first frame is read within 0.1 s of 1 s) has lasted over a minute
        Assert.Equal("porch: the pipeline exited with code 0; restarting in 1 s", await log.WaitForLineAsync(3));
        Assert.Equal(3, feed.Restarts);
        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(FeedState.Ended, feed.State);
    }
}
