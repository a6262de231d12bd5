using System.Text;
using System.Text.Json;
using EyeOfHorus.Local.Alerts;
using EyeOfHorus.Local.Frames;
using EyeOfHorus.Local.Tracking;
using EyeOfHorus.Recognition.Alerts;
using MQTTnet;
using MQTTnet.Server;

namespace EyeOfHorus.Local.Tests;

/// <summary>A GStreamer clip -> horus run's runner with the real face engine -> console, a webhook receiver and an in-process MQTT broker.</summary>
public class EndToEndTests
{
    // obama is authorised with obama.jpg; the camera sees other photos of him (obama2, obama-480p) and a stranger (biden2).
    private static readonly ClipPart[] Visits =
    [
        new(1), new(3, "obama2.jpg"), new(2.5, Pattern: "ball"), new(3, "biden2.jpg"), new(2.5, Pattern: "snow"), new(3, "obama-480p.jpg"), new(1),
    ];

    [Fact]
    public async Task Each_visit_gives_one_alert_on_the_console_the_webhook_and_mqtt()
    {
        using var dir = new TempFolder();
        var clip = dir.File("clip.mkv");
        await Clip.BuildAsync(clip, Visits);
        var faces = Directory.CreateDirectory(Path.Combine(dir.Path, "faces", "obama")).FullName;
        File.Copy(RealEngine.Photo("obama.jpg"), Path.Combine(faces, "portrait.jpg"));

        await using var receiver = await WebhookReceiver.StartAsync();
        var port = WebhookReceiver.FreePort();
        using var broker = new MqttServerFactory().CreateMqttServer(new MqttServerOptionsBuilder().WithDefaultEndpoint().WithDefaultEndpointPort(port).Build());
        await broker.StartAsync();
        var mqtt = new List<string>();
        using var subscriber = new MqttClientFactory().CreateMqttClient();
        subscriber.ApplicationMessageReceivedAsync += e => { lock (mqtt) mqtt.Add(e.ApplicationMessage.Topic); return Task.CompletedTask; };
        await subscriber.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).Build());
        await subscriber.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter("horus/front-door/#").Build());

        // A one-second cooldown: the two obama visits are 8 s apart, so each visit alerts; inside a visit the track decides once.
        var alerts = LocalAlertSettings.Default with { Cooldown = TimeSpan.FromSeconds(1) };
        var plan = new RunPlan(
            [new RunCamera(new CameraSource("front-door", Clip.SourceTokens(clip), Finite: true), alerts, TrackRules.Default)],
            Path.Combine(dir.Path, "faces"), Path.Combine(dir.Path, "state"),
            Webhook: receiver.Url, Mqtt: new MqttSettings(new Uri($"mqtt://127.0.0.1:{port}")));
        var console = new StringWriter();
        var log = new StringWriter();
        var runner = new LocalRunner(plan, RealEngine.Engine, TextWriter.Synchronized(console), TextWriter.Synchronized(log));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await runner.RunAsync(timeout.Token);

        var lines = console.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 3, $"console:\n{console}\nlog:\n{log}");
        Assert.Contains("front-door  person_recognised  obama", lines[0], StringComparison.Ordinal);
        Assert.Contains("front-door  unknown_face  unknown face", lines[1], StringComparison.Ordinal);
        Assert.Contains("front-door  person_recognised  obama", lines[2], StringComparison.Ordinal);

        var hooks = receiver.Received.Select(b => JsonDocument.Parse(b).RootElement).ToList();
        Assert.Equal(["person_recognised", "unknown_face", "person_recognised"], hooks.Select(h => h.GetProperty("event").GetString()));
        Assert.All(hooks, h => Assert.True(File.Exists(new Uri(h.GetProperty("snapshotUrl").GetString()!).LocalPath)));
        Assert.Equal("obama", hooks[0].GetProperty("person").GetString());
        Assert.True(hooks[0].GetProperty("similarity").GetDouble() >= 90);

        await Task.Delay(300);
        lock (mqtt) Assert.Equal(["horus/front-door/person_recognised", "horus/front-door/unknown_face", "horus/front-door/person_recognised"], mqtt);
        using (var store = new State.LocalStore(plan.DatabasePath))
            Assert.All(runner.Workers, w => Assert.Equal(0, store.PendingCount(w.Sink))); // the run closed its database: nothing left in the outbox
        Assert.Equal(new Dictionary<string, int> { ["webhook"] = 0, ["mqtt"] = 0 }, runner.Undelivered);
        var counters = runner.Counters["front-door"];
        Assert.InRange(counters.Analysed, 40, 70); // 16 s at 4 fps
    }
}
