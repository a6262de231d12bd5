using System.Globalization;
using Amazon.DynamoDBv2.Model;
using EyeOfHorus.Testing.Emulators;
using Microsoft.Extensions.Time.Testing;

namespace EyeOfHorus.FaceIndexer.Tests;

/// <summary>The ledger's lease wait on dynalite, under a fake clock that records every pause the ledger asks for.</summary>
public sealed class PhotoLedgerTests(IndexerFixture fixture) : IClassFixture<IndexerFixture>
{
    private const string Key = "faces/alice/me.jpg";

    [Fact]
    public async Task A_busy_key_is_retried_after_pauses_doubling_from_25_ms_up_to_500_ms_until_the_wait_is_used_up()
    {
        var table = await LedgerTables.CreateAsync(fixture.Dynalite.Endpoint, "face-ledger-" + Guid.NewGuid().ToString("N")[..12]);
        var clock = new RecordingClock();
        await PlantLeaseAsync(table, clock.GetUtcNow().AddHours(1));
        var ledger = new PhotoLedger(fixture.Dynamo, table, clock);

        // 25 + 50 + 100 + 200 + 400 + 500 + 500 ms: the wait is used up exactly at the 8th refusal.
        var acquire = ledger.AcquireAsync(Key, "me", TimeSpan.FromSeconds(90), TimeSpan.FromMilliseconds(1775), CancellationToken.None);
        await clock.RunPausesAsync(acquire);

        var e = await Assert.ThrowsAsync<PhotoBusyException>(() => acquire);
        Assert.Equal([25, 50, 100, 200, 400, 500, 500], clock.Pauses.Select(p => p.TotalMilliseconds));
        Assert.Contains("waited 1.8 s", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_lease_given_back_during_the_wait_is_taken_at_the_next_try()
    {
        var table = await LedgerTables.CreateAsync(fixture.Dynalite.Endpoint, "face-ledger-" + Guid.NewGuid().ToString("N")[..12]);
        var clock = new RecordingClock();
        await PlantLeaseAsync(table, clock.GetUtcNow().AddHours(1));
        var ledger = new PhotoLedger(fixture.Dynamo, table, clock);
        clock.BeforePause = async n =>
        {
            if (n == 3) await ledger.ReleaseAsync(Key, "other", CancellationToken.None);
        };

        var acquire = ledger.AcquireAsync(Key, "me", TimeSpan.FromSeconds(90), TimeSpan.FromSeconds(20), CancellationToken.None);
        await clock.RunPausesAsync(acquire);

        var entry = await acquire;
        Assert.Empty(entry.Faces);
        Assert.Equal([25, 50, 100], clock.Pauses.Select(p => p.TotalMilliseconds));
        var item = (await fixture.Dynamo.GetItemAsync(table, new() { ["pk"] = new() { S = Key } })).Item;
        Assert.Equal("me", item["lease"].S);
    }

    [Fact]
    public async Task The_entry_holds_the_faces_and_rejections_recorded_and_nothing_else()
    {
        var table = await LedgerTables.CreateAsync(fixture.Dynalite.Endpoint, "face-ledger-" + Guid.NewGuid().ToString("N")[..12]);
        var ledger = new PhotoLedger(fixture.Dynamo, table, TimeProvider.System);
        await ledger.AddFacesAsync(Key, "v2", "image-2", ["face-a"], CancellationToken.None);
        Assert.True(await ledger.MarkRejectedAsync(Key, "v1", "no-face", CancellationToken.None));
        Assert.False(await ledger.MarkRejectedAsync(Key, "v1", "bad-name", CancellationToken.None));

        var entry = await ledger.AcquireAsync(Key, "me", TimeSpan.FromSeconds(90), TimeSpan.Zero, CancellationToken.None);

        Assert.Equal([new LedgerFace("face-a", "v2", "image-2")], entry.Faces);
        Assert.Equal(new Dictionary<string, string> { ["v1"] = "no-face" }, entry.Rejections);
    }

    [Fact]
    public async Task Giving_back_a_lease_another_invocation_took_over_leaves_theirs_alone()
    {
        var table = await LedgerTables.CreateAsync(fixture.Dynalite.Endpoint, "face-ledger-" + Guid.NewGuid().ToString("N")[..12]);
        await PlantLeaseAsync(table, DateTimeOffset.UtcNow.AddHours(1));
        var ledger = new PhotoLedger(fixture.Dynamo, table, TimeProvider.System);

        await ledger.ReleaseAsync(Key, "me", CancellationToken.None); // ours expired and "other" holds it now

        var item = (await fixture.Dynamo.GetItemAsync(table, new() { ["pk"] = new() { S = Key } })).Item;
        Assert.Equal("other", item["lease"].S);
        Assert.True(item.ContainsKey("leaseUntil"));
    }

    private Task PlantLeaseAsync(string table, DateTimeOffset until) =>
        fixture.Dynamo.PutItemAsync(new PutItemRequest
        {
            TableName = table,
            Item = new()
            {
                ["pk"] = new() { S = Key },
                ["lease"] = new() { S = "other" },
                ["leaseUntil"] = new() { N = until.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) },
            },
        });

    /// <summary>A <see cref="FakeTimeProvider"/> that records each timer's due time (Task.Delay's pause); <see cref="RunPausesAsync"/> lets each one elapse.</summary>
    private sealed class RecordingClock : TimeProvider
    {
        private readonly FakeTimeProvider _time = new();
        private readonly List<TimeSpan> _pauses = [];

        public IReadOnlyList<TimeSpan> Pauses { get { lock (_pauses) return [.. _pauses]; } }

        /// <summary>Runs before the n-th pause (from 1) elapses.</summary>
        public Func<int, Task>? BeforePause { get; set; }

        public override DateTimeOffset GetUtcNow() => _time.GetUtcNow();
        public override long GetTimestamp() => _time.GetTimestamp();
        public override long TimestampFrequency => _time.TimestampFrequency;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = _time.CreateTimer(callback, state, dueTime, period);
            lock (_pauses) _pauses.Add(dueTime);
            return timer;
        }

        /// <summary>Until <paramref name="work"/> ends: waits (in real time) for its next pause and advances the fake time by it.</summary>
        public async Task RunPausesAsync(Task work)
        {
            var elapsed = 0;
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (!work.IsCompleted)
            {
                Assert.True(DateTime.UtcNow < deadline, "the ledger neither paused nor finished within 30 s");
                var pauses = Pauses;
                if (pauses.Count > elapsed)
                {
                    elapsed++;
                    if (BeforePause is { } before) await before(elapsed);
                    _time.Advance(pauses[elapsed - 1]);
                }
                else await Task.WhenAny(work, Task.Delay(5));
            }
        }
    }
}
