using System.Globalization;
using EyeOfHorus.Aws;
using EyeOfHorus.Edge.Analysis;
using EyeOfHorus.Edge.Tests.Analysis;
using EyeOfHorus.Recognition.Records;
using EyeOfHorus.Testing.Emulators;

namespace EyeOfHorus.Benchmarks.Edge;

/// <summary>
/// `edge-gating`: how many SearchFacesByImage calls the edge analysis makes per minute of video with
/// gating (detector + tracker) against without (one call per sampled frame), in one run, on a ~100 s
/// clip of three 10 s face segments between 20 s gaps; and whether each face segment produced a record.
/// </summary>
public static class EdgeGating
{
    private static readonly ClipSegment[] Segments =
    [
        ClipSegment.Blank(10), ClipSegment.Face(10, ClipWorld.Known), ClipSegment.Blank(20, "ball"),
        ClipSegment.Face(10, ClipWorld.Stranger), ClipSegment.Blank(20, "snow"), ClipSegment.Pair(10, ClipWorld.Known, ClipWorld.Stranger), ClipSegment.Blank(20),
    ];

    public static async Task<int> RunAsync()
    {
        await using var world = await ClipWorld.StartAsync();
        var clip = Path.Combine(world.Directory, "gating-clip.mkv");
        await TestClip.BuildAsync(clip, Segments);
        var minutes = Segments.Sum(s => s.Seconds) / 60;
        var emulators = new LocalEmulators();
        await emulators.InitializeAsync();
        try
        {
            var off = await MeasureAsync(world, emulators, clip, gating: false);
            var on = await MeasureAsync(world, emulators, clip, gating: true);
            var inv = CultureInfo.InvariantCulture;
            Console.WriteLine(string.Create(inv, $"clip: {minutes * 60:0} s, {Segments.Count(s => s.HasFaces)} face segments of 10 s, sampled at 2 fps"));
            foreach (var (name, r) in new[] { ("gating off", off), ("gating on ", on) })
            {
                Console.WriteLine(string.Create(inv,
                    $"{name}: {r.Frames} sampled frames, {r.Calls} SearchFacesByImage calls = {r.Calls / minutes:0.0} calls/min, {r.Records} records, face segments with a record: {r.SegmentsWithRecord}/{r.FaceSegments}"));
            }
            var ratio = on.Calls == 0 ? double.PositiveInfinity : (double)off.Calls / on.Calls;
            Console.WriteLine(string.Create(inv, $"ratio off/on: {ratio:0.0}x fewer calls with gating"));
            var ok = on.SegmentsWithRecord == on.FaceSegments && off.SegmentsWithRecord == off.FaceSegments;
            Console.WriteLine(ok ? "every face segment produced a record: yes" : "every face segment produced a record: NO");
            return ok ? 0 : 1;
        }
        finally
        {
            await emulators.DisposeAsync();
        }
    }

    private sealed record Result(long Frames, int Calls, int Records, int SegmentsWithRecord, int FaceSegments);

    private static async Task<Result> MeasureAsync(ClipWorld world, LocalEmulators emulators, string clip, bool gating)
    {
        var stream = "gating-" + Guid.NewGuid().ToString("N")[..8];
        await LocalAws.CreateStreamAsync(emulators.Kinesalite.Endpoint, stream);
        var kinesis = new KinesisClient(LocalAws.Options(emulators.Kinesalite.Endpoint));
        using var s3 = LocalAws.S3(emulators.S3rver.Endpoint);
        var config = new AnalysisConfig("front-door", ClipWorld.CollectionId, stream,
            AnalysisSession.VideoStreamArnFor("arn:aws:kinesis:us-east-1:123456789012:stream/eye-of-horus-matches", "eye-of-horus-front-door"),
            LocalEmulators.Bucket, new AnalysisSettings(MaxFrameFiles: 1000), Gating: gating, FrameBacklog: 1000, RecordQueueCapacity: 1000);
        var callsBefore = world.Rekognition.CallCount("SearchFacesByImage");
        long frames;
        DateTimeOffset start;
        using (var session = world.Session(config, kinesis, s3))
        {
            // Decoded as fast as GStreamer goes (no clocksync), every sampled frame kept: the count does not depend on this machine's speed.
            var args = new List<string> { "-m", "filesrc", $"location={clip}", "!", "decodebin", "!", "videoconvert", "!", "video/x-raw,format=I420", "!" };
            args.AddRange(session.BranchTokens);
            foreach (var line in await GstLaunch.RunAsync(args, TimeSpan.FromSeconds(120))) session.OnPipelineOutput(line);
            using var stop = new CancellationTokenSource();
            start = DateTimeOffset.UtcNow; // the analyzer anchors pipeline time 0 to the clock at its first frame
            var run = session.RunAsync(stop.Token, TimeSpan.FromSeconds(30));
            while (!session.Analyzer.IsIdle) await Task.Delay(20);
            await stop.CancelAsync();
            await run;
            frames = session.Analyzer.Counters.Frames;
        }
        var calls = world.Rekognition.CallCount("SearchFacesByImage") - callsBefore;
        var records = (await LocalAws.ReadAllAsync(kinesis, stream)).Select(r => MatchRecordCodec.TryDecode(r.Data, out var m, out _) ? m! : null).OfType<MatchRecord>().ToList();
        // Each record's position in the clip: its capture time less the anchor (to well within a second; segments are 10 s).
        var positions = records.Select(r => r.InputInformation.KinesisVideo.ProducerTimestamp + r.InputInformation.KinesisVideo.FrameOffsetInSeconds - start.ToUnixTimeMilliseconds() / 1000.0).ToList();
        var withRecord = 0;
        var at = 0.0;
        foreach (var segment in Segments)
        {
            if (segment.HasFaces && positions.Any(p => p >= at - 1 && p < at + segment.Seconds + 1)) withRecord++;
            at += segment.Seconds;
        }
        return new Result(frames, calls, records.Count, withRecord, Segments.Count(s => s.HasFaces));
    }
}
