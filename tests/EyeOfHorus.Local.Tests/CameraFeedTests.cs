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
