using System.Diagnostics;
using System.Text;
using System.Text.Json;
using EyeOfHorus.Local.Alerts;
using EyeOfHorus.Local.State;
using MQTTnet;
using MQTTnet.Server;

namespace EyeOfHorus.Local.Tests;

public class DeliveryTests
{
    private static readonly DeliveryOptions Fast = new(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(200));

    private static StoredAlert Accept(LocalStore store, string person, params string[] sinks)
    {
        var now = DateTimeOffset.UtcNow;
        var doc = JsonSerializer.Serialize(new { @event = "person_recognised", camera = "door", person });
        return store.TryAccept($"door|person|{person}", TimeSpan.FromMinutes(5), now, "door", "person_recognised", person, now, "line", doc, null, sinks)!;
    }

    private static async Task WaitUntil(Func<bool> condition, TimeSpan timeout, string what)
    {
        var sw = Stopwatch.StartNew();
        while (!condition())
        {
            if (sw.Elapsed > timeout) Assert.Fail($"timed out waiting for {what}");
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task Webhook_receives_each_alert_document_once()
    {
        using var dir = new TempFolder();
        using var store = dir.OpenStore();
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var sink = new WebhookSink(receiver.Url);
        var worker = new DeliveryWorker(store, sink, Fast);
        using var stop = new CancellationTokenSource();
        var run = worker.RunAsync(stop.Token);
        Accept(store, "obama", "webhook");
        Accept(store, "biden", "webhook");
        worker.Notify();
        await WaitUntil(() => receiver.Received.Count == 2, TimeSpan.FromSeconds(10), "two deliveries");
        await stop.CancelAsync();
        await run;
        Assert.Equal(["obama", "biden"], receiver.Received.Select(b => JsonDocument.Parse(b).RootElement.GetProperty("person").GetString()));
        Assert.Equal(0, store.PendingCount("webhook"));
        Assert.Equal((1L, (string?)null, "delivered"), DeliveryRow.Read(store, 1, "webhook"));
        Assert.Equal((1L, (string?)null, "delivered"), DeliveryRow.Read(store, 2, "webhook"));
    }

    [Fact]
    public async Task An_outbox_locked_by_another_program_is_logged_retried_and_its_alert_delivered_once_the_lock_is_gone()
    {
        using var dir = new TempFolder();
        using var store = dir.OpenStore();
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var sink = new WebhookSink(receiver.Url);
        var text = new StringWriter();
        var log = TextWriter.Synchronized(text);
        string Logged() { lock (log) return text.ToString(); } // the synchronized writer locks on itself
        var worker = new DeliveryWorker(store, sink, Fast, log);
        Accept(store, "obama", "webhook");
        using var stop = new CancellationTokenSource();
        Task run;
        using (DatabaseLock.Hold(store.Path))
        {
            run = worker.RunAsync(stop.Token);
            await WaitUntil(() => Logged().Contains("cannot be read or updated", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "the outbox failure");
            Assert.Empty(receiver.Received);
            Assert.False(run.IsCompleted);
        }
        Assert.StartsWith($"webhook: the outbox in {store.Path} cannot be read or updated (", Logged(), StringComparison.Ordinal);
        Assert.Contains("database is locked", Logged(), StringComparison.Ordinal);
        Assert.Matches(@"\); trying again in \d+(\.\d)? s\r?\n", Logged());

        await WaitUntil(() => receiver.Received.Count == 1 && worker.Counters.Delivered == 1, TimeSpan.FromSeconds(10), "delivery once the lock is gone");
        await stop.CancelAsync();
        await run;
        Assert.Equal(0, store.PendingCount("webhook"));
        Assert.Equal(0, worker.Counters.Retries); // the webhook itself never failed
    }

    [Fact]
    public async Task Webhook_down_then_up_gets_the_alert_after_retries()
    {
        using var dir = new TempFolder();
        using var store = dir.OpenStore();
        var port = WebhookReceiver.FreePort();
        await using var sink = new WebhookSink(new Uri($"http://127.0.0.1:{port}/hook"), TimeSpan.FromSeconds(1));
        var worker = new DeliveryWorker(store, sink, Fast);
        using var stop = new CancellationTokenSource();
        var run = worker.RunAsync(stop.Token);
        Accept(store, "obama", "webhook");
        worker.Notify();
        await WaitUntil(() => worker.Counters.Retries >= 2, TimeSpan.FromSeconds(10), "failed attempts while the receiver is down");
        Assert.Equal(1, store.PendingCount("webhook"));
        var (attempts, error, state) = DeliveryRow.Read(store, 1, "webhook");
        Assert.True(attempts >= 2, $"{attempts} attempts recorded");
        Assert.Equal("pending", state);
        Assert.Contains("refused", error, StringComparison.OrdinalIgnoreCase); // the connection's own error, kept for whoever looks
        await using var receiver = await WebhookReceiver.StartAsync(port);
        // The receiver records the body before the worker sees the 2xx and counts it: wait for both.
        await WaitUntil(() => receiver.Received.Count == 1 && worker.Counters.Delivered == 1, TimeSpan.FromSeconds(10), "delivery once the receiver is up");
        await stop.CancelAsync();
        await run;
        Assert.Equal(1, worker.Counters.Delivered);
        Assert.Equal((worker.Counters.Retries + 1, (string?)null, "delivered"), DeliveryRow.Read(store, 1, "webhook"));
    }

    [Fact]
    public async Task A_slow_webhook_is_retried_and_never_blocks_accepting_alerts()
    {
        using var dir = new TempFolder();
        using var store = dir.OpenStore();
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Stall = TimeSpan.FromSeconds(30);
        await using var sink = new WebhookSink(receiver.Url, TimeSpan.FromMilliseconds(300));
        var worker = new DeliveryWorker(store, sink, Fast);
        using var stop = new CancellationTokenSource();
        var run = worker.RunAsync(stop.Token);
        var sw = Stopwatch.StartNew();
        for (var i = 0; i < 20; i++) { Accept(store, $"p{i}", "webhook"); worker.Notify(); }
        var acceptTime = sw.Elapsed;
        await WaitUntil(() => worker.Counters.Retries >= 2, TimeSpan.FromSeconds(10), "timed-out attempts");
        Assert.True(acceptTime < TimeSpan.FromSeconds(2), $"accepting 20 alerts took {acceptTime}");
        receiver.Stall = TimeSpan.Zero;
        await WaitUntil(() => receiver.Received.Count >= 20, TimeSpan.FromSeconds(20), "all 20 once the receiver answers");
        await stop.CancelAsync();
        await run;
        Assert.Equal(20, receiver.Received.Distinct().Count());
    }

    [Fact]
    public async Task A_refused_document_is_not_retried()
    {
        using var dir = new TempFolder();
        using var store = dir.OpenStore();
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Status = 400;
        await using var sink = new WebhookSink(receiver.Url);
        var log = new StringWriter();
        var worker = new DeliveryWorker(store, sink, Fast, TextWriter.Synchronized(log));
        using var stop = new CancellationTokenSource();
        var run = worker.RunAsync(stop.Token);
        Accept(store, "obama", "webhook");
        worker.Notify();
        await WaitUntil(() => worker.Counters.Refused == 1, TimeSpan.FromSeconds(10), "the refusal");
        await Task.Delay(300);
        await stop.CancelAsync();
        await run;
        Assert.Equal(0, worker.Counters.Retries);
        Assert.Equal(1, store.DeliveryCounts("webhook")["failed"]);
        Assert.Equal((1L, "HTTP 400", "failed"), DeliveryRow.Read(store, 1, "webhook"));
        Assert.Equal("webhook: alert 1 refused for good: HTTP 400" + Environment.NewLine, log.ToString());
    }

    [Fact]
    public async Task Draining_at_stop_ends_at_the_first_alert_the_receiver_does_not_take_now()
    {
        using var dir = new TempFolder();
        using var store = dir.OpenStore();
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Status = 503;
        await using var sink = new WebhookSink(receiver.Url);
        var worker = new DeliveryWorker(store, sink, Fast);
        Accept(store, "obama", "webhook");
        Accept(store, "biden", "webhook");
        Assert.False(await worker.DrainAsync(TimeSpan.FromSeconds(10)));
        Assert.Single(receiver.Requests); // the second one waits for the next run rather than be sent to a receiver that said "later"
        Assert.Equal(2, store.PendingCount("webhook"));
    }

    [Fact]
    public async Task Stopping_with_the_receiver_down_keeps_the_alert_for_the_next_run()
    {
        using var dir = new TempFolder();
        var port = WebhookReceiver.FreePort();
        using (var store = dir.OpenStore())
        {
            await using var sink = new WebhookSink(new Uri($"http://127.0.0.1:{port}/hook"), TimeSpan.FromMilliseconds(300));
            var worker = new DeliveryWorker(store, sink, Fast);
            Accept(store, "obama", "webhook");
            Assert.False(await worker.DrainAsync(TimeSpan.FromSeconds(1)));
        }
        using (var store = dir.OpenStore())
        {
            await using var receiver = await WebhookReceiver.StartAsync(port);
            await using var sink = new WebhookSink(receiver.Url);
            var worker = new DeliveryWorker(store, sink, Fast);
            Assert.True(await worker.DrainAsync(TimeSpan.FromSeconds(5)));
            Assert.Single(receiver.Received);
        }
    }

    /// <param name="published">When given, every message the broker receives (topic, payload), seen by the broker itself.</param>
    private static async Task<MqttServer> StartBroker(int port, List<(string Topic, string Payload)>? published = null)
    {
        var server = new MqttServerFactory().CreateMqttServer(new MqttServerOptionsBuilder().WithDefaultEndpoint().WithDefaultEndpointPort(port).Build());
        if (published is not null)
            server.InterceptingPublishAsync += e =>
            {
                lock (published) published.Add((e.ApplicationMessage.Topic, Encoding.UTF8.GetString(e.ApplicationMessage.Payload)));
                return Task.CompletedTask;
            };
        await server.StartAsync();
        return server;
    }

    private static async Task<(IMqttClient Client, List<(string Topic, string Payload)> Seen)> Subscribe(int port, string filter)
    {
        var seen = new List<(string, string)>();
        var client = new MqttClientFactory().CreateMqttClient();
        client.ApplicationMessageReceivedAsync += e =>
        {
            lock (seen) seen.Add((e.ApplicationMessage.Topic, Encoding.UTF8.GetString(e.ApplicationMessage.Payload)));
            return Task.CompletedTask;
        };
        await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId("test-" + Guid.NewGuid().ToString("N")).Build());
        await client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter(filter).Build());
        return (client, seen);
    }

    [Fact]
    public async Task Mqtt_publishes_each_alert_on_its_event_camera_and_person_topics()
    {
        using var dir = new TempFolder();
        using var store = dir.OpenStore();
        var port = WebhookReceiver.FreePort();
        using var broker = await StartBroker(port);
        var (client, seen) = await Subscribe(port, "horus/#");
        await using var sink = new MqttSink(new MqttSettings(new Uri($"mqtt://127.0.0.1:{port}")));
        var worker = new DeliveryWorker(store, sink, Fast);
        Accept(store, "obama", "mqtt");
        Assert.True(await worker.DrainAsync(TimeSpan.FromSeconds(10)));
        await WaitUntil(() => { lock (seen) return seen.Count(s => s.Topic != "horus/available") == 3; }, TimeSpan.FromSeconds(10), "three topics");
        lock (seen)
        {
            Assert.Equal(["horus/door/person_recognised", "horus/events", "horus/matches/obama"],
                seen.Where(s => s.Topic != "horus/available").Select(s => s.Topic).Order(StringComparer.Ordinal));
            Assert.Contains(("horus/available", "online"), seen);
        }
        client.Dispose();
    }

    [Fact]
    public async Task Mqtt_broker_restart_loses_no_alert()
    {
        using var dir = new TempFolder();
        using var store = dir.OpenStore();
        var port = WebhookReceiver.FreePort();
        var broker = await StartBroker(port);
        await using var sink = new MqttSink(new MqttSettings(new Uri($"mqtt://127.0.0.1:{port}")), TimeSpan.FromSeconds(1));
        var worker = new DeliveryWorker(store, sink, Fast);
        using var stop = new CancellationTokenSource();
        var run = worker.RunAsync(stop.Token);
        Accept(store, "obama", "mqtt");
        worker.Notify();
        await WaitUntil(() => worker.Counters.Delivered == 1, TimeSpan.FromSeconds(10), "the first alert");

        await broker.StopAsync();
        broker.Dispose();
        Accept(store, "biden", "mqtt");
        worker.Notify();
        await WaitUntil(() => worker.Counters.Retries >= 1, TimeSpan.FromSeconds(10), "a failed attempt while the broker is down");

        // The restarted broker records what it receives itself: a subscriber connecting after the
        // restart could miss a delivery that beat its subscription.
        var published = new List<(string Topic, string Payload)>();
        using var restarted = await StartBroker(port, published);
        await WaitUntil(() => worker.Counters.Delivered == 2, TimeSpan.FromSeconds(15), "the second alert after the restart");
        await stop.CancelAsync();
        await run;
        lock (published)
        {
            var events = Assert.Single(published, p => p.Topic == "horus/events");
            Assert.Contains("biden", events.Payload, StringComparison.Ordinal);
            Assert.DoesNotContain(published, p => p.Payload.Contains("obama", StringComparison.Ordinal)); // the first alert is not sent again
        }
    }
}
