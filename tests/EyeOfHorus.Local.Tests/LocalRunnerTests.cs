using EyeOfHorus.Local.Alerts;
using EyeOfHorus.Local.Frames;
using EyeOfHorus.Local.Gallery;
using EyeOfHorus.Local.Live;
using EyeOfHorus.Local.Tracking;

namespace EyeOfHorus.Local.Tests;

/// <summary>
/// The runner's own wiring with a real GStreamer pattern and a scripted engine (fast, and the faces it
/// sees are known exactly): the end-to-end test runs the real engine on a clip.
/// </summary>
public class LocalRunnerTests
{
    private static readonly float[] Obama = [1, 0, 0];
    private static readonly FaceBox Centre = new(60, 40, 40, 40);

    /// <summary>Every photo is obama's face; every frame shows that face in the middle and one cut by the edge; the <see cref="Unreadable"/>th frame asked about (from 1) throws.</summary>
    private sealed class ScriptedEngine : IFaceEngine
    {
        private int _calls;
        public int? Unreadable { get; init; }
        public long? UnreadableIndex { get; private set; }
        public int Calls => _calls;
        public float[] Seen { get; init; } = Obama;
        public string Model => "scripted";
        public IReadOnlyList<FrameFace> Analyse(Frame frame)
        {
            if (Interlocked.Increment(ref _calls) == Unreadable)
            {
                UnreadableIndex = frame.Index;
                throw new InvalidDataException("unreadable");
            }
            return [new FrameFace(Centre, 0.99, null, Seen, null), new FrameFace(new FaceBox(0, 0, 20, 20), 0.9, "clipped by the frame edge", null, null)];
        }
        public PhotoEnrollment Enroll(byte[] photo) => PhotoEnrollment.Accepted(Obama);
        public Exception? SimilarityFails { get; init; }
        public double Similarity(float[] a, float[] b) => SimilarityFails is { } e ? throw e : a.SequenceEqual(b) ? 100 : 10;
    }

    // 0.8 s of a live 20 fps pattern sampled at 10 fps: about 8 frames, read as fast as they come (short: Stryker runs these per mutant).
    private static CameraSource Pattern(bool finite = true) =>
        new("front-door", ["videotestsrc", "is-live=true", .. finite ? new[] { "num-buffers=16" } : [], "!", "video/x-raw,framerate=20/1"], finite, Fps: 10, Width: 160, Height: 120);

    private static RunPlan Plan(TempFolder dir, CameraSource source, Uri? webhook = null, MqttSettings? mqtt = null)
    {
        var faces = Directory.CreateDirectory(Path.Combine(dir.Path, "faces", "obama")).FullName;
        File.Copy(RealEngine.Photo("obama.jpg"), Path.Combine(faces, "portrait.jpg"));
        return new RunPlan([new RunCamera(source, LocalAlertSettings.Default, TrackRules.Default)], Path.Combine(dir.Path, "faces"), Path.Combine(dir.Path, "state"),
            Webhook: webhook, Mqtt: mqtt, DrainTimeout: TimeSpan.FromMilliseconds(500),
            Delivery: new DeliveryOptions(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200)));
    }

    [Fact]
    public async Task Each_frame_is_judged_against_the_gallery_tracked_counted_shown_live_and_alerted_once()
    {
        using var dir = new TempFolder();
        var plan = Plan(dir, Pattern());
        var console = new StringWriter();
        var log = new StringWriter();
        var runner = new LocalRunner(plan, new ScriptedEngine(), TextWriter.Synchronized(console), TextWriter.Synchronized(log));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await runner.RunAsync(timeout.Token);

        Assert.True(runner.Started.Task.IsCompletedSuccessfully);
        var line = Assert.Single(console.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("  front-door  person_recognised  obama  100.0%  ", line, StringComparison.Ordinal);
        Assert.Contains($"horus run: 1 camera(s), 1 authorised person(s), state in {plan.StateFolder}", log.ToString(), StringComparison.Ordinal);
        Assert.True(File.Exists(plan.DatabasePath));
        Assert.Single(Directory.GetFiles(Path.Combine(plan.StateFolder, "snapshots", "front-door"), "*.jpg")); // README: <state>/snapshots/<camera>/

        var feed = Assert.Single(runner.Feeds);
        Assert.Equal(FeedState.Ended, feed.State);
        var counters = runner.Counters["front-door"];
        Assert.InRange(feed.FramesRead, 6, 10);
        Assert.True(counters.Analysed >= 3, $"{counters.Analysed} analysed");
        Assert.Equal(feed.FramesRead - feed.FramesDropped, counters.Analysed);
        Assert.Equal(2 * counters.Analysed, counters.Faces); // the clipped face is counted too
        Assert.Equal(counters.Analysed, counters.FrameMilliseconds.Count);
        Assert.True(counters.AnalysisCpu >= TimeSpan.Zero);
        var delay = Assert.Single(counters.AlertDelayMilliseconds); // the track is named at its 2nd frame: a tenth of a second after its first
        Assert.InRange(delay, 0, 5000);
        Assert.Equal((1, 0), (runner.Desk!.Accepted, runner.Desk.CooledDown)); // one track, one decision
        Assert.Single(runner.Faces!.Gallery.Faces);
        Assert.Empty(runner.Workers);
        Assert.Empty(runner.Undelivered);

        var live = runner.Live.Latest("front-door")!;
        Assert.Equal(feed.FramesRead - 1, live.Frame.Index);
        Assert.Equal([new LiveFace(Centre, "obama", 100, null), new LiveFace(new FaceBox(0, 0, 20, 20), null, null, "clipped by the frame edge")], live.Faces);
    }

    [Fact]
    public async Task A_face_the_gallery_does_not_know_is_an_unknown_face_after_its_frames()
    {
        using var dir = new TempFolder();
        var plan = Plan(dir, Pattern());
        var console = new StringWriter();
        var runner = new LocalRunner(plan, new ScriptedEngine { Seen = [0, 1, 0] }, TextWriter.Synchronized(console), TextWriter.Null);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await runner.RunAsync(timeout.Token);

        var line = Assert.Single(console.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("  front-door  unknown_face  unknown face  ", line, StringComparison.Ordinal);
        var live = runner.Live.Latest("front-door")!;
        Assert.Equal(new LiveFace(Centre, null, 10, null), live.Faces[0]); // below the threshold: unknown, with the best similarity
    }

    [Fact]
    public async Task A_frame_the_engine_cannot_read_is_skipped_and_logged_and_the_camera_goes_on()
    {
        using var dir = new TempFolder();
        var plan = Plan(dir, Pattern());
        var log = new StringWriter();
        var engine = new ScriptedEngine { Unreadable = 2 };
        var runner = new LocalRunner(plan, engine, TextWriter.Null, TextWriter.Synchronized(log));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await runner.RunAsync(timeout.Token);

        Assert.Contains($"front-door: frame {engine.UnreadableIndex} skipped: unreadable", log.ToString(), StringComparison.Ordinal);
        var feed = Assert.Single(runner.Feeds);
        var counters = runner.Counters["front-door"];
        Assert.Equal(feed.FramesRead - feed.FramesDropped, engine.Calls);
        Assert.Equal(engine.Calls - 1, counters.Analysed);
        Assert.Equal(counters.Analysed, counters.FrameMilliseconds.Count);
        Assert.Single(counters.AlertDelayMilliseconds);
    }

    [Fact]
    public async Task Alerts_the_sinks_cannot_take_within_the_drain_time_stay_in_the_outbox_for_the_next_run()
    {
        using var dir = new TempFolder();
        var down = new Uri($"http://127.0.0.1:{WebhookReceiver.FreePort()}/hook");
        var plan = Plan(dir, Pattern(), webhook: down, mqtt: new MqttSettings(new Uri($"mqtt://127.0.0.1:{WebhookReceiver.FreePort()}")));
        var log = new StringWriter();
        var runner = new LocalRunner(plan, new ScriptedEngine(), TextWriter.Null, TextWriter.Synchronized(log));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await runner.RunAsync(timeout.Token);

        Assert.Equal(["webhook", "mqtt"], runner.Workers.Select(w => w.Sink));
        Assert.Equal(new Dictionary<string, int> { ["webhook"] = 1, ["mqtt"] = 1 }, runner.Undelivered);
        Assert.Contains("horus run: 1 alert(s) not yet delivered to webhook: kept for the next run", log.ToString(), StringComparison.Ordinal);
        Assert.Contains("horus run: 1 alert(s) not yet delivered to mqtt: kept for the next run", log.ToString(), StringComparison.Ordinal);
        using var store = new State.LocalStore(plan.DatabasePath);
        Assert.Equal((1, 1), (store.PendingCount("webhook"), store.PendingCount("mqtt")));
    }

    [Fact]
    public async Task A_delivered_alert_leaves_nothing_undelivered()
    {
        using var dir = new TempFolder();
        await using var receiver = await WebhookReceiver.StartAsync();
        var plan = Plan(dir, Pattern(), webhook: receiver.Url);
        var log = new StringWriter();
        var runner = new LocalRunner(plan, new ScriptedEngine(), TextWriter.Null, TextWriter.Synchronized(log));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await runner.RunAsync(timeout.Token);

        Assert.Single(receiver.Received);
        Assert.Equal(new Dictionary<string, int> { ["webhook"] = 0 }, runner.Undelivered);
        Assert.DoesNotContain("not yet delivered", log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_live_camera_runs_until_stopped()
    {
        using var dir = new TempFolder();
        var plan = Plan(dir, Pattern(finite: false));
        var runner = new LocalRunner(plan, new ScriptedEngine(), TextWriter.Null, TextWriter.Null);
        using var stop = new CancellationTokenSource();
        var run = runner.RunAsync(stop.Token);
        await runner.Started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        while (runner.Counters["front-door"].Analysed < 3) await Task.Delay(50);
        Assert.False(run.IsCompleted);
        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(FeedState.Ended, Assert.Single(runner.Feeds).State);
        Assert.Empty(runner.Undelivered);
    }

    [Fact]
    public async Task An_analysis_loop_that_fails_ends_the_run_with_its_error_rather_than_leave_the_camera_unjudged()
    {
        using var dir = new TempFolder();
        var plan = Plan(dir, Pattern(finite: false)); // live: without the failure the run would go on until stopped
        var log = new StringWriter();
        var runner = new LocalRunner(plan, new ScriptedEngine { SimilarityFails = new InvalidOperationException("similarity broke") }, TextWriter.Null, TextWriter.Synchronized(log));
        using var never = new CancellationTokenSource();
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => runner.RunAsync(never.Token).WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal("similarity broke", failure.Message);
        Assert.Contains("front-door: the analysis failed, so the run stops: similarity broke", log.ToString(), StringComparison.Ordinal);
        Assert.Equal(FeedState.Ended, Assert.Single(runner.Feeds).State);
        Assert.True(runner.Faces!.Scans >= 1);
    }
}
