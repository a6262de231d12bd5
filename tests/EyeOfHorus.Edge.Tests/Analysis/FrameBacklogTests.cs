using EyeOfHorus.Aws;
using EyeOfHorus.Edge.Analysis;

namespace EyeOfHorus.Edge.Tests.Analysis;

/// <summary>The analyzer's frame backlog: bounded, the oldest frames dropped, counted and their files removed.</summary>
public sealed class FrameBacklogTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("horus-backlog-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private SampledFrame Frame(int n)
    {
        var path = Path.Combine(_directory, $"frame-{n:D2}.jpg");
        File.WriteAllBytes(path, [0xFF, 0xD8]); // cut short: unreadable, so no search either
        return new SampledFrame(n, TimeSpan.FromMilliseconds(100 * n), path);
    }

    [Fact]
    public async Task When_analysis_falls_behind_the_oldest_frames_are_dropped_counted_and_deleted()
    {
        var nowhere = LocalAws.Options(new Uri("http://127.0.0.1:9"));
        var analyzer = new FrameAnalyzer(
            new AnalyzerOptions("front-door", "arn:aws:kinesisvideo:us-east-1:1:stream/s/0", FrameBacklog: 4),
            new FaceGate(ClipWorld.Engine), new RekognitionFaceSearch(new RekognitionClient(nowhere), "faces", 90),
            new RecordPublisher(new KinesisClient(nowhere), "matches", s3: null, bucket: null));

        for (var n = 0; n < 10; n++) analyzer.Post(Frame(n));
        Assert.Equal((10L, 6L), (analyzer.Counters.Frames, analyzer.Counters.FramesDropped));
        Assert.Equal(["frame-06.jpg", "frame-07.jpg", "frame-08.jpg", "frame-09.jpg"],
            Directory.GetFiles(_directory).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.False(analyzer.IsIdle);

        using var stop = new CancellationTokenSource();
        var run = analyzer.RunAsync(stop.Token);
        while (!analyzer.IsIdle) await Task.Delay(10);
        await stop.CancelAsync();
        await run;
        Assert.Empty(Directory.GetFiles(_directory)); // analysed frames are removed too
        Assert.Equal((6L, 4L, 0L), (analyzer.Counters.FramesDropped, analyzer.Counters.UnreadableFrames, analyzer.Counters.Searches));
    }
}
