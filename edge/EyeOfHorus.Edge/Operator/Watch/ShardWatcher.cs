using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using EyeOfHorus.Aws;

namespace EyeOfHorus.Edge.Operator.Watch;

/// <summary>A record read from one shard of the data stream.</summary>
public sealed record ShardRecord(string ShardId, Record Record);

/// <summary>Pacing of the shard readers.</summary>
public sealed record WatchPacing
{
    /// <summary>Pause after a read that found the shard caught up (Kinesis allows 5 GetRecords per second per shard).</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>First pause after a throttled or failed call; doubles up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan FirstBackoff { get; init; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(10);

    public int RecordsPerCall { get; init; } = 1000;
}

/// <summary>
/// Reads every shard of a Kinesis data stream from LATEST or from a time (AT_TIMESTAMP), follows
/// NextShardIterator, moves on to the children of a shard closed by resharding (after all of a
/// child's parents being read are done, so a merge keeps its order), gets a new iterator after
/// ExpiredIteratorException from the last sequence number read, and backs off when throttled.
/// </summary>
public sealed class ShardWatcher(KinesisClient kinesis, string streamName, DateTimeOffset? since, WatchPacing? pacing = null,
    Action<string>? warn = null, TimeProvider? time = null, Action<int>? positioned = null)
{
    private readonly WatchPacing _pacing = pacing ?? new WatchPacing();
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly Action<string> _warn = warn ?? (_ => { });

    /// <summary>Where a shard reader starts: LATEST, TRIM_HORIZON, or AT_TIMESTAMP.</summary>
    private sealed record Start(string IteratorType, DateTimeOffset? Timestamp = null);

    private sealed record ClosedShard(string ShardId, IReadOnlyList<ChildShard>? Children);

    /// <summary>The stream's shards, all pages. Errors (stream not found, no access) propagate to the caller.</summary>
    public async Task<IReadOnlyList<Shard>> ListShardsAsync(CancellationToken cancellationToken)
    {
        var shards = new List<Shard>();
        var request = new ListShardsRequest { StreamName = streamName };
        while (true)
        {
            var page = await kinesis.ListShardsAsync(request, cancellationToken).ConfigureAwait(false);
            shards.AddRange((page.Shards ?? []).Where(s => s.ShardId is not null));
            if (string.IsNullOrEmpty(page.NextToken)) return shards;
            request = new ListShardsRequest { NextToken = page.NextToken };
        }
    }

    public async IAsyncEnumerable<ShardRecord> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var shards = await ListShardsAsync(cancellationToken).ConfigureAwait(false);
        var records = Channel.CreateBounded<ShardRecord>(new BoundedChannelOptions(1000) { SingleReader = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var failure = new FailureBox();
        var coordinator = Task.Run(() => CoordinateAsync(shards, records.Writer, failure, stop), CancellationToken.None);
        try
        {
            await foreach (var record in records.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
                yield return record;
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await coordinator.ConfigureAwait(false);
        }
        failure.ThrowIfSet();
    }

    private sealed class FailureBox
    {
        private ExceptionDispatchInfo? _first;

        public void Set(Exception ex) => Interlocked.CompareExchange(ref _first, ExceptionDispatchInfo.Capture(ex), null);

        public void ThrowIfSet() => _first?.Throw();
    }

    private async Task CoordinateAsync(IReadOnlyList<Shard> shards, ChannelWriter<ShardRecord> output, FailureBox failure, CancellationTokenSource stop)
    {
        var token = stop.Token;
        var known = shards.ToDictionary(s => s.ShardId!, StringComparer.Ordinal);
        var started = new HashSet<string>(StringComparer.Ordinal);
        var finished = new HashSet<string>(StringComparer.Ordinal);
        var readers = new List<Task>();
        var firstIterators = new List<Task>();
        var closed = Channel.CreateUnbounded<ClosedShard>();

        void StartReader(string shardId, Start start)
        {
            if (!started.Add(shardId)) return;
            var hasIterator = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            firstIterators.Add(hasIterator.Task);
            readers.Add(Task.Run(async () =>
            {
                try
                {
                    await ReadShardAsync(shardId, start, output, closed.Writer, hasIterator, token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (token.IsCancellationRequested)
                {
                }
#pragma warning disable CA1031 // any reader failure ends the watch; the caller rethrows it
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    failure.Set(ex);
                    await stop.CancelAsync().ConfigureAwait(false);
                }
            }, CancellationToken.None));
        }

        bool IsOpen(Shard s) => s.SequenceNumberRange?.EndingSequenceNumber is null;
        IEnumerable<string> ParentsOf(Shard s) => new[] { s.ParentShardId, s.AdjacentParentShardId }.OfType<string>();

        try
        {
            if (since is null)
            {
                foreach (var shard in shards.Where(IsOpen)) StartReader(shard.ShardId!, new Start("LATEST"));
            }
            else
            {
                // The oldest shards still listed; their descendants are read as each one closes.
                foreach (var shard in shards.Where(s => !ParentsOf(s).Any(known.ContainsKey)))
                    StartReader(shard.ShardId!, new Start("AT_TIMESTAMP", since));
            }

            await Task.WhenAll(firstIterators).WaitAsync(token).ConfigureAwait(false);
            positioned?.Invoke(started.Count);

            var running = started.Count;
            while (running > 0)
            {
                var done = await closed.Reader.ReadAsync(token).ConfigureAwait(false);
                running--;
                finished.Add(done.ShardId);

                IEnumerable<(string Id, IEnumerable<string> Parents)> children;
                if (done.Children is { Count: > 0 } reported)
                {
                    children = reported.Where(c => c.ShardId is not null).Select(c => (c.ShardId!, (IEnumerable<string>)(c.ParentShards ?? [done.ShardId])));
                }
                else
                {
                    foreach (var shard in await ListShardsAsync(token).ConfigureAwait(false)) known[shard.ShardId!] = shard;
                    children = known.Values.Where(s => ParentsOf(s).Contains(done.ShardId)).Select(s => (s.ShardId!, ParentsOf(s)));
                }
                foreach (var (childId, parents) in children.ToList())
                {
                    // A merged child waits for both parents we are reading, so its records come after theirs.
                    if (started.Contains(childId) || parents.Any(p => started.Contains(p) && !finished.Contains(p))) continue;
                    StartReader(childId, since is null ? new Start("TRIM_HORIZON") : new Start("AT_TIMESTAMP", since));
                    running++;
                }
            }
            if (finished.Count > 0) _warn("the stream has no open shard left: nothing more to watch.");
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
#pragma warning disable CA1031 // reported through the failure box
        catch (Exception ex)
#pragma warning restore CA1031
        {
            failure.Set(ex);
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(readers).ConfigureAwait(false);
            output.TryComplete();
        }
    }

    private async Task ReadShardAsync(string shardId, Start start, ChannelWriter<ShardRecord> output, ChannelWriter<ClosedShard> closed,
        TaskCompletionSource hasIterator, CancellationToken token)
    {
        string? lastSequence = null;
        var resumeFrom = start;
        var backoff = _pacing.FirstBackoff;

        async Task<string> NewIteratorAsync()
        {
            while (true)
            {
                var request = lastSequence is not null
                    ? new GetShardIteratorRequest { StreamName = streamName, ShardId = shardId, ShardIteratorType = "AFTER_SEQUENCE_NUMBER", StartingSequenceNumber = lastSequence }
                    : new GetShardIteratorRequest { StreamName = streamName, ShardId = shardId, ShardIteratorType = resumeFrom.IteratorType, Timestamp = resumeFrom.Timestamp };
                try
                {
                    var obtainedAt = _time.GetUtcNow();
                    var iterator = (await kinesis.GetShardIteratorAsync(request, token).ConfigureAwait(false)).ShardIterator
                        ?? throw new InvalidOperationException($"Kinesis returned no shard iterator for {shardId}.");
                    // Should this iterator expire before any record arrives, resume from when it was taken, not from a new LATEST.
                    if (resumeFrom.IteratorType == "LATEST") resumeFrom = new Start("AT_TIMESTAMP", obtainedAt);
                    return iterator;
                }
                catch (Exception ex) when (IsTransient(ex))
                {
                    backoff = await BackOffAsync(shardId, ex, backoff, token).ConfigureAwait(false);
                }
            }
        }

        string iterator;
        try
        {
            iterator = await NewIteratorAsync().ConfigureAwait(false);
        }
        finally
        {
            hasIterator.TrySetResult();
        }
        while (true)
        {
            GetRecordsResponse response;
            try
            {
                response = await kinesis.GetRecordsAsync(new GetRecordsRequest { ShardIterator = iterator, Limit = _pacing.RecordsPerCall }, token).ConfigureAwait(false);
            }
            catch (AwsServiceException ex) when (ex.ErrorCode == "ExpiredIteratorException")
            {
                _warn($"{shardId}: the shard iterator expired; resuming {(lastSequence is null ? "from where it started" : "after sequence number " + lastSequence)}.");
                iterator = await NewIteratorAsync().ConfigureAwait(false);
                continue;
            }
            catch (Exception ex) when (IsTransient(ex))
            {
                backoff = await BackOffAsync(shardId, ex, backoff, token).ConfigureAwait(false);
                continue;
            }
            backoff = _pacing.FirstBackoff;

            var batch = response.Records ?? [];
            foreach (var record in batch)
            {
                await output.WriteAsync(new ShardRecord(shardId, record), token).ConfigureAwait(false);
                lastSequence = record.SequenceNumber ?? lastSequence;
            }
            if (response.NextShardIterator is null)
            {
                await closed.WriteAsync(new ClosedShard(shardId, response.ChildShards), token).ConfigureAwait(false);
                return;
            }
            iterator = response.NextShardIterator;
            if (batch.Count == 0 || response.MillisBehindLatest is null or 0)
                await Task.Delay(_pacing.PollInterval, _time, token).ConfigureAwait(false);
        }
    }

    private static bool IsTransient(Exception ex) => ex is AwsTransportException || ex is AwsServiceException { IsThrottling: true } || ex is AwsServiceException { IsRetryable: true };

    private async Task<TimeSpan> BackOffAsync(string shardId, Exception ex, TimeSpan backoff, CancellationToken token)
    {
        var what = ex is AwsServiceException service ? service.ErrorCode : "no answer from Kinesis";
        _warn($"{shardId}: {what}; retrying in {backoff.TotalSeconds:0.#} s.");
        await Task.Delay(backoff, _time, token).ConfigureAwait(false);
        return TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, _pacing.MaxBackoff.Ticks));
    }
}
