using System.Threading.Channels;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using EyeOfHorus.Aws;
using EyeOfHorus.Recognition.Records;

namespace EyeOfHorus.Edge.Analysis;

/// <summary>A record waiting to be put, with the frame's JPEG to store as its snapshot.</summary>
/// <param name="SnapshotKey">Where the frame goes in the bucket (<c>snapshots/&lt;camera&gt;/...</c>).</param>
public sealed record PendingRecord(MatchRecord Record, byte[] FrameJpeg, string SnapshotKey);

/// <summary>What became of the records handed to the publisher.</summary>
public sealed record PublisherCounters(long Enqueued, long Published, long DroppedOldest, long Rejected, long SnapshotFailures, long RetriedPuts);

/// <summary>
/// Puts match records on the Kinesis data stream in the order they were made, partition key = the
/// camera, each after its snapshot is stored. Memory is bounded: the queue holds at most
/// <c>capacity</c> records, and when it is full the OLDEST waiting record is dropped and counted
/// (during a long outage the newest frames are the ones worth alerting on). A put that fails after
/// the AWS client's own retries (throttling, network loss) is retried, the same record first, so
/// order is kept; a record the service rejects for good (e.g. a validation error) is dropped and
/// counted. Each put names the previous sequence number (SequenceNumberForOrdering), so Kinesis keeps
/// the records in this order even across retries.
/// </summary>
public sealed class RecordPublisher
{
    private readonly KinesisClient _kinesis;
    private readonly string _streamName;
    private readonly IAmazonS3? _s3;
    private readonly string? _bucket;
    private readonly TimeProvider _time;
    private readonly TextWriter _log;
    private readonly Channel<PendingRecord> _queue;
    private readonly Lock _lock = new();
    // The record a cancelled run was putting: the next run puts it first.
    private PendingRecord? _interrupted;
    private string? _lastSequenceNumber;
    private long _enqueued, _published, _droppedOldest, _rejected, _snapshotFailures, _retriedPuts;

    /// <param name="s3">Null (or <paramref name="bucket"/> null): records carry no snapshot.</param>
    /// <param name="retryDelay">Wait before putting a failed record again (doubles up to 30 s).</param>
    public RecordPublisher(KinesisClient kinesis, string streamName, IAmazonS3? s3, string? bucket, int capacity = 64,
        TimeSpan? retryDelay = null, TimeProvider? time = null, TextWriter? log = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _kinesis = kinesis;
        _streamName = streamName;
        _s3 = s3;
        _bucket = bucket;
        RetryDelay = retryDelay ?? TimeSpan.FromSeconds(1);
        _time = time ?? TimeProvider.System;
        _log = log ?? TextWriter.Null;
        _queue = Channel.CreateBounded<PendingRecord>(
            new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ =>
            {
                lock (_lock) _droppedOldest++;
                _log.WriteLine($"analysis: record queue full ({capacity}): dropped the oldest record");
            });
    }

    public TimeSpan RetryDelay { get; }

    public PublisherCounters Counters
    {
        get { lock (_lock) return new(_enqueued, _published, _droppedOldest, _rejected, _snapshotFailures, _retriedPuts); }
    }

    /// <summary>Records waiting (not counting the one being put).</summary>
    public int Waiting => _queue.Reader.Count + (Volatile.Read(ref _interrupted) is null ? 0 : 1);

    /// <summary>Queues a record; when the queue is full the oldest waiting record is dropped.</summary>
    public void Enqueue(PendingRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        lock (_lock) _enqueued++;
        _queue.Writer.TryWrite(record); // never refused: a full queue drops its oldest instead
    }

    /// <summary>Puts records until cancelled; then returns (records still waiting stay counted in <see cref="Waiting"/>).</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            var next = Interlocked.Exchange(ref _interrupted, null);
            if (next is null)
            {
                try
                {
                    if (!await _queue.Reader.WaitToReadAsync(ct).ConfigureAwait(false)) return;
                }
                catch (OperationCanceledException) { return; }
                if (!_queue.Reader.TryRead(out next)) continue;
            }
            try { await PublishAsync(next, ct).ConfigureAwait(false); }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                Volatile.Write(ref _interrupted, next); // not lost: still first in line
                return;
            }
        }
    }

    /// <summary>Waits until every queued record is put (or dropped), or the timeout passes.</summary>
    public async Task<bool> DrainAsync(TimeSpan timeout, CancellationToken ct = default)
    {
        var deadline = _time.GetUtcNow() + timeout;
        while (_time.GetUtcNow() < deadline)
        {
            lock (_lock)
            {
                if (Waiting == 0 && _enqueued == _published + _droppedOldest + _rejected) return true;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(20), _time, ct).ConfigureAwait(false);
        }
        return false;
    }

    private async Task PublishAsync(PendingRecord pending, CancellationToken ct)
    {
        var record = pending.Record;
        if (_s3 is not null && _bucket is not null)
        {
            if (await StoreSnapshotAsync(pending, ct).ConfigureAwait(false))
            {
                record = record with { EdgeInformation = record.EdgeInformation! with { SnapshotKey = pending.SnapshotKey } };
            }
        }
        var data = MatchRecordCodec.Encode(record);
        var camera = record.EdgeInformation?.Camera ?? "unknown";
        var delay = RetryDelay;
        while (true)
        {
            try
            {
                var response = await _kinesis.PutRecordAsync(new PutRecordRequest
                {
                    StreamName = _streamName,
                    Data = data,
                    PartitionKey = camera,
                    SequenceNumberForOrdering = _lastSequenceNumber,
                }, ct).ConfigureAwait(false);
                _lastSequenceNumber = response.SequenceNumber ?? _lastSequenceNumber;
                lock (_lock) _published++;
                return;
            }
            catch (AwsServiceException ex) when (!ex.IsRetryable && !ex.IsThrottling)
            {
                lock (_lock) _rejected++;
                _log.WriteLine($"analysis: Kinesis rejected a record for good ({ex.ErrorCode}: {ex.Message}); dropped it");
                return;
            }
            catch (Exception ex) when (ex is AwsServiceException or AwsTransportException)
            {
                // Throttled or unreachable after the client's retries: keep this record first in line.
                lock (_lock) _retriedPuts++;
                _log.WriteLine($"analysis: putting a record failed ({ex.Message}); retrying in {delay.TotalSeconds:0.#} s");
                await Task.Delay(delay, _time, ct).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
            }
        }
    }

    // A snapshot that cannot be stored does not hold the record back: the alert goes out without its link.
    private async Task<bool> StoreSnapshotAsync(PendingRecord pending, CancellationToken ct)
    {
        try
        {
            using var body = new MemoryStream(pending.FrameJpeg, writable: false);
            await _s3!.PutObjectAsync(new PutObjectRequest
            {
                BucketName = _bucket,
                Key = pending.SnapshotKey,
                InputStream = body,
                ContentType = "image/jpeg",
                // The frame is in memory: sign it whole rather than as aws-chunked (which not every S3-compatible store reads).
                UseChunkEncoding = false,
            }, ct).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when ((ex is AmazonServiceException or HttpRequestException or IOException or TaskCanceledException) && !ct.IsCancellationRequested)
        {
            lock (_lock) _snapshotFailures++;
            _log.WriteLine($"analysis: storing snapshot {pending.SnapshotKey} failed ({ex.Message}); the record goes without it");
            return false;
        }
    }
}
