using EyeOfHorus.Edge.Pipeline;
using EyeOfHorus.Edge.Run;
using EyeOfHorus.Local.Alerts;
using EyeOfHorus.Local.Config;

namespace EyeOfHorus.Edge.Tests.Run;

public class RunPlanBuilderTests
{
    private static Task<(VideoSource?, string?)> NoCamera(VideoSource s, CancellationToken _) =>
        Task.FromResult<(VideoSource?, string?)>(s is VideoSource.Auto ? (null, "no camera found") : (s, null));

    private static Task<EyeOfHorus.Local.RunPlan> Build(RunConfig config, RunFlags flags, Dictionary<string, string>? env = null) =>
        RunPlanBuilder.BuildAsync(config, flags, name => env is not null && env.TryGetValue(name, out var v) ? v : null, NoCamera, CancellationToken.None);

    [Fact]
    public async Task Cameras_from_the_file_with_their_own_rate_and_threshold()
    {
        var config = RunConfig.Parse("""
            { // comments are allowed
              "cameras": { "front-door": { "source": "file:/srv/door.mkv", "fps": 2, "threshold": 95 }, "garage": { "source": "test" } },
              "threshold": 85, "cooldownSeconds": 60, "minFaces": 3
            }
            """);
        var plan = await Build(config, new RunFlags([]));
        var door = plan.Cameras.Single(c => c.Source.Camera == "front-door");
        var garage = plan.Cameras.Single(c => c.Source.Camera == "garage");
        Assert.Equal((2, 95.0, true, 3), (door.Source.Fps, door.Alerts.FaceMatchThreshold, door.Source.Finite, door.Tracks.MinFaces));
        Assert.Equal(["filesrc", "location=/srv/door.mkv", "!", "decodebin", "!", "clocksync"], door.Source.SourceTokens);
        Assert.Equal((4, 85.0, false), (garage.Source.Fps, garage.Alerts.FaceMatchThreshold, garage.Source.Finite));
        Assert.Equal(TimeSpan.FromSeconds(60), garage.Alerts.Cooldown);
        Assert.Equal(LocalAlertSettings.Default.UnknownMinConfidence, garage.Alerts.UnknownMinConfidence); // the local detector's bar, not Rekognition's
        Assert.Equal(85, garage.Tracks.MatchThreshold);
    }

    [Fact]
    public async Task Repeated_camera_flags_replace_the_files_cameras_and_a_bare_source_is_named_camera()
    {
        var config = RunConfig.Parse("""{ "cameras": { "garage": { "source": "test" } } }""");
        var plan = await Build(config, new RunFlags(["door=rtsp://cam.local/stream", "file:/clip.mkv"], Fps: 1, Json: true));
        Assert.Equal(["door", "camera"], plan.Cameras.Select(c => c.Source.Camera));
        Assert.All(plan.Cameras, c => Assert.Equal(1, c.Source.Fps));
        Assert.Equal(ConsoleFormat.Json, plan.Output);
    }

    [Theory]
    [InlineData("door=nonsense:thing", "unknown source")]
    [InlineData("door=rtsp://user:secret@cam/stream", "carries a password")]
    [InlineData("auto", "no camera found")]
    public async Task A_bad_camera_is_named_in_the_error(string camera, string expected)
    {
        var ex = await Assert.ThrowsAsync<FormatException>(() => Build(new RunConfig(), new RunFlags([camera])));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mqtt_and_webhook_come_from_the_environment_over_the_file_and_never_from_the_url()
    {
        var config = RunConfig.Parse("""{ "mqtt": { "url": "mqtt://file-broker", "username": "fileuser", "password": "filepass" }, "webhook": { "url": "http://file/hook" } }""");
        var plan = await Build(config, new RunFlags(["test"]), new() { [RunEnvironment.MqttUrl] = "mqtts://env-broker:8884", [RunEnvironment.MqttPassword] = "envpass" });
        Assert.Equal(("env-broker", 8884, true, "fileuser", "envpass"), (plan.Mqtt!.Broker.Host, plan.Mqtt.Port, plan.Mqtt.UseTls, plan.Mqtt.Username, plan.Mqtt.Password));
        Assert.Equal("http://file/hook", plan.Webhook!.ToString());

        var inUrl = RunConfig.Parse("""{ "mqtt": { "url": "mqtt://u:p@broker" } }""");
        var ex = await Assert.ThrowsAsync<FormatException>(() => Build(inUrl, new RunFlags(["test"])));
        Assert.Contains(RunEnvironment.MqttUsername, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_config_key_is_an_error_not_ignored()
    {
        var ex = Assert.Throws<FormatException>(() => RunConfig.Parse("""{ "camera": {} }"""));
        Assert.Contains("camera", ex.Message, StringComparison.Ordinal);
    }
}
