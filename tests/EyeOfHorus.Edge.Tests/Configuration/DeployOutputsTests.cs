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
             "CooldownTable": "tbl", "CameraHostPolicyArn": "p", "Cameras": "front-door, garage",
             "CameraStreams": "front-door=eye-of-horus-front-door,garage=eye-of-horus-garage"}}
            """));
        Assert.Equal("eu-west-1", outputs.Region);
        Assert.True(outputs.IsEdgeRecognition);
        Assert.Equal(["front-door", "garage"], outputs.Cameras);
        Assert.Equal("eye-of-horus-garage", outputs.VideoStreamFor("garage"));
        Assert.Null(outputs.VideoStreamFor(null)); // two cameras: the camera must be named
        Assert.Empty(outputs.StreamProcessors);
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
