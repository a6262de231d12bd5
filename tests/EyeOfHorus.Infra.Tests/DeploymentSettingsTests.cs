using EyeOfHorus.Infra;

namespace EyeOfHorus.Infra.Tests;

public sealed class DeploymentSettingsTests
{
    private static DeploymentSettings Parse(params (string Key, string Value)[] context) =>
        DeploymentSettings.Parse(key => context.Where(c => c.Key == key).Select(c => c.Value).FirstOrDefault());

    [Fact]
    public void No_context_gives_the_defaults()
    {
        var s = Parse();
        Assert.Equal(RecognitionMode.StreamProcessor, s.Recognition);
        Assert.Equal(["front-door"], s.Cameras);
        Assert.Equal(90, s.FaceMatchThreshold);
        Assert.Null(s.AlertEmail);
        Assert.Equal(24, s.VideoRetentionHours);
    }

    [Fact]
    public void Values_are_read_and_trimmed()
    {
        var s = Parse(("recognition", "edge"), ("cameras", " front-door , garage,back_yard.2 "), ("faceMatchThreshold", "80.5"),
            ("alertEmail", "me@example.com"), ("videoRetentionHours", "168"));
        Assert.Equal(RecognitionMode.Edge, s.Recognition);
        Assert.Equal("edge", s.RecognitionName);
        Assert.Equal(["front-door", "garage", "back_yard.2"], s.Cameras);
        Assert.Equal(80.5, s.FaceMatchThreshold);
        Assert.Equal("me@example.com", s.AlertEmail);
        Assert.Equal(168, s.VideoRetentionHours);
    }

    [Theory]
    [InlineData("recognition", "rekognition", "recognition mode")]
    [InlineData("cameras", "front door", "not a valid camera name")]
    [InlineData("cameras", "garage,garage", "listed twice")]
    [InlineData("cameras", "-garage", "not a valid camera name")]
    [InlineData("cameras", ",", "names no camera")]
    [InlineData("faceMatchThreshold", "101", "between 0 and 100")]
    [InlineData("faceMatchThreshold", "ninety", "between 0 and 100")]
    [InlineData("alertEmail", "nobody", "not an email")]
    [InlineData("videoRetentionHours", "0", "from 1 to 87600")]
    [InlineData("videoRetentionHours", "1.5", "from 1 to 87600")]
    public void Bad_values_are_refused_naming_the_flag(string key, string value, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => Parse((key, value)));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
        Assert.Contains(key, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("79.9")]
    [InlineData("0")]
    public void Stream_processor_mode_refuses_a_threshold_Rekognition_would_raise_to_80(string threshold)
    {
        var e = Assert.Throws<ArgumentException>(() => Parse(("faceMatchThreshold", threshold)));
        Assert.Equal(
            $"-c faceMatchThreshold={threshold} is below 80: Rekognition stream processors raise lower thresholds to 80. Use 80-100, or -c recognition=edge for a lower one.",
            e.Message);
        Assert.Equal(80, Parse(("faceMatchThreshold", "80")).FaceMatchThreshold);
    }

    [Fact]
    public void Edge_mode_keeps_a_threshold_below_80_because_SearchFacesByImage_honours_it()
    {
        Assert.Equal(55, Parse(("recognition", "edge"), ("faceMatchThreshold", "55")).FaceMatchThreshold);
    }

    [Fact]
    public void Local_mode_is_read_keeps_any_threshold_and_uses_no_Rekognition()
    {
        var s = Parse(("recognition", " local "), ("faceMatchThreshold", "55"));
        Assert.Equal(RecognitionMode.Local, s.Recognition);
        Assert.Equal("local", s.RecognitionName);
        Assert.Equal(55, s.FaceMatchThreshold);
        Assert.False(s.UsesRekognition);
        Assert.True(Parse(("recognition", "edge")).UsesRekognition);
        Assert.True(Parse().UsesRekognition);
    }

    [Fact]
    public void An_unknown_mode_names_all_three()
    {
        var e = Assert.Throws<ArgumentException>(() => Parse(("recognition", "cloud")));
        Assert.Equal("-c recognition=cloud is not a recognition mode: use 'stream-processor' (default), 'edge' or 'local'.", e.Message);
    }

    [Fact]
    public void A_bad_context_value_stops_the_synthesis()
    {
        var e = Assert.Throws<ArgumentException>(() => HorusApp.AddStack(HorusApp.NewApp(new Dictionary<string, object>
        {
            ["recognition"] = "both",
            [LambdaPackages.PrebuiltContextKey] = Stacks.PublishedCode,
        })));
        Assert.Contains("-c recognition=both", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_prebuilt_code_is_a_clear_error()
    {
        var missing = Path.Combine(Path.GetTempPath(), "no-such-lambda-code-" + Guid.NewGuid());
        var e = Assert.Throws<FileNotFoundException>(() => LambdaPackages.FromFolder(missing));
        Assert.Contains("No published Lambda code", e.Message, StringComparison.Ordinal);
    }
}
