using System.Text;
using EyeOfHorus.Local.Alerts;
using EyeOfHorus.Local.State;
using MQTTnet;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace EyeOfHorus.Local.Tests;

/// <summary>What the MQTT sink sends, as an in-process MQTTnet broker receives it.</summary>
public sealed class MqttSinkTests
{
    private static StoredAlert Alert(string camera, string @event, string? person) =>
        new(42, camera, @event, person, DateTimeOffset.UnixEpoch, "line", $$"""{"event":"{{@event}}","person":"{{person}}"}""", null);

    [Theory]
    [InlineData("front-door", "front-door")]
    [InlineData("a/b+c#d\0e", "a_b_c_d_e")]
    [InlineData("Zoë Ünal", "Zoë Ünal")]
    [InlineData("", "_")]
    public void Topic_levels_replace_only_the_characters_mqtt_reserves(string name, string segment) =>
        Assert.Equal(segment, MqttSink.Segment(name));

    [Fact]
    public async Task Topics_are_events_camera_event_and_the_known_persons_match()
    {
        await using var sink = new MqttSink(new MqttSettings(new Uri("mqtt://b"), TopicPrefix: "home/horus"));
        Assert.Equal(["home/horus/events", "home/horus/door_1/person_recognised", "home/horus/matches/o_bama"], sink.TopicsFor(Alert("door/1", "person_recognised", "o+bama")));
        Assert.Equal(["home/horus/events", "home/horus/door/unknown_face"], sink.TopicsFor(Alert("door", "unknown_face", null)));
        Assert.Equal("home/horus/available", sink.AvailabilityTopic);
    }

    [Fact]
    public async Task Each_alert_is_the_json_document_at_qos_1_with_credentials_and_retained_availability()
    {
        var port = WebhookReceiver.FreePort();
        var messages = new List<MqttApplicationMessage>();
        string? user = null, password = null, clientId = null;
        using var broker = new MqttServerFactory().CreateMqttServer(new MqttServerOptionsBuilder().WithDefaultEndpoint().WithDefaultEndpointPort(port).Build());
        broker.ValidatingConnectionAsync += e =>
        {
            (user, password, clientId) = (e.UserName, e.Password, e.ClientId);
            return Task.CompletedTask;
        };
        broker.InterceptingPublishAsync += e =>
        {
            lock (messages) messages.Add(e.ApplicationMessage);
            return Task.CompletedTask;
        };
        await broker.StartAsync();

        var alert = Alert("door", "person_recognised", "obama");
        await using (var sink = new MqttSink(new MqttSettings(new Uri($"mqtt://127.0.0.1:{port}"), "horus-user", "s3cret")))
        {
            Assert.Equal((DeliveryResult.Delivered, (string?)null), await sink.DeliverAsync(alert, CancellationToken.None));
            Assert.Equal((DeliveryResult.Delivered, (string?)null), await sink.DeliverAsync(alert, CancellationToken.None)); // connected once
        }
        Assert.Equal(("horus-user", "s3cret", "horus-run"), (user, password, clientId));
        lock (messages)
        {
            var availability = messages.Where(m => m.Topic == "horus/available").Select(m => (Encoding.UTF8.GetString(m.Payload), m.Retain, m.QualityOfServiceLevel)).ToList();
            Assert.Equal([("online", true, MqttQualityOfServiceLevel.AtLeastOnce), ("offline", true, MqttQualityOfServiceLevel.AtLeastOnce)], availability);
            var alerts = messages.Where(m => m.Topic != "horus/available").ToList();
            Assert.Equal(6, alerts.Count);
            Assert.All(alerts, m =>
            {
                Assert.Equal(alert.Document, Encoding.UTF8.GetString(m.Payload));
                Assert.Equal(("application/json", MqttQualityOfServiceLevel.AtLeastOnce, false), (m.ContentType, m.QualityOfServiceLevel, m.Retain));
            });
        }
    }

    [Fact]
    public async Task A_broker_that_is_down_or_refuses_the_login_is_a_retry_with_the_reason()
    {
        var port = WebhookReceiver.FreePort();
        await using (var down = new MqttSink(new MqttSettings(new Uri($"mqtt://127.0.0.1:{port}")), TimeSpan.FromSeconds(2)))
        {
            var (result, error) = await down.DeliverAsync(Alert("door", "unknown_face", null), CancellationToken.None);
            Assert.Equal(DeliveryResult.Retry, result);
            Assert.False(string.IsNullOrEmpty(error));
        }
        using var broker = new MqttServerFactory().CreateMqttServer(new MqttServerOptionsBuilder().WithDefaultEndpoint().WithDefaultEndpointPort(port).Build());
        broker.ValidatingConnectionAsync += e =>
        {
            e.ReasonCode = MqttConnectReasonCode.BadUserNameOrPassword;
            return Task.CompletedTask;
        };
        await broker.StartAsync();
        await using var refused = new MqttSink(new MqttSettings(new Uri($"mqtt://127.0.0.1:{port}"), "u", "wrong"), TimeSpan.FromSeconds(2));
        var (r, e) = await refused.DeliverAsync(Alert("door", "unknown_face", null), CancellationToken.None);
        Assert.Equal(DeliveryResult.Retry, r);
        Assert.Contains("BadUserNameOrPassword", e, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_broker_that_never_answers_the_connect_is_a_retry_naming_the_time_limit()
    {
        using var silent = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        silent.Start(); // accepts the TCP connection (the backlog), never sends CONNACK
        var port = ((System.Net.IPEndPoint)silent.LocalEndpoint).Port;
        await using var sink = new MqttSink(new MqttSettings(new Uri($"mqtt://127.0.0.1:{port}")), TimeSpan.FromMilliseconds(500));
        var (result, error) = await sink.DeliverAsync(Alert("door", "unknown_face", null), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal((DeliveryResult.Retry, "broker did not answer within 0.5 s"), (result, error));
    }

    [Fact]
    public async Task A_broker_that_stops_answering_is_a_retry_after_the_timeout_and_closing_the_sink_does_not_wait_for_it()
    {
        var port = WebhookReceiver.FreePort();
        using var broker = new MqttServerFactory().CreateMqttServer(new MqttServerOptionsBuilder().WithDefaultEndpoint().WithDefaultEndpointPort(port).Build());
        var stalling = false;
        var stalled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // Once stalling, the broker takes the alert's PUBLISH and never acknowledges it (nor anything after).
        broker.InterceptingPublishAsync += e => Volatile.Read(ref stalling) && e.ApplicationMessage.Topic != "horus/available" ? stalled.Task : Task.CompletedTask;
        await broker.StartAsync();
        try
        {
            var sink = new MqttSink(new MqttSettings(new Uri($"mqtt://127.0.0.1:{port}")), TimeSpan.FromSeconds(2));
            var first = DeliveryResult.Retry;
            for (var i = 0; i < 5 && first != DeliveryResult.Delivered; i++) // connected first, so that only the PUBLISH goes unanswered
                (first, _) = await sink.DeliverAsync(Alert("door", "unknown_face", null), CancellationToken.None);
            Assert.Equal(DeliveryResult.Delivered, first);

            Volatile.Write(ref stalling, true);
            var (result, error) = await sink.DeliverAsync(Alert("door", "unknown_face", null), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));
            Assert.Equal((DeliveryResult.Retry, "broker did not answer within 2 s"), (result, error));
            await sink.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(20)); // its "offline" gets no answer either: MQTTnet alone would wait 100 s
        }
        finally
        {
            stalled.TrySetResult();
            await broker.StopAsync();
        }
    }
}
