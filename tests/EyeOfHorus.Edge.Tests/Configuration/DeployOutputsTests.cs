using EyeOfHorus.Edge.Configuration;

namespace EyeOfHorus.Edge.Tests.Configuration;

public sealed class DeployOutputsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("horus-outputs-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string json)
    {
        var path = Path.Combine(_dir, "horus.outputs.json");
        File.WriteAllText(path, json);
        return path;
    }

    [Fact]
    public void Reads_every_output_of_the_stack()
    {
        var outputs = DeployOutputs.Load(Write("""
            {"EyeOfHorus": {"Region": "eu-west-1", "Recognition": "edge", "FacesBucket": "b", "CollectionId": "c",
             "DataStreamName": "d", "DataStreamArn": "arn:aws:kinesis:eu-west-1:1:stream/d", "AlertTopicArn": "t",
             "CooldownTable": "tbl", "CameraHostPolicyArn": "p", "FaceMatchThreshold": "82.5", "Cameras": "front-door, garage",
             "CameraStreams": "front-door=eye-of-horus-front-door,garage=eye-of-horus-garage"}}
            """));
        Assert.Equal("eu-west-1", outputs.Region);
        Assert.True(outputs.IsEdgeRecognition);
        Assert.Equal(["front-door", "garage"], outputs.Cameras);
        Assert.Equal("eye-of-horus-garage", outputs.VideoStreamFor("garage"));
        Assert.Null(outputs.VideoStreamFor(null)); // two cameras: the camera must be named
        Assert.Empty(outputs.StreamProcessors);
        Assert.Equal(82.5, outputs.FaceMatchThreshold);
    }

    [Fact]
    public void Outputs_without_a_threshold_mean_the_default_one()
    {
        var outputs = DeployOutputs.Load(Write("""{"EyeOfHorus": {"Recognition": "edge"}}"""));
        Assert.Equal(90, outputs.FaceMatchThreshold);
        Assert.Equal("stream-processor", DeployOutputs.Load(Write("""{"EyeOfHorus": {}}""")).Recognition);
    }

    [Theory]
    [InlineData("""{"EyeOfHorus": {"FaceMatchThreshold": "high"}}""", "FaceMatchThreshold 'high' is not a similarity from 0 to 100")]
    [InlineData("""{"EyeOfHorus": {"FaceMatchThreshold": "101"}}""", "FaceMatchThreshold '101' is not a similarity")]
    [InlineData("""{"EyeOfHorus": {"CameraStreams": "front-door"}}""", "CameraStreams is not a camera map: 'front-door' is not camera=name")]
    [InlineData("""{"EyeOfHorus": {"CameraStreams": "a=s1,a=s2"}}""", "Camera 'a' is listed twice")]
    public void A_malformed_value_is_named_not_ignored(string json, string expected)
    {
        var ex = Assert.Throws<DeployOutputsException>(() => DeployOutputs.Load(Write(json)));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_file_says_how_to_make_it()
    {
        var ex = Assert.Throws<DeployOutputsException>(() => DeployOutputs.Load(Path.Combine(_dir, "nope.json")));
        Assert.Contains("--outputs-file horus.outputs.json", ex.Message);
    }

    [Theory]
    [InlineData("{\"OtherStack\": {}}", "is the stack deployed")]
    [InlineData("not json", "not a cdk outputs file")]
    public void Wrong_file_says_what_is_wrong(string json, string expected)
    {
        var ex = Assert.Throws<DeployOutputsException>(() => DeployOutputs.Load(Write(json)));
        Assert.Contains(expected, ex.Message);
    }
}
