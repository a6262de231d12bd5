using System.Threading.Channels;
using EyeOfHorus.Aws;
using EyeOfHorus.Contract;
using EyeOfHorus.Recognition.Records;
using AwsBoundingBox = EyeOfHorus.Aws.BoundingBox;
using BoundingBox = EyeOfHorus.Recognition.Records.BoundingBox;

namespace EyeOfHorus.Edge.Analysis;

/// <param name="Camera">The camera's name: the records' partition key and EdgeInformation.Camera.</param>
/// <param name="VideoStreamArn">The camera's Kinesis video stream, written as InputInformation.KinesisVideo.StreamArn.</param>
/// <param name="Gating">False: every sampled frame is searched whole (no detector, no tracker), the baseline the benchmark compares with.</param>
/// <param name="CropMargin">How much of the face's size to add on every side of its crop.</param>
/// <param name="FrameBacklog">Sampled frames waiting for analysis; when full the oldest is dropped.</param>
public sealed record AnalyzerOptions(
    string Camera,
    string CollectionId,
    string VideoStreamArn,
    float FaceMatchThreshold = (float)FaceMatching.DefaultThreshold,
    int MaxMatchesPerFace = 5,
    bool Gating = true,
    TrackerOptions? Tracker = null,
    double CropMargin = 0.5,
    int FrameBacklog = 4);

public sealed record AnalyzerCounters(
    long Frames, long FramesDropped, long FramesWithFaces, long Searches, long SearchFailures, long NotAFace, long Records, long UnreadableFrames);

/// <summary>
/// The edge producer of match records. Fed the pipeline's bus-message lines (stdout of
/// <c>gst-launch-1.0 -m</c>), it pairs each sampled frame with the detector's faces and decides:
/// no face, no call; for each face not recently searched (<see cref="FaceTracker"/>) a crop goes to
/// SearchFacesByImage; the frame's results become one record in the stream processor's shape, handed
/// to the <see cref="RecordPublisher"/> with the frame's JPEG as its snapshot.
/// Frames wait in a small bounded backlog: when analysis falls behind, the oldest are dropped.
/// </summary>
public sealed class FrameAnalyzer
{
    private readonly AnalyzerOptions _options;
    private readonly RekognitionClient _rekognition;
    private readonly RecordPublisher _publisher;
    private readonly TimeProvider _time;
    private readonly TextWriter _log;
    private readonly FaceTracker _tracker;
    private readonly FramePairer _pairer = new(AnalysisBranchTokens.DetectorName, AnalysisBranchTokens.FrameSinkName);
    private readonly Channel<SampledFrame> _backlog;
    private readonly Lock _lock = new();
    private DateTimeOffset? _clockBase;
    private TimeSpan _lastTimestamp;
    private int _busy;
    private long _frames, _dropped, _withFaces, _searches, _searchFailures, _notAFace, _records, _unreadable;

    public FrameAnalyzer(AnalyzerOptions options, RekognitionClient rekognition, RecordPublisher publisher, TimeProvider? time = null, TextWriter? log = null)
    {
        _options = options;
        _rekognition = rekognition;
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
        get { lock (_lock) return new(_frames, _dropped, _withFaces, _searches, _searchFailures, _notAFace, _records, _unreadable); }
    }

    /// <summary>One line of the pipeline's stdout. Lines that are not the analysis branch's messages are ignored.</summary>
    public void OnBusLine(string line)
    {
        if (_pairer.Accept(line) is { } frame) Post(frame);
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
        IReadOnlyList<FaceToSearch> toSearch = _options.Gating
            ? _tracker.Observe(frame.Timestamp, frame.Faces)
            : [new FaceToSearch(-1, default)];
        if (frame.Faces.Count > 0) Count(ref _withFaces);
        if (toSearch.Count == 0) return;

        byte[] jpeg;
        try { jpeg = await File.ReadAllBytesAsync(frame.Path, ct).ConfigureAwait(false); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The sink's max-files removed it: analysis is far behind.
            Count(ref _unreadable);
            _log.WriteLine($"analysis: frame {frame.Path} unreadable ({ex.Message})");
            foreach (var face in toSearch) _tracker.SearchFailed(face.TrackId);
            return;
        }

        FrameImage image;
        try { image = FrameImage.Decode(jpeg); }
        catch (InvalidDataException ex)
        {
            Count(ref _unreadable);
            _log.WriteLine($"analysis: frame {frame.Path}: {ex.Message}");
            foreach (var face in toSearch) _tracker.SearchFailed(face.TrackId);
            return;
        }

        var results = new List<FaceSearchResult>();
        using (image)
        {
            foreach (var face in toSearch)
            {
                var (crop, region) = _options.Gating
                    ? image.CropJpeg(face.Face, _options.CropMargin)
                    : (jpeg, new FaceRect(0, 0, image.Width, image.Height));
                var (outcome, result) = await SearchAsync(crop, region, image, ct).ConfigureAwait(false);
                if (result is not null) results.Add(result);
                // A failed call is retried at the next frame; a box Rekognition sees no face in (a Haar
                // false positive) is not: it waits for the cooldown like a searched face.
                if (outcome == SearchOutcome.Failed) _tracker.SearchFailed(face.TrackId);
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
        _publisher.Enqueue(new PendingRecord(record, jpeg, SnapshotKey(capturedAt, frame.Index)));
    }

    private enum SearchOutcome { Searched, NotAFace, Failed }

    private async Task<(SearchOutcome, FaceSearchResult?)> SearchAsync(byte[] crop, FaceRect region, FrameImage frame, CancellationToken ct)
    {
        Count(ref _searches);
        SearchFacesByImageResponse response;
        try
        {
            response = await _rekognition.SearchFacesByImageAsync(new SearchFacesByImageRequest
            {
                CollectionId = _options.CollectionId,
                Image = new Image { Bytes = crop },
                MaxFaces = _options.MaxMatchesPerFace,
                FaceMatchThreshold = _options.FaceMatchThreshold,
            }, ct).ConfigureAwait(false);
        }
        catch (AwsServiceException ex) when (ex.ErrorCode == "InvalidParameterException")
        {
            // "There are no faces in the image": the Haar cascade saw a face where Rekognition sees none.
            Count(ref _notAFace);
            return (SearchOutcome.NotAFace, null);
        }
        catch (Exception ex) when (ex is AwsServiceException or AwsTransportException)
        {
            Count(ref _searchFailures);
            _log.WriteLine($"analysis: SearchFacesByImage failed ({ex.Message}); the face is searched again in the next frame");
            return (SearchOutcome.Failed, null);
        }

        var box = ToFrame(response.SearchedFaceBoundingBox, region, frame);
        var matches = (response.FaceMatches ?? [])
            .Where(m => m.Face?.FaceId is not null)
            .Select(m => new MatchedFace(
                m.Similarity ?? 0,
                new CollectionFace(
                    m.Face!.FaceId!,
                    m.Face.BoundingBox is { } b ? new BoundingBox(b.Height ?? 0, b.Width ?? 0, b.Left ?? 0, b.Top ?? 0) : null,
                    m.Face.Confidence ?? 0,
                    m.Face.ImageId,
                    m.Face.ExternalImageId)))
            .ToList();
        return (SearchOutcome.Searched, new FaceSearchResult(new DetectedFace(box, response.SearchedFaceConfidence ?? 0), matches));
    }

    // Rekognition's box is relative to the crop; the record's is relative to the whole frame.
    private static BoundingBox ToFrame(AwsBoundingBox? box, FaceRect region, FrameImage frame)
    {
        double left = box?.Left ?? 0, top = box?.Top ?? 0, width = box?.Width ?? 1, height = box?.Height ?? 1;
        return new BoundingBox(
            Height: height * region.Height / frame.Height,
            Width: width * region.Width / frame.Width,
            Left: (region.X + (left * region.Width)) / frame.Width,
            Top: (region.Y + (top * region.Height)) / frame.Height);
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
