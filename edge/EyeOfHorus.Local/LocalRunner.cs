using System.Diagnostics;
using EyeOfHorus.Local.Alerts;
using EyeOfHorus.Local.Frames;
using EyeOfHorus.Local.Gallery;
using EyeOfHorus.Local.Live;
using EyeOfHorus.Local.State;
using EyeOfHorus.Local.Tracking;
using EyeOfHorus.Recognition.Alerts;

namespace EyeOfHorus.Local;

/// <summary>One camera of a run: its pipeline and the rules its faces are judged by.</summary>
public sealed record RunCamera(CameraSource Source, AlertSettings Alerts, TrackRules Tracks);

/// <param name="StateFolder">Holds <c>state.db</c> and <c>snapshots/</c>.</param>
/// <param name="DrainTimeout">How long a clean stop gives pending alerts to reach their sinks before leaving them in the outbox.</param>
public sealed record RunPlan(
    IReadOnlyList<RunCamera> Cameras,
    string FacesFolder,
    string StateFolder,
    Uri? Webhook = null,
    MqttSettings? Mqtt = null,
    SnapshotRetention? Snapshots = null,
    ConsoleFormat Output = ConsoleFormat.Text,
    TimeSpan? RescanInterval = null,
    TimeSpan? DrainTimeout = null,
    DeliveryOptions? Delivery = null)
{
    public const string DatabaseFile = "state.db";
    public string DatabasePath => Path.Combine(StateFolder, DatabaseFile);
    public string SnapshotFolder => Path.Combine(StateFolder, "snapshots");
}

/// <summary>What one camera did: frames read, dropped and analysed, the time each analysed frame took, and each alert's delay from the track's first frame.</summary>
public sealed class CameraCounters
{
    private readonly Lock _lock = new();
    private readonly List<double> _frameMs = [];
    private readonly List<double> _alertDelayMs = [];

    public long Analysed { get; private set; }
    public long Faces { get; private set; }
    public TimeSpan AnalysisCpu { get; private set; }

    internal void Frame(double ms, int faces, TimeSpan cpu)
    {
        lock (_lock) { _frameMs.Add(ms); Analysed++; Faces += faces; AnalysisCpu += cpu; }
    }

    internal void Alert(double delayMs)
    {
        lock (_lock) _alertDelayMs.Add(delayMs);
    }

    public IReadOnlyList<double> FrameMilliseconds { get { lock (_lock) return [.. _frameMs]; } }

    /// <summary>The nearest-rank percentile (0-100) of <paramref name="values"/>, or null when there are none.</summary>
    public static double? Percentile(IReadOnlyList<double> values, double percent)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0) return null;
        var sorted = values.Order().ToList();
        var rank = (int)Math.Ceiling(percent / 100 * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }
    public IReadOnlyList<double> AlertDelayMilliseconds { get { lock (_lock) return [.. _alertDelayMs]; } }
}

/// <summary>
/// <c>horus run</c>: every camera's sampled frames through the face engine, the gallery from the
/// faces folder, per-track decisions and the alert desk, with the webhook and MQTT workers
/// delivering from the outbox. Runs until stopped or, when every camera is finite (files), until
/// their ends; then drains pending alerts for a bounded time (what is left stays in the outbox for
/// the next run) and closes the database.
/// </summary>
public sealed class LocalRunner(RunPlan plan, IFaceEngine engine, TextWriter output, TextWriter log, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly Dictionary<string, CameraCounters> _counters = plan.Cameras.ToDictionary(c => c.Source.Camera, _ => new CameraCounters(), StringComparer.Ordinal);
    private readonly List<CameraFeed> _feeds = [];
    private readonly List<DeliveryWorker> _workers = [];

    public IReadOnlyDictionary<string, CameraCounters> Counters => _counters;
    public IReadOnlyList<CameraFeed> Feeds => _feeds;
    public IReadOnlyList<DeliveryWorker> Workers => _workers;
    public LocalStore? Store { get; private set; }
    public FacesFolder? Faces { get; private set; }
    public AlertDesk? Desk { get; private set; }

    /// <summary>Every camera's latest analysed frame with its faces (the web console's live view).</summary>
    public LiveFrames Live { get; } = new(time);

    /// <summary>Per sink, the alerts left in the outbox when the run closed its database (read them after <see cref="RunAsync"/>).</summary>
    public IReadOnlyDictionary<string, int> Undelivered { get; private set; } = new Dictionary<string, int>();

    /// <summary>Set once the faces folder was read and every camera's pipeline started.</summary>
    public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task RunAsync(CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(plan);
        Directory.CreateDirectory(plan.StateFolder);
        using var store = new LocalStore(plan.DatabasePath, _time);
        Store = store;
        var sinks = new List<IAlertSink>();
        if (plan.Webhook is { } url) sinks.Add(new WebhookSink(url));
        if (plan.Mqtt is { } mqtt) sinks.Add(new MqttSink(mqtt));
        try
        {
            _workers.AddRange(sinks.Select(s => new DeliveryWorker(store, s, plan.Delivery, log, _time)));
            var desk = new AlertDesk(store, _workers, new SnapshotStore(plan.SnapshotFolder, plan.Snapshots ?? SnapshotRetention.Default, _time), output, plan.Output, _time, log);
            Desk = desk;
            using var faces = new FacesFolder(plan.FacesFolder, engine, store, log, plan.RescanInterval, _time);
            Faces = faces;
            await faces.ScanAsync(stop).ConfigureAwait(false);

            using var background = CancellationTokenSource.CreateLinkedTokenSource(stop);
            var watching = faces.WatchAsync(background.Token);
            var delivering = _workers.Select(w => w.RunAsync(background.Token)).ToList();

            using var cameras = CancellationTokenSource.CreateLinkedTokenSource(stop);
            var running = new List<Task>();
            foreach (var camera in plan.Cameras)
            {
                var feed = new CameraFeed(camera.Source, log, _time);
                _feeds.Add(feed);
                running.Add(feed.RunAsync(cameras.Token));
                running.Add(Task.Factory.StartNew(() => AnalyseOrEndRun(camera, feed, faces, desk, cameras), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default));
            }
            log.WriteLine($"horus run: {plan.Cameras.Count} camera(s), {faces.Gallery.People} authorised person(s), state in {plan.StateFolder}");
            Started.TrySetResult();
            // Finite feeds end by themselves; live ones on stop (the analysis loops end when their feed's channel completes).
            try
            {
                await Task.WhenAll(running).ConfigureAwait(false);
            }
            finally
            {
                await background.CancelAsync().ConfigureAwait(false);
                await watching.ConfigureAwait(false);
                await Task.WhenAll(delivering).ConfigureAwait(false);
            }
            foreach (var worker in _workers)
            {
                if (!await worker.DrainAsync(plan.DrainTimeout ?? TimeSpan.FromSeconds(5)).ConfigureAwait(false))
                    log.WriteLine($"horus run: {worker.Pending} alert(s) not yet delivered to {worker.Sink}: kept for the next run");
            }
            Undelivered = _workers.ToDictionary(w => w.Sink, w => w.Pending, StringComparer.Ordinal);
        }
        finally
        {
            Started.TrySetResult();
            foreach (var sink in sinks) await sink.DisposeAsync().ConfigureAwait(false);
        }
    }

    // A loop that fails (a bug: a frame the engine cannot read is only skipped) ends the whole run, which then
    // throws: a camera that is still read but no longer judged would look alive and alert no one.
    private void AnalyseOrEndRun(RunCamera camera, CameraFeed feed, FacesFolder faces, AlertDesk desk, CancellationTokenSource cameras)
    {
        try
        {
            Analyse(camera, feed, faces, desk);
        }
        catch (Exception ex)
        {
            log.WriteLine($"{camera.Source.Camera}: the analysis failed, so the run stops: {ex.Message}");
            cameras.Cancel();
            throw;
        }
    }

    private void Analyse(RunCamera camera, CameraFeed feed, FacesFolder faces, AlertDesk desk)
    {
        var tracks = new FaceTracks(camera.Tracks);
        var policy = new AlertPolicy(camera.Alerts, new CameraDirectory(new Dictionary<string, string>()));
        var counters = _counters[camera.Source.Camera];
        var reader = feed.Frames;
        while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            while (reader.TryRead(out var frame))
            {
                var clock = Stopwatch.StartNew();
                var cpu = ThreadCpu();
                var gallery = faces.Gallery;
                var found = AnalyseOrSkip(camera, frame);
                if (found is null) continue;
                var judged = found.Select(f => f.Embedding is { } e ? f with { Match = gallery.Best(e, engine.Similarity) } : f).ToList();
                var decisions = tracks.Observe(frame.Time, judged, engine.Similarity);
                Live.Publish(frame, judged, camera.Tracks.MatchThreshold);
                counters.Frame(clock.Elapsed.TotalMilliseconds, found.Count, ThreadCpu() - cpu);
                foreach (var decision in decisions)
                {
                    foreach (var _ in desk.Submit(policy, decision, frame))
                        counters.Alert((_time.GetUtcNow() - decision.FirstSeen).TotalMilliseconds);
                }
            }
        }
    }

    // Null when the engine cannot read the frame (logged; the camera goes on). Not a try/catch in the loop: with `found`
    // assigned in the try, Stryker's mutants of the catch did not compile (CS0165) and its safe mode dropped all of Analyse.
    private IReadOnlyList<FrameFace>? AnalyseOrSkip(RunCamera camera, Frame frame)
    {
        try { return engine.Analyse(frame); }
#pragma warning disable CA1031 // one frame the engine cannot read is skipped; the camera goes on
        catch (Exception ex)
#pragma warning restore CA1031
        {
            log.WriteLine($"{camera.Source.Camera}: frame {frame.Index} skipped: {ex.Message}");
            return null;
        }
    }

    // The CPU this analysis thread used (Linux: /proc/thread-self/stat utime+stime, clock ticks of 10 ms).
    private static TimeSpan ThreadCpu()
    {
        try
        {
            var stat = File.ReadAllText("/proc/thread-self/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture);
            return TimeSpan.FromMilliseconds(ticks * 10);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return TimeSpan.Zero;
        }
    }
}
