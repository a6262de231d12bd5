using System.Threading.Channels;
using EyeOfHorus.Contract;
using EyeOfHorus.Recognition.Records;

namespace EyeOfHorus.Edge.Analysis;

/// <param name="Camera">The camera's name: the records' partition key and EdgeInformation.Camera.</param>
/// <param name="VideoStreamArn">The camera's Kinesis video stream, written as InputInformation.KinesisVideo.StreamArn.</param>
/// <param name="Gating">False: every sampled frame is searched whole (no detector, no tracker), the baseline the benchmark compares with.</param>
/// <param name="FrameBacklog">Sampled frames waiting for analysis; when full the oldest is dropped.</param>
public sealed record AnalyzerOptions(
    string Camera,
    string VideoStreamArn,
    bool Gating = true,
    TrackerOptions? Tracker = null,
    int FrameBacklog = 4);

/// <param name="FramesWithFaces">Frames where the engine found at least one face.</param>
/// <param name="FacesNotSearched">Faces the engine found but judged unrecognisable (small, blurred, turned away, clipped): no search.</param>
/// <param name="NotAFace">Searches whose searcher saw no face in the crop.</param>
public sealed record AnalyzerCounters(
    long Frames, long FramesDropped, long FramesWithFaces, long FacesNotSearched, long Searches, long SearchFailures, long NotAFace, long Records, long UnreadableFrames);

/// <summary>
/// The edge producer of match records. Fed the pipeline's bus-message lines (stdout of
/// <c>gst-launch-1.0 -m</c>), it reads each sampled frame the branch wrote and gates it: the face
/// engine finds the faces (<see cref="FaceGate"/>); no face, no call; a face too poor to recognise,
/// no call; a face searched recently is not searched again (<see cref="FaceTracker"/>). Each face left
/// goes to the <see cref="IFaceSearch"/>; the frame's results become one record in the stream
/// processor's shape, handed to the <see cref="RecordPublisher"/> with the frame's JPEG as its snapshot.
/// Frames wait in a small bounded backlog: when analysis falls behind, the oldest are dropped.
/// </summary>
public sealed class FrameAnalyzer
{
    private readonly AnalyzerOptions _options;
    private readonly FaceGate _gate;
    private readonly IFaceSearch _search;
    private readonly RecordPublisher _publisher;
    private readonly TimeProvider _time;
    private readonly TextWriter _log;
    private readonly FaceTracker _tracker;
    private readonly Channel<SampledFrame> _backlog;
    private readonly Lock _lock = new();
    private DateTimeOffset? _clockBase;
    private TimeSpan _lastTimestamp;
    private int _busy;
    private long _frames, _dropped, _withFaces, _notSearched, _searches, _searchFailures, _notAFace, _records, _unreadable;

    public FrameAnalyzer(AnalyzerOptions options, FaceGate gate, IFaceSearch search, RecordPublisher publisher, TimeProvider? time = null, TextWriter? log = null)
    {
        _options = options;
        _gate = gate;
        _search = search;
        _publisher = publisher;
        _time = time ?? TimeProvider.System;
        _log = log ?? TextWriter.Null;
        _tracker = new FaceTracker(options.Tracker ?? TrackerOptions.Default);
        _backlog = Channel.CreateBounded<SampledFrame>(
            new BoundedChannelOptions(options.FrameBacklog) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            dropped =>
            {
                Count(ref _dropped);
                DeleteQuietly(dropped.Path);
            });
    }

    public AnalyzerOptions Options => _options;

    public AnalyzerCounters Counters
    {
        get { lock (_lock) return new(_frames, _dropped, _withFaces, _notSearched, _searches, _searchFailures, _notAFace, _records, _unreadable); }
    }

    /// <summary>One line of the pipeline's stdout. Lines that are not the frame sink's messages are ignored.</summary>
    public void OnBusLine(string line)
    {
        if (GstBusMessages.TryParseFrameFile(line, AnalysisBranchTokens.FrameSinkName, out var frame)) Post(frame!);
    }

    /// <summary>Queues a sampled frame; the oldest waiting frame (and its file) is dropped when the backlog is full.</summary>
    public void Post(SampledFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        Count(ref _frames);
        _backlog.Writer.TryWrite(frame); // never refused: a full backlog drops its oldest instead
    }

    /// <summary>True when every posted frame has been analysed (records may still be on their way to Kinesis).</summary>
    public bool IsIdle { get { lock (_lock) return _backlog.Reader.Count == 0 && _busy == 0; } }

    public async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                if (!await _backlog.Reader.WaitToReadAsync(ct).ConfigureAwait(false)) return;
            }
            catch (OperationCanceledException) { return; }
            // Busy before the frame leaves the backlog, so that IsIdle never sees it in neither.
            lock (_lock) _busy++;
            if (!_backlog.Reader.TryRead(out var frame))
            {
                lock (_lock) _busy--;
                continue;
            }
            try { await AnalyseAsync(frame, ct).ConfigureAwait(false); }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { return; }
            finally
            {
                lock (_lock) _busy--;
                DeleteQuietly(frame.Path);
            }
        }
    }

    private async Task AnalyseAsync(SampledFrame frame, CancellationToken ct)
    {
        var capturedAt = CaptureTime(frame.Timestamp);
        using var image = await ReadAsync(frame, ct).ConfigureAwait(false);
        if (image is null) return;

        var queries = _options.Gating ? Gate(frame, image) : [(new FaceQuery(image, new FaceRect(0, 0, image.Width, image.Height), null), -1)];
        var results = new List<FaceSearchResult>();
        foreach (var (query, trackId) in queries)
        {
            Count(ref _searches);
            var outcome = await _search.SearchAsync(query, ct).ConfigureAwait(false);
            switch (outcome.Status)
            {
                case SearchStatus.Searched: results.Add(outcome.Result!); break;
                case SearchStatus.NotAFace: Count(ref _notAFace); break; // waits for the cooldown like a searched face
                case SearchStatus.Failed:
                    Count(ref _searchFailures);
                    _tracker.SearchFailed(trackId); // retried at the next frame
                    break;
            }
        }
        if (results.Count == 0) return;

        var record = new MatchRecord(
            new InputInformation(new KinesisVideoFrame(
                StreamArn: _options.VideoStreamArn,
                ServerTimestamp: EpochSeconds(_time.GetUtcNow()),
                ProducerTimestamp: EpochSeconds(capturedAt - FragmentOffset(frame.Timestamp)),
                FrameOffsetInSeconds: FragmentOffset(frame.Timestamp).TotalSeconds)),
            results,
            new StreamProcessorInformation("RUNNING"),
            new EdgeInformation(_options.Camera));
        Count(ref _records);
        _publisher.Enqueue(new PendingRecord(record, image.Jpeg, SnapshotKey(capturedAt, frame.Index)));
    }

    // The faces to search in this frame: found by the engine, good enough to recognise, not searched within their cooldown.
    private List<(FaceQuery Query, long TrackId)> Gate(SampledFrame frame, FrameImage image)
    {
        var faces = _gate.Detect(image);
        if (faces.Count > 0) Count(ref _withFaces);
        lock (_lock) _notSearched += faces.Count(f => !f.Searchable);
        return [.. _tracker.Observe(frame.Timestamp, [.. faces.Select(f => f.Rect)], i => faces[i].Searchable)
            .Select(s => (new FaceQuery(image, s.Face, faces[s.Index].Detection), s.TrackId))];
    }

    private async Task<FrameImage?> ReadAsync(SampledFrame frame, CancellationToken ct)
    {
        try { return FrameImage.Decode(await File.ReadAllBytesAsync(frame.Path, ct).ConfigureAwait(false)); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            // Gone: the sink's max-files removed it, analysis is far behind. Or not a picture.
            Count(ref _unreadable);
            _log.WriteLine($"analysis: frame {frame.Path} unreadable ({ex.Message})");
            return null;
        }
    }

    // Buffer timestamps are pipeline running time: anchor them to the wall clock at the first frame
    // (and again after a pipeline restart, when they start over from zero).
    private DateTimeOffset CaptureTime(TimeSpan timestamp)
    {
        if (_clockBase is null || timestamp < _lastTimestamp) _clockBase = _time.GetUtcNow() - timestamp;
        _lastTimestamp = timestamp;
        return _clockBase.Value + timestamp;
    }

    // The pipeline puts a keyframe, so a KVS fragment, at every whole second of running time; the
    // stream processor reports a frame as its fragment's producer timestamp plus an offset.
    private static TimeSpan FragmentOffset(TimeSpan timestamp) => TimeSpan.FromTicks(timestamp.Ticks % TimeSpan.TicksPerSecond);

    private string SnapshotKey(DateTimeOffset capturedAt, long index) => BucketLayout.SnapshotKey(_options.Camera, capturedAt, index);

    private static double EpochSeconds(DateTimeOffset at) => at.ToUnixTimeMilliseconds() / 1000.0;

    private void Count(ref long counter)
    {
        lock (_lock) counter++;
    }

    private static void DeleteQuietly(string path)
    {
        try { File.Delete(path); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { }
    }
}
