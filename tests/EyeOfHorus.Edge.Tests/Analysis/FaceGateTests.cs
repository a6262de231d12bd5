using EyeOfHorus.Aws;
using EyeOfHorus.Edge.Analysis;
using SkiaSharp;

namespace EyeOfHorus.Edge.Tests.Analysis;

/// <summary>
/// Faces the engine finds but cannot recognise cost no Rekognition call: frames drawn from the
/// known person's photo, too small, cut by the frame edge, blurred, then whole and sharp.
/// </summary>
public sealed class FaceGateTests(LocalEmulators emulators) : IClassFixture<LocalEmulators>, IAsyncLifetime
{
    private ClipWorld _world = null!;

    public async Task InitializeAsync() => _world = await ClipWorld.StartAsync();

    public async Task DisposeAsync() => await _world.DisposeAsync();

    // The photo scaled to `height` px and drawn at (x, y) on a grey 640x480 frame, optionally blurred.
    private static byte[] Frame(int x, int y, int height, float blur = 0)
    {
        using var photo = SKImage.FromEncodedData(TestClip.Photo(ClipWorld.Known));
        using var surface = SKSurface.Create(new SKImageInfo(TestClip.Width, TestClip.Height));
        surface.Canvas.Clear(new SKColor(120, 120, 120));
        using var paint = new SKPaint { ImageFilter = blur > 0 ? SKImageFilter.CreateBlur(blur, blur) : null };
        var width = photo.Width * height / photo.Height;
        surface.Canvas.DrawImage(photo, SKRect.Create(x, y, width, height), new SKSamplingOptions(SKFilterMode.Linear), paint);
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Jpeg, 92);
        return data.ToArray();
    }

    [Fact]
    public void The_gate_names_why_a_face_is_not_worth_a_search()
    {
        var gate = new FaceGate(ClipWorld.Engine);
        string? Verdict(byte[] jpeg)
        {
            using var image = FrameImage.Decode(jpeg);
            return Assert.Single(gate.Detect(image)).NotSearched;
        }
        Assert.Null(Verdict(Frame(200, 60, 360)));
        Assert.Equal("too small", Verdict(Frame(300, 200, 160)));
        Assert.Equal("clipped by the frame edge", Verdict(Frame(200, -100, 360)));
        Assert.Equal("blurred", Verdict(Frame(200, 60, 360, blur: 4)));
    }

    [Fact]
    public async Task Unrecognisable_faces_are_tracked_without_a_call_and_the_face_is_searched_once_it_is_good()
    {
        var stream = "matches-" + Guid.NewGuid().ToString("N")[..8];
        await LocalAws.CreateStreamAsync(emulators.Kinesalite.Endpoint, stream);
        var config = new AnalysisConfig("front-door", ClipWorld.CollectionId, stream,
            AnalysisSession.VideoStreamArnFor("arn:aws:kinesis:us-east-1:123456789012:stream/eye-of-horus-matches", "eye-of-horus-front-door"),
            SnapshotBucket: null, new AnalysisSettings(), FrameBacklog: 100);
        using var session = _world.Session(config, new KinesisClient(LocalAws.Options(emulators.Kinesalite.Endpoint)), s3: null);
        // One face coming into view: blurred (in motion), then sharp in the same place, then still there.
        byte[][] frames = [Frame(200, 60, 360, blur: 4), Frame(200, 60, 360, blur: 4), Frame(200, 60, 360), Frame(202, 60, 360)];
        for (var i = 0; i < frames.Length; i++)
        {
            var path = Path.Combine(session.FrameDirectory, $"frame-{i:D6}.jpg");
            await File.WriteAllBytesAsync(path, frames[i]);
            session.Analyzer.Post(new SampledFrame(i, TimeSpan.FromSeconds(0.5 * i), path));
        }
        using var stop = new CancellationTokenSource();
        var run = session.RunAsync(stop.Token);
        while (!session.Analyzer.IsIdle) await Task.Delay(20);
        await stop.CancelAsync();
        await run;

        var counters = session.Analyzer.Counters;
        Assert.Equal((4L, 2L, 1L, 1L), (counters.FramesWithFaces, counters.FacesNotSearched, counters.Searches, counters.Records));
        Assert.Equal(1, _world.Rekognition.CallCount("SearchFacesByImage"));
        var record = Assert.Single(await LocalAws.ReadAllAsync(new KinesisClient(LocalAws.Options(emulators.Kinesalite.Endpoint)), stream));
        Assert.True(EyeOfHorus.Recognition.Records.MatchRecordCodec.TryDecode(record.Data, out var decoded, out _));
        Assert.Equal(ClipWorld.ObamaExternalImageId, Assert.Single(Assert.Single(decoded!.FaceSearchResponse).MatchedFaces).Face.ExternalImageId);
    }
}
