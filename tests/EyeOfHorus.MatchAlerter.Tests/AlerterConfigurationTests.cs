using EyeOfHorus.Contract;
using EyeOfHorus.Recognition.Records;
using Env = EyeOfHorus.Contract.MatchAlerterEnvironment;

namespace EyeOfHorus.MatchAlerter.Tests;

/// <summary>The alerter's environment as the stack writes it: every variable read, every default, every bound.</summary>
public sealed class AlerterConfigurationTests
{
    private static readonly Dictionary<string, string?> Required = new()
    {
        [Env.TopicArn] = "arn:aws:sns:eu-west-1:123456789012:eye-of-horus-alerts",
        [Env.CooldownTable] = "EyeOfHorus-Cooldowns",
    };

    private static AlerterConfiguration Read(params (string Name, string? Value)[] set)
    {
        var env = new Dictionary<string, string?>(Required);
        foreach (var (name, value) in set) env[name] = value;
        return AlerterConfiguration.FromEnvironment(name => env.GetValueOrDefault(name));
    }

    private static string Refused(params (string Name, string? Value)[] set) =>
        Assert.Throws<InvalidOperationException>(() => Read(set)).Message;

    [Fact]
    public void Every_variable_the_stack_sets_is_read()
    {
        var config = Read(
            (Env.CameraStreams, "front-door=eye-of-horus-front-door,garage=cam-garage"),
            (Env.SnapshotBucket, "eyeofhorus-faces-1"),
            (Env.FaceMatchThreshold, "82.5"),
            (Env.UnknownMinConfidence, "70"),
            (Env.UnknownMinFaceSize, "0.05"),
            (Env.AlertEvents, "unknown_face"),
            (Env.CooldownSeconds, "60"));

        Assert.Equal(Required[Env.TopicArn], config.TopicArn);
        Assert.Equal(Required[Env.CooldownTable], config.CooldownTable);
        Assert.Equal("eyeofhorus-faces-1", config.SnapshotBucket);
        Assert.Equal(82.5, config.Settings.FaceMatchThreshold);
        Assert.Equal(70, config.Settings.UnknownMinConfidence);
        Assert.Equal(0.05, config.Settings.UnknownMinFaceSize);
        Assert.Equal([AlertEvents.UnknownFace], config.Settings.Events);
        Assert.Equal(TimeSpan.FromSeconds(60), config.Settings.Cooldown);
        Assert.Equal("garage", config.Cameras.CameraOf(FromStream("arn:aws:kinesisvideo:eu-west-1:123456789012:stream/cam-garage/1700000000000")));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Unset_or_blank_optional_variables_take_the_contracts_defaults(string? blank)
    {
        var config = Read(
            (Env.SnapshotBucket, blank == "   " ? "" : blank), (Env.FaceMatchThreshold, blank), (Env.UnknownMinConfidence, blank),
            (Env.UnknownMinFaceSize, blank), (Env.AlertEvents, blank == "   " ? "" : blank), (Env.CooldownSeconds, blank), (Env.CameraStreams, blank == "   " ? "" : blank));

        Assert.Null(config.SnapshotBucket);
        Assert.Equal(Env.DefaultFaceMatchThreshold, config.Settings.FaceMatchThreshold);
        Assert.Equal(Env.DefaultUnknownMinConfidence, config.Settings.UnknownMinConfidence);
        Assert.Equal(Env.DefaultUnknownMinFaceSize, config.Settings.UnknownMinFaceSize);
        Assert.Equal(AlertEvents.All.ToHashSet(), config.Settings.Events);
        Assert.Equal(TimeSpan.FromSeconds(Env.DefaultCooldownSeconds), config.Settings.Cooldown);
        // No map: an unlisted stream named by the stack's convention still gives its camera.
        Assert.Equal("front-door", config.Cameras.CameraOf(FromStream("arn:aws:kinesisvideo:eu-west-1:123456789012:stream/eye-of-horus-front-door/1")));
    }

    [Theory]
    [InlineData(Env.TopicArn)]
    [InlineData(Env.CooldownTable)]
    public void A_missing_or_empty_required_variable_is_named(string name)
    {
        Assert.Equal($"{name} is not set.", Refused((name, null)));
        Assert.Equal($"{name} is not set.", Refused((name, "")));
    }

    [Theory]
    [InlineData(Env.FaceMatchThreshold, "0", true)]
    [InlineData(Env.FaceMatchThreshold, "100", true)]
    [InlineData(Env.FaceMatchThreshold, "-0.1", false)]
    [InlineData(Env.FaceMatchThreshold, "100.1", false)]
    [InlineData(Env.FaceMatchThreshold, "ninety", false)]
    [InlineData(Env.FaceMatchThreshold, "82,5", false)]
    [InlineData(Env.UnknownMinConfidence, "0", true)]
    [InlineData(Env.UnknownMinConfidence, "100", true)]
    [InlineData(Env.UnknownMinConfidence, "-1", false)]
    [InlineData(Env.UnknownMinConfidence, "100.5", false)]
    [InlineData(Env.UnknownMinFaceSize, "0", true)]
    [InlineData(Env.UnknownMinFaceSize, "1", true)]
    [InlineData(Env.UnknownMinFaceSize, "-0.01", false)]
    [InlineData(Env.UnknownMinFaceSize, "1.01", false)]
    [InlineData(Env.CooldownSeconds, "1", true)]
    [InlineData(Env.CooldownSeconds, "86400", true)]
    [InlineData(Env.CooldownSeconds, "0.5", false)]
    [InlineData(Env.CooldownSeconds, "86401", false)]
    [InlineData(Env.CooldownSeconds, "1e3", true)]
    public void Numbers_are_read_in_the_invariant_culture_within_their_bounds(string name, string value, bool accepted)
    {
        if (accepted)
        {
            var settings = Read((name, value)).Settings;
            var read = name switch
            {
                Env.FaceMatchThreshold => settings.FaceMatchThreshold,
                Env.UnknownMinConfidence => settings.UnknownMinConfidence,
                Env.UnknownMinFaceSize => settings.UnknownMinFaceSize,
                _ => settings.Cooldown.TotalSeconds,
            };
            Assert.Equal(double.Parse(value, System.Globalization.CultureInfo.InvariantCulture), read);
        }
        else
        {
            var message = Refused((name, value));
            Assert.StartsWith($"{name}='{value}' is not a number from ", message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Events_are_a_trimmed_list_of_known_events()
    {
        Assert.Equal(AlertEvents.All.ToHashSet(), Read((Env.AlertEvents, " person_recognised , unknown_face,, ")).Settings.Events);
        Assert.Equal([AlertEvents.PersonRecognised], Read((Env.AlertEvents, "person_recognised")).Settings.Events);

        var message = Refused((Env.AlertEvents, "unknown_face,person_seen"));
        Assert.Equal($"{Env.AlertEvents}: unknown event 'person_seen' (known: person_recognised, unknown_face).", message);
        Assert.Contains("'Unknown_Face'", Refused((Env.AlertEvents, "Unknown_Face")), StringComparison.Ordinal); // case matters
    }

    [Fact]
    public void A_malformed_camera_map_is_refused_with_the_variable_named()
    {
        var message = Refused((Env.CameraStreams, "front-door"));
        Assert.StartsWith($"{Env.CameraStreams}: ", message, StringComparison.Ordinal);
        Assert.StartsWith($"{Env.CameraStreams}: ", Refused((Env.CameraStreams, "a=s1,a=s2")), StringComparison.Ordinal);
    }

    private static MatchRecord FromStream(string streamArn) =>
        MatchRecordCodec.TryDecode(System.Text.Encoding.UTF8.GetBytes(
            $$$"""{"InputInformation":{"KinesisVideo":{"StreamArn":"{{{streamArn}}}","FragmentNumber":"1","ServerTimestamp":1.0,"ProducerTimestamp":1.0,"FrameOffsetInSeconds":0.0}},"StreamProcessorInformation":{"Status":"RUNNING"},"FaceSearchResponse":[]}"""),
            out var record, out var error) ? record! : throw new InvalidOperationException(error);
}
