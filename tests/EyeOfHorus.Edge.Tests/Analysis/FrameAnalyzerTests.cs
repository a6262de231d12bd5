using EyeOfHorus.Aws;
using EyeOfHorus.Edge.Analysis;
using EyeOfHorus.Recognition.Records;

namespace EyeOfHorus.Edge.Tests.Analysis;

/// <summary>
/// The analyzer over the test clip run through the real analysis branch (Debian's GStreamer), gating
/// with the project's face engine, searching the Rekognition stand-in (which recognises with the same
/// engine) and putting records on kinesalite.
/// </summary>
public sealed class FrameAnalyzerTests(LocalEmulators emulators) : IClassFixture<LocalEmulators>, IAsyncLifetime
{
    private static readonly ClipSegment[] Segments =
    [
        ClipSegment.Blank(1.5), ClipSegment.Face(3, ClipWorld.Known), ClipSegment.Blank(2.5, "ball"),
        ClipSegment.Face(2, ClipWorld.Stranger), ClipSegment.Blank(2.5, "snow"), ClipSegment.Pair(2, ClipWorld.Known, ClipWorld.Stranger), ClipSegment.Blank(1),
    ];

    private readonly string _stream = "matches-" + Guid.NewGuid().ToString("N")[..8];
    private ClipWorld _world = null!;
    private string _clip = null!;

    public async Task InitializeAsync()
    {
        _world = await ClipWorld.StartAsync();
        _clip = Path.Combine(_world.Directory, "clip.mkv");
        await TestClip.BuildAsync(_clip, Segments);
        await LocalAws.CreateStreamAsync(emulators.Kinesalite.Endpoint, _stream);
    }

    public async Task DisposeAsync() => await _world.DisposeAsync();

    private async Task<(AnalysisSession Session, IReadOnlyList<MatchRecord> Records, string Log)> AnalyseClipAsync(bool gating)
    {
        var kinesis = new KinesisClient(LocalAws.Options(emulators.Kinesalite.Endpoint));
        using var s3 = LocalAws.S3(emulators.S3rver.Endpoint);
        var config = new AnalysisConfig("front-door", ClipWorld.CollectionId, _stream,
            AnalysisSession.VideoStreamArnFor("arn:aws:kinesis:us-east-1:123456789012:stream/eye-of-horus-matches", "eye-of-horus-front-door"),
            LocalEmulators.Bucket, new AnalysisSettings(MaxFrameFiles: 1000), Gating: gating, FrameBacklog: 1000);
        var log = new StringWriter();
        var session = _world.Session(config, kinesis, s3, log);
        using (session)
        {
            // As fast as GStreamer decodes (no clocksync): every sampled frame reaches the analyzer.
            var args = new List<string> { "-m", "filesrc", $"location={_clip}", "!", "decodebin", "!", "videoconvert", "!", "video/x-raw,format=I420", "!" };
            args.AddRange(session.BranchTokens);
            foreach (var line in await GstLaunch.RunAsync(args, TimeSpan.FromSeconds(60))) session.OnPipelineOutput(line);
            using var stop = new CancellationTokenSource();
            var run = session.RunAsync(stop.Token);
            while (!session.Analyzer.IsIdle) await Task.Delay(20);
            await stop.CancelAsync();
            await run;
            Assert.Empty(System.IO.Directory.GetFiles(session.FrameDirectory)); // every frame file removed
        }
        var records = await LocalAws.ReadAllAsync(kinesis, _stream);
        var decoded = records.Select(r =>
        {
            Assert.Equal("front-door", r.PartitionKey);
            Assert.True(MatchRecordCodec.TryDecode(r.Data, out var m, out var error), error);
            return m!;
        }).ToList();
        return (session, decoded, log.ToString());
    }

    [Fact]
    public async Task Gating_searches_each_new_face_once_and_recognises_the_known_person_not_the_stranger()
    {
        var (session, records, log) = await AnalyseClipAsync(gating: true);
        var counters = session.Analyzer.Counters;

        Assert.True(counters.Frames == 29, log);      // 14.5 s at 2 fps
        Assert.Equal(14, counters.FramesWithFaces);   // 6 + 4 + 4: the engine finds no face in the test patterns
        Assert.Equal(0, counters.FacesNotSearched);   // every face of the clip is big, sharp and frontal
        Assert.Equal(4, counters.Searches);           // obama, biden, then both of the pair
        Assert.Equal(0, counters.NotAFace);
        // The stand-in counts wire attempts: on a loaded machine one client retry after a timeout may add one.
        Assert.InRange(_world.Rekognition.CallCount("SearchFacesByImage"), 4, 5);
        Assert.Equal(3, records.Count);               // one per frame with a searched face

        // Real recognition at the deployment's threshold: another photo of the indexed person matches, the stranger does not.
        var obama = records[0].FaceSearchResponse.Single();
        var match = Assert.Single(obama.MatchedFaces);
        Assert.Equal(ClipWorld.ObamaExternalImageId, match.Face.ExternalImageId);
        Assert.InRange(match.Similarity, 90, 100);
        var biden = records[1].FaceSearchResponse.Single();
        Assert.Empty(biden.MatchedFaces);             // an unknown face
        Assert.True(biden.DetectedFace.Confidence >= 90);
        var pair = records[2].FaceSearchResponse.OrderBy(r => r.DetectedFace.BoundingBox.Left).ToList();
        Assert.Equal(2, pair.Count);
        Assert.Equal(ClipWorld.ObamaExternalImageId, Assert.Single(pair[0].MatchedFaces).Face.ExternalImageId); // left: the known person
        Assert.Empty(pair[1].MatchedFaces);                                                                     // right: the stranger
        Assert.True(pair[0].DetectedFace.BoundingBox.Left + pair[0].DetectedFace.BoundingBox.Width <= 0.5);
        Assert.True(pair[1].DetectedFace.BoundingBox.Left >= 0.5);

        // The detected face's box is in fractions of the whole frame (the engine's box of obama2.jpg letterboxed: ~250,109 140x140 of 640x480).
        var box = obama.DetectedFace.BoundingBox;
        Console.WriteLine($"obama box: left {box.Left * 640:F0} top {box.Top * 480:F0} width {box.Width * 640:F0} height {box.Height * 480:F0}; similarity {match.Similarity:F1}");
        Assert.InRange(box.Left, 230 / 640.0, 270 / 640.0);
        Assert.InRange(box.Top, 90 / 480.0, 130 / 480.0);
        Assert.InRange(box.Width, 120 / 640.0, 160 / 640.0);

        // The stream processor's shape, with the camera's stream and a snapshot in the bucket.
        var frame = records[0].InputInformation.KinesisVideo;
        Assert.Equal("arn:aws:kinesisvideo:us-east-1:123456789012:stream/eye-of-horus-front-door/0", frame.StreamArn);
        Assert.Equal(0.5, frame.FrameOffsetInSeconds, 3); // first face sample at 1.5 s: fragment 1 s + 0.5 s
        // Pipeline time anchored to the wall clock at the first frame (this run was faster than real time).
        Assert.InRange(frame.ProducerTimestamp, DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeSeconds());
        Assert.Equal("RUNNING", records[0].StreamProcessorInformation!.Status);
        Assert.All(records, r => Assert.StartsWith("snapshots/front-door/", r.EdgeInformation!.SnapshotKey, StringComparison.Ordinal));
        using var s3 = LocalAws.S3(emulators.S3rver.Endpoint);
        using var snapshot = await s3.GetObjectAsync(LocalEmulators.Bucket, records[0].EdgeInformation!.SnapshotKey);
        Assert.Equal("image/jpeg", snapshot.Headers.ContentType);
    }

    [Fact]
    public async Task Without_gating_every_sampled_frame_costs_a_search_of_the_whole_frame()
    {
        var (session, records, _) = await AnalyseClipAsync(gating: false);
        Assert.Equal(29, session.Analyzer.Counters.Searches);
        Assert.Equal(29, _world.Rekognition.CallCount("SearchFacesByImage"));
        Assert.Equal(15, session.Analyzer.Counters.NotAFace); // the test-pattern frames
        Assert.Equal(14, records.Count);
        Assert.Equal(0, session.Analyzer.Counters.FramesWithFaces); // no detector ran
    }
}
