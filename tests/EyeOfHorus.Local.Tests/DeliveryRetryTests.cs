using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;
using EyeOfHorus.Local.Alerts;
using EyeOfHorus.Local.State;
using Microsoft.Extensions.Time.Testing;

namespace EyeOfHorus.Local.Tests;

/// <summary>The delivery worker's retry policy and the webhook's answers, against a real HTTP receiver; waits on a fake clock.</summary>
public sealed partial class DeliveryRetryTests
{
    /// <summary>A fake clock that records every wait asked of it (Task.Delay creates one timer per wait).</summary>
    private sealed class RecordingClock : FakeTimeProvider
    {
        public ConcurrentQueue<TimeSpan> Waits { get; } = new();

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            Waits.Enqueue(dueTime);
            return base.CreateTimer(callback, state, dueTime, period);
        }
    }

    private sealed class Log : TextWriter
    {
        public ConcurrentQueue<string> Lines { get; } = new();
        public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;
        public override void WriteLine(string? value) => Lines.Enqueue(value ?? "");
    }

    private static StoredAlert Accept(LocalStore store, string person)
    {
        var now = DateTimeOffset.UtcNow;
        return store.TryAccept($"door|person|{person}", TimeSpan.FromMinutes(5), now, "door", "person_recognised", person, now, "line",
            $$"""{"person":"{{person}}"}""", null, ["webhook"])!;
    }

    private static async Task WaitUntil(Func<bool> condition, string what)
    {
        var sw = Stopwatch.StartNew();
        while (!condition())
        {
            if (sw.Elapsed > TimeSpan.FromSeconds(15)) Assert.Fail($"timed out waiting for {what}");
            await Task.Delay(10);
        }
    }

    [GeneratedRegex(@"^webhook: alert 1 not delivered \(HTTP 503\); retrying in \d+(\.\d)? s$")]
    private static partial Regex RetryLine();

    [Fact]
    public async Task Waits_double_from_the_initial_backoff_up_to_the_cap_with_jitter_and_start_again_after_a_delivery()
    {
        using var dir = new TempFolder();
        using var store = dir.OpenStore();
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Status = 503;
        await using var sink = new WebhookSink(receiver.Url);
        var clock = new RecordingClock();
        var log = new Log();
        var worker = new DeliveryWorker(store, sink, new DeliveryOptions(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(4)), log, clock);
        using var stop = new CancellationTokenSource();
        Accept(store, "obama");
        var run = worker.RunAsync(stop.Token);

        for (var n = 1; n <= 5; n++)
        {
            await WaitUntil(() => clock.Waits.Count == n, $"wait {n}");
            Assert.Equal(n, worker.Counters.Retries);
            Assert.Equal(n, receiver.Requests.Count);
            if (n == 5) receiver.Status = 200;
            clock.Advance(clock.Waits.Last());
        }
        await WaitUntil(() => worker.Counters.Delivered == 1, "the delivery");
        var waits = clock.Waits.Select(w => w.TotalSeconds).ToList();
        double[] backoffs = [1, 2, 4, 4, 4];
        for (var i = 0; i < 5; i++)
            Assert.InRange(waits[i], 0.75 * backoffs[i], 1.25 * backoffs[i]);

        // After a delivery the next failure waits the initial backoff again.
        receiver.Status = 503;
        Accept(store, "biden");
        worker.Notify();
        await WaitUntil(() => clock.Waits.Count == 6, "the wait after a new failure");
        Assert.InRange(clock.Waits.Last().TotalSeconds, 0.75, 1.25);
        receiver.Status = 200;
        clock.Advance(clock.Waits.Last());
        await WaitUntil(() => worker.Counters.Delivered == 2, "the second delivery");
        await stop.CancelAsync();
        await run;

        Assert.Equal(new DeliveryCounters(2, 6, 0, 0), worker.Counters);
        Assert.Equal(8, receiver.Requests.Count); // no attempt beyond the retries
        Assert.Equal(5, log.Lines.Count(l => RetryLine().IsMatch(l)));
        Assert.Equal(0, store.PendingCount("webhook"));
    }

    [Fact]
    public async Task The_jitter_spreads_waits_over_three_quarters_to_five_quarters_of_the_backoff()
    {
        using var dir = new TempFolder();
        using var store = dir.OpenStore();
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Status = 500;
        await using var sink = new WebhookSink(receiver.Url);
        var clock = new RecordingClock();
        var worker = new DeliveryWorker(store, sink, new DeliveryOptions(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10)), null, clock);
        using var stop = new CancellationTokenSource();
        Accept(store, "obama");
        var run = worker.RunAsync(stop.Token);
        for (var n = 1; n <= 30; n++)
        {
            await WaitUntil(() => clock.Waits.Count == n, $"wait {n}");
            clock.Advance(clock.Waits.Last());
        }
        await stop.CancelAsync();
        await run;
        var waits = clock.Waits.Select(w => w.TotalSeconds).ToList();
        Assert.All(waits, w => Assert.InRange(w, 7.5, 12.5));
        Assert.True(waits.Max() - waits.Min() > 1, $"waits {string.Join(", ", waits)} are not spread"); // jittered, not a fixed wait
        Assert.Equal(1, store.PendingCount("webhook"));
    }

    [Fact]
    public async Task A_full_queue_drops_the_oldest_and_counts_them()
    {
        using var dir = new TempFolder();
        using var store = dir.OpenStore();
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var sink = new WebhookSink(receiver.Url);
        var log = new Log();
        var worker = new DeliveryWorker(store, sink, new DeliveryOptions(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), Capacity: 2), log);
        for (var i = 0; i < 5; i++) Accept(store, $"p{i}");
        using var stop = new CancellationTokenSource();
        var run = worker.RunAsync(stop.Token);
        await WaitUntil(() => worker.Counters.Delivered == 2, "the two kept alerts");
        await stop.CancelAsync();
        await run;
        Assert.Equal(new DeliveryCounters(2, 0, 0, 3), worker.Counters);
        Assert.Equal(["""{"person":"p3"}""", """{"person":"p4"}"""], receiver.Received);
        Assert.Equal(["webhook: queue full, dropped the 3 oldest alert(s)"], log.Lines);
        Assert.Equal(3, store.DeliveryCounts("webhook")["dropped"]);
    }

    [Fact]
    public async Task Drain_gives_up_a_refused_alert_and_delivers_the_rest()
    {
        using var dir = new TempFolder();
        using var store = dir.OpenStore();
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Status = 422;
        await using var sink = new WebhookSink(receiver.Url);
        var worker = new DeliveryWorker(store, sink);
        Accept(store, "obama");
        Assert.True(await worker.DrainAsync(TimeSpan.FromSeconds(5)));
        receiver.Status = 200;
        Accept(store, "biden");
        Assert.Equal(1, worker.Pending);
        Assert.True(await worker.DrainAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(new DeliveryCounters(1, 0, 1, 0), worker.Counters);
        Assert.Equal(new Dictionary<string, int> { ["failed"] = 1, ["delivered"] = 1 }, store.DeliveryCounts("webhook"));
        Assert.Equal(0, worker.Pending);
    }

    [Theory]
    [InlineData(200, DeliveryResult.Delivered)]
    [InlineData(204, DeliveryResult.Delivered)]
    [InlineData(299, DeliveryResult.Delivered)]
    [InlineData(408, DeliveryResult.Retry)]
    [InlineData(429, DeliveryResult.Retry)]
    [InlineData(500, DeliveryResult.Retry)]
    [InlineData(503, DeliveryResult.Retry)]
    [InlineData(400, DeliveryResult.Refused)]
    [InlineData(404, DeliveryResult.Refused)]
    [InlineData(409, DeliveryResult.Refused)]
    [InlineData(499, DeliveryResult.Refused)]
    public async Task The_webhooks_status_decides_delivered_retry_or_refused(int status, DeliveryResult expected)
    {
        using var dir = new TempFolder();
        using var store = dir.OpenStore();
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Status = status;
        await using var sink = new WebhookSink(receiver.Url);
        var alert = Accept(store, "obama");
        var (result, error) = await sink.DeliverAsync(alert, CancellationToken.None);
        Assert.Equal((expected, expected == DeliveryResult.Delivered ? null : $"HTTP {status}"), (result, error));
        var request = Assert.Single(receiver.Requests);
        Assert.Equal(("person_recognised", alert.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "application/json; charset=utf-8", alert.Document), request);
    }

    [Fact]
    public async Task A_webhook_that_does_not_answer_in_time_or_at_all_is_retried_and_a_stop_is_not_a_failure()
    {
        using var dir = new TempFolder();
        using var store = dir.OpenStore();
        var alert = Accept(store, "obama");
        await using (var receiver = await WebhookReceiver.StartAsync())
        {
            receiver.Stall = TimeSpan.FromSeconds(30);
            await using var slow = new WebhookSink(receiver.Url, TimeSpan.FromMilliseconds(300));
            Assert.Equal((DeliveryResult.Retry, "no answer within 0.3 s"), await slow.DeliverAsync(alert, CancellationToken.None));
            using var stopped = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => slow.DeliverAsync(alert, stopped.Token));
        }
        await using var down = new WebhookSink(new Uri($"http://127.0.0.1:{WebhookReceiver.FreePort()}/hook"));
        var (result, error) = await down.DeliverAsync(alert, CancellationToken.None);
        Assert.Equal(DeliveryResult.Retry, result);
        Assert.False(string.IsNullOrEmpty(error));
    }
}
