using System.Collections.Concurrent;
using System.Numerics;
using EyeOfHorus.Aws;
using EyeOfHorus.Edge.Operator.Watch;
using EyeOfHorus.Testing.Emulators;

namespace EyeOfHorus.Edge.Tests.Operator;

/// <summary>The watch loop against kinesalite: several shards, LATEST and AT_TIMESTAMP, resharding, expired iterators, throttling.</summary>
public sealed class ShardWatcherTests : IAsyncLifetime
{
    private static readonly WatchPacing Fast = new()
    {
        PollInterval = TimeSpan.FromMilliseconds(40),
        FirstBackoff = TimeSpan.FromMilliseconds(20),
        MaxBackoff = TimeSpan.FromMilliseconds(100),
    };

    private readonly Kinesalite _kinesalite = new();
    private KinesisTestKit _kit = null!;

    public async Task InitializeAsync()
    {
        await _kinesalite.StartAsync();
        _kit = new KinesisTestKit(_kinesalite.Endpoint);
    }

    public async Task DisposeAsync()
    {
        _kit.Dispose();
        await _kinesalite.DisposeAsync();
    }

    /// <summary>Runs a watcher in the background, collecting what it yields.</summary>
    private sealed class Run : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;
        public readonly ConcurrentQueue<ShardRecord> Seen = new();
        public readonly ConcurrentQueue<string> Warnings = new();
        public readonly KinesisFaults Faults = new();

        public Run(Uri endpoint, string stream, DateTimeOffset? since, int maxAttempts = 4)
        {
            var client = new KinesisClient(KinesisTestKit.Options(endpoint, new HttpClient(Faults), maxAttempts));
            var watcher = new ShardWatcher(client, stream, since, Fast, Warnings.Enqueue);
            _loop = Task.Run(async () =>
            {
                await foreach (var record in watcher.WatchAsync(_stop.Token)) Seen.Enqueue(record);
            });
        }

        public Task Loop => _loop;

        public IReadOnlyList<string> Texts => [.. Seen.Select(r => Matches.Text(r.Record.Data!))];

        /// <summary>Waits until every shard reader has made a first GetRecords call, i.e. holds its iterator.</summary>
        public async Task PositionedAsync(int shards)
        {
            await Until(() => Faults.Count("GetRecords") >= shards, "the watcher to read every shard");
        }

        public async Task SeenAsync(int count)
        {
            await Until(() => Seen.Count >= count || _loop.IsCompleted, $"{count} records");
            if (_loop.IsFaulted) await _loop;
            Assert.Equal(count, Seen.Count);
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            try { await _loop; } catch (OperationCanceledException) { }
            _stop.Dispose();
        }
    }

    private static async Task Until(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("Timed out waiting for " + what);
            await Task.Delay(20);
        }
    }

    private static byte[] Record(string person) => Matches.Edge("front-door", "x:" + person);

    [Fact]
    public async Task Reads_every_shard_from_latest_and_not_what_came_before()
    {
        await _kit.CreateStreamAsync("matches", 3);
        var shards = await _kit.ShardsAsync("matches");
        await _kit.PutToShardAsync("matches", shards[0].ShardId!, Record("before"));

        await using var run = new Run(_kinesalite.Endpoint, "matches", since: null);
        await run.PositionedAsync(3);
        var put = new Dictionary<string, string>();
        foreach (var shard in shards)
        {
            await _kit.PutToShardAsync("matches", shard.ShardId!, Record("a-" + shard.ShardId));
            await _kit.PutToShardAsync("matches", shard.ShardId!, Record("b-" + shard.ShardId));
        }
        await run.SeenAsync(6);

        Assert.DoesNotContain(run.Texts, t => t.Contains("x:before", StringComparison.Ordinal));
        foreach (var shard in shards)
        {
            var fromShard = run.Seen.Where(r => r.ShardId == shard.ShardId).Select(r => Matches.Text(r.Record.Data!)).ToList();
            Assert.Equal(2, fromShard.Count);
            Assert.Contains("x:a-" + shard.ShardId, fromShard[0], StringComparison.Ordinal);
            Assert.Contains("x:b-" + shard.ShardId, fromShard[1], StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task At_timestamp_starts_at_that_time()
    {
        await _kit.CreateStreamAsync("matches", 1);
        await _kit.PutAsync("matches", Record("old"), 1);
        await Task.Delay(1100);
        var since = DateTimeOffset.UtcNow;
        await Task.Delay(1100);
        await _kit.PutAsync("matches", Record("new-1"), 1);
        await _kit.PutAsync("matches", Record("new-2"), 1);

        await using var run = new Run(_kinesalite.Endpoint, "matches", since);
        await run.SeenAsync(2);
        Assert.Contains("x:new-1", run.Texts[0], StringComparison.Ordinal);
        Assert.Contains("x:new-2", run.Texts[1], StringComparison.Ordinal);
        Assert.Contains(run.Faults.Calls, c => c.Operation == "GetShardIterator" && c.Body.Contains("AT_TIMESTAMP", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Follows_a_split_into_both_children_then_their_merge()
    {
        await _kit.CreateStreamAsync("matches", 1);
        await using var run = new Run(_kinesalite.Endpoint, "matches", since: null);
        await run.PositionedAsync(1);
        await _kit.PutAsync("matches", Record("parent"), 5);
        await run.SeenAsync(1);

        var middle = KinesisTestKit.MaxHashKey / 2;
        await _kit.SplitShardAsync("matches", "shardId-000000000000", middle);
        await _kit.PutAsync("matches", Record("low-child"), 5);
        await _kit.PutAsync("matches", Record("high-child"), middle + 5);
        await run.SeenAsync(3);

        await _kit.MergeShardsAsync("matches", "shardId-000000000001", "shardId-000000000002");
        await _kit.PutAsync("matches", Record("merged"), 5);
        await run.SeenAsync(4);

        var byPerson = run.Seen.ToDictionary(r => Matches.Text(r.Record.Data!).Split("x:")[1].Split('"')[0], r => r.ShardId);
        Assert.Equal("shardId-000000000000", byPerson["parent"]);
        Assert.Equal("shardId-000000000001", byPerson["low-child"]);
        Assert.Equal("shardId-000000000002", byPerson["high-child"]);
        Assert.Equal("shardId-000000000003", byPerson["merged"]);
        // Children of a closed parent are read from their start, not from LATEST.
        Assert.Contains(run.Faults.Calls, c => c.Operation == "GetShardIterator" && c.Body.Contains("TRIM_HORIZON", StringComparison.Ordinal)
            && c.Body.Contains("shardId-000000000003", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_expired_iterator_is_replaced_after_the_last_record_read_losing_and_repeating_nothing()
    {
        await _kit.CreateStreamAsync("matches", 1);
        await using var run = new Run(_kinesalite.Endpoint, "matches", since: null);
        await run.PositionedAsync(1);
        var first = await _kit.PutAsync("matches", Record("one"), 5);
        await run.SeenAsync(1);

        // The next read is answered "expired"; meanwhile two more records arrive.
        run.Faults.FailNext("GetRecords", "ExpiredIteratorException", before: async () =>
        {
            await _kit.PutAsync("matches", Record("two"), 5);
            await _kit.PutAsync("matches", Record("three"), 5);
        });
        await run.SeenAsync(3);

        Assert.Equal(["one", "two", "three"], run.Texts.Select(t => t.Split("x:")[1].Split('"')[0]));
        Assert.Contains(run.Faults.Calls, c => c.Operation == "GetShardIterator" && c.Body.Contains("AFTER_SEQUENCE_NUMBER", StringComparison.Ordinal)
            && c.Body.Contains(first.SequenceNumber!, StringComparison.Ordinal));
        Assert.Contains(run.Warnings, w => w.Contains("expired", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_iterator_that_expires_before_any_record_resumes_from_when_it_was_taken()
    {
        await _kit.CreateStreamAsync("matches", 1);
        await using var run = new Run(_kinesalite.Endpoint, "matches", since: null);
        await run.PositionedAsync(1);
        run.Faults.FailNext("GetRecords", "ExpiredIteratorException", before: () => _kit.PutAsync("matches", Record("meanwhile"), 5));
        await run.SeenAsync(1);

        Assert.Contains("x:meanwhile", run.Texts[0], StringComparison.Ordinal);
        Assert.Contains(run.Faults.Calls, c => c.Operation == "GetShardIterator" && c.Body.Contains("AT_TIMESTAMP", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Backs_off_when_throughput_is_exceeded_and_carries_on()
    {
        await _kit.CreateStreamAsync("matches", 1);
        await using var run = new Run(_kinesalite.Endpoint, "matches", since: null, maxAttempts: 1);
        await run.PositionedAsync(1);
        run.Faults.FailNext("GetRecords", "ProvisionedThroughputExceededException", times: 3);
        await _kit.PutAsync("matches", Record("after-throttling"), 5);
        await run.SeenAsync(1);

        Assert.Equal(3, run.Warnings.Count(w => w.Contains("ProvisionedThroughputExceededException", StringComparison.Ordinal)));
        Assert.Contains("x:after-throttling", run.Texts[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stream_that_does_not_exist_fails_the_watch()
    {
        var client = new KinesisClient(KinesisTestKit.Options(_kinesalite.Endpoint));
        var watcher = new ShardWatcher(client, "no-such-stream", null, Fast);
        var ex = await Assert.ThrowsAsync<AwsServiceException>(async () =>
        {
            await foreach (var _ in watcher.WatchAsync(CancellationToken.None)) { }
        });
        Assert.Equal("ResourceNotFoundException", ex.ErrorCode);
    }
}
