using EyeOfHorus.Local.Alerts;
using EyeOfHorus.Local.Config;

namespace EyeOfHorus.Local.Tests;

/// <summary>The <c>horus run</c> config file and the environment variables that override its endpoints and secrets.</summary>
public sealed class RunConfigTests
{
    private static Func<string, string?> Env(params (string Name, string Value)[] vars) =>
        name => vars.FirstOrDefault(v => v.Name == name).Value;

    [Fact]
    public void Every_field_of_the_file_is_read_with_comments_and_trailing_commas()
    {
        var config = RunConfig.Parse("""
            {
              // a comment
              "faces": "/srv/faces", "state": "/var/lib/horus", "fps": 3, "threshold": 92.5, "cooldownSeconds": 60,
              "minFaces": 4, "minUnknownFrames": 5,
              "cameras": { "door": { "source": "rtsp://cam/1", "fps": 2, "threshold": 95 } },
              "webhook": { "url": "http://hook" },
              "mqtt": { "url": "mqtt://broker", "username": "u", "password": "p", "topicPrefix": "home" },
              "snapshots": { "keepDays": 7, "keepCount": 100 },
              "console": { "listen": "127.0.0.1:8080", "passwordHash": "h" },
            }
            """);
        Assert.Equal(("/srv/faces", "/var/lib/horus", 3, 92.5, 60.0, 4, 5),
            (config.Faces, config.State, config.Fps, config.Threshold, config.CooldownSeconds, config.MinFaces, config.MinUnknownFrames));
        Assert.Equal(new CameraEntry("rtsp://cam/1", 2, 95), Assert.Single(config.Cameras!).Value);
        Assert.Equal(new MqttEntry("mqtt://broker", "u", "p", "home"), config.Mqtt);
        Assert.Equal(new SnapshotEntry(7, 100), config.Snapshots);
        Assert.Equal(new ConsoleEntry("127.0.0.1:8080", "h"), config.Console);
        Assert.Equal("http://hook", config.Webhook!.Url);
    }

    [Fact]
    public void An_empty_document_is_the_defaults_and_a_bad_one_is_a_format_error_saying_where()
    {
        Assert.Equal(new RunConfig(), RunConfig.Parse("null"));
        Assert.Null(RunConfig.Parse("{}").Cameras);
        var ex = Assert.Throws<FormatException>(() => RunConfig.Parse("""{ "fps": "three" }"""));
        Assert.StartsWith("not a valid horus run config (", ex.Message, StringComparison.Ordinal);
        Assert.Contains("$.fps", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_names_the_file_in_its_errors()
    {
        using var dir = new TempFolder();
        var path = dir.File("run.json");
        File.WriteAllText(path, """{ "fps": 2 }""");
        Assert.Equal(2, RunConfig.Load(path).Fps);

        File.WriteAllText(path, "{ not json");
        var bad = Assert.Throws<FormatException>(() => RunConfig.Load(path));
        Assert.StartsWith($"{path}: not a valid horus run config (", bad.Message, StringComparison.Ordinal);

        var missing = dir.File("absent.json");
        var none = Assert.Throws<FormatException>(() => RunConfig.Load(missing));
        Assert.StartsWith($"cannot read the config file {missing}: ", none.Message, StringComparison.Ordinal);
        Assert.IsType<FileNotFoundException>(none.InnerException);
    }

    [Fact]
    public void The_webhook_comes_from_the_environment_before_the_file()
    {
        var file = RunConfig.Parse("""{ "webhook": { "url": "https://file/hook" } }""");
        Assert.Equal(new Uri("https://file/hook"), RunEnvironment.Webhook(file, Env()));
        Assert.Equal(new Uri("https://file/hook"), RunEnvironment.Webhook(file, Env((RunEnvironment.WebhookUrl, ""))));
        Assert.Equal(new Uri("http://env:8080/h"), RunEnvironment.Webhook(file, Env(("HORUS_WEBHOOK_URL", "http://env:8080/h"))));
        Assert.Null(RunEnvironment.Webhook(new RunConfig(), Env()));
        Assert.Null(RunEnvironment.Webhook(RunConfig.Parse("""{ "webhook": { "url": "" } }"""), Env()));
    }

    [Theory]
    [InlineData("ftp://host/hook", "ftp://host/hook")]
    [InlineData("mqtt://host:1883/x?token=secret", "mqtt://host:1883/x")]
    [InlineData("ws://user:secret@host:81/hook?key=secret", "ws://host:81/hook")]
    [InlineData("not a url secret", "(unreadable)")]
    public void A_webhook_url_that_is_not_http_is_refused_without_its_secrets(string url, string shown)
    {
        var ex = Assert.Throws<FormatException>(() => RunEnvironment.Webhook(new RunConfig(), Env((RunEnvironment.WebhookUrl, url))));
        Assert.Equal($"the webhook URL '{shown}' is not an http:// or https:// URL", ex.Message);
        Assert.DoesNotContain("secret", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Http_and_https_webhooks_are_accepted()
    {
        Assert.Equal("http", RunEnvironment.Webhook(new RunConfig(), Env((RunEnvironment.WebhookUrl, "http://h/x")))!.Scheme);
        Assert.Equal("https", RunEnvironment.Webhook(new RunConfig(), Env((RunEnvironment.WebhookUrl, "https://h/x")))!.Scheme);
    }

    [Fact]
    public void Mqtt_broker_and_credentials_come_from_the_environment_before_the_file()
    {
        var file = RunConfig.Parse("""{ "mqtt": { "url": "mqtt://file-broker", "username": "fu", "password": "fp", "topicPrefix": "home" } }""");
        Assert.Equal(new MqttSettings(new Uri("mqtt://file-broker"), "fu", "fp", "home"), RunEnvironment.Mqtt(file, Env()));
        Assert.Equal(new MqttSettings(new Uri("mqtts://env:8884"), "eu", "ep", "home"), RunEnvironment.Mqtt(file,
            Env(("HORUS_MQTT_URL", "mqtts://env:8884"), ("HORUS_MQTT_USERNAME", "eu"), ("HORUS_MQTT_PASSWORD", "ep"))));
        // Blank variables do not override.
        Assert.Equal(new MqttSettings(new Uri("mqtt://file-broker"), "fu", "fp", "home"), RunEnvironment.Mqtt(file,
            Env((RunEnvironment.MqttUrl, ""), (RunEnvironment.MqttUsername, ""), (RunEnvironment.MqttPassword, ""))));
        Assert.Null(RunEnvironment.Mqtt(new RunConfig(), Env()));
        Assert.Null(RunEnvironment.Mqtt(RunConfig.Parse("""{ "mqtt": { "url": "" } }"""), Env()));
    }

    [Fact]
    public void Mqtt_topic_prefix_defaults_to_horus_and_a_broker_without_credentials_has_none()
    {
        var settings = RunEnvironment.Mqtt(RunConfig.Parse("""{ "mqtt": { "url": "mqtt://b", "topicPrefix": "" } }"""), Env())!;
        Assert.Equal(new MqttSettings(new Uri("mqtt://b"), null, null, "horus", "horus-run"), settings);
        Assert.Equal("horus", RunEnvironment.Mqtt(new RunConfig(), Env((RunEnvironment.MqttUrl, "mqtt://b")))!.TopicPrefix);
    }

    [Theory]
    [InlineData("http://broker", "http://broker/")]
    [InlineData("tcp://broker:1883", "tcp://broker:1883/")]
    [InlineData("broker:1883", "broker://1883")]
    [InlineData("mqtt:///path", "mqtt:///path")]
    [InlineData("nonsense", "(unreadable)")]
    public void A_broker_that_is_not_an_mqtt_url_is_a_clear_error(string url, string shown)
    {
        var ex = Assert.Throws<FormatException>(() => RunEnvironment.Mqtt(new RunConfig(), Env((RunEnvironment.MqttUrl, url))));
        Assert.Equal($"the MQTT broker '{shown}' is not an mqtt://HOST[:PORT] or mqtts://HOST[:PORT] URL", ex.Message);
    }

    [Fact]
    public void Credentials_in_the_broker_url_are_refused_and_not_echoed()
    {
        var ex = Assert.Throws<FormatException>(() => RunEnvironment.Mqtt(RunConfig.Parse("""{ "mqtt": { "url": "mqtt://user:hunter2@broker" } }"""), Env()));
        Assert.Equal("put the MQTT user and password in HORUS_MQTT_USERNAME/HORUS_MQTT_PASSWORD or the config file's mqtt.username/password, not in the broker URL", ex.Message);
        Assert.DoesNotContain("hunter2", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("mqtt://b", false, 1883)]
    [InlineData("mqtts://b", true, 8883)]
    [InlineData("MQTTS://b", true, 8883)]
    [InlineData("mqtt://b:1884", false, 1884)]
    [InlineData("mqtts://b:8884", true, 8884)]
    public void Mqtt_port_defaults_by_scheme(string url, bool tls, int port)
    {
        var settings = new MqttSettings(new Uri(url));
        Assert.Equal((tls, port), (settings.UseTls, settings.Port));
    }
}
