using static EyeOfHorus.Infra.Tests.Synthesized;

namespace EyeOfHorus.Infra.Tests;

/// <summary>The outputs file (`--outputs-file horus.outputs.json`) is how `horus` finds everything.</summary>
public sealed class OutputsTests
{
    private static readonly string[] CommonKeys =
    [
        "AlertTopicArn", "CameraHostPolicyArn", "CameraStreams", "Cameras", "CollectionId", "CooldownTable",
        "DataStreamArn", "DataStreamName", "FaceMatchThreshold", "FacesBucket", "FailedBatchesBucket", "Recognition", "Region",
    ];

    [Fact]
    public void Stream_processor_mode_outputs_are_exactly_the_contract()
    {
        var outputs = Stacks.StreamProcessorTwoCameras.Outputs;
        Assert.Equal([.. CommonKeys.Append("StreamProcessors").Order(StringComparer.Ordinal)], outputs.Select(o => o.Key).Order(StringComparer.Ordinal));
        Assert.Equal("front-door=eye-of-horus-front-door,garage=eye-of-horus-garage", (string?)outputs["StreamProcessors"]!["Value"]);
        Assert.Equal("stream-processor", (string?)outputs["Recognition"]!["Value"]);
    }

    [Fact]
    public void Edge_mode_outputs_are_the_contract_without_processors()
    {
        Assert.Equal(CommonKeys.Order(StringComparer.Ordinal), Stacks.EdgeTwoCameras.Outputs.Select(o => o.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Local_mode_outputs_are_the_contract_without_processors_nor_collection()
    {
        var outputs = Stacks.LocalTwoCameras.Outputs;
        Assert.Equal(CommonKeys.Where(k => k != "CollectionId").Order(StringComparer.Ordinal), outputs.Select(o => o.Key).Order(StringComparer.Ordinal));
        Assert.Equal("local", (string?)outputs["Recognition"]!["Value"]);
    }

    [Fact]
    public void Output_values_name_the_deployed_resources()
    {
        var stack = Stacks.StreamProcessorTwoCameras;
        string Value(string key) => stack.Outputs[key]!["Value"]!.ToJsonString();
        Assert.Equal(Ref("AWS::Region").ToJsonString(), Value("Region"));
        Assert.Equal(Ref(stack.AtPath("FacesBucket/Bucket/Resource").Id).ToJsonString(), Value("FacesBucket"));
        Assert.Equal("\"eye-of-horus-faces\"", Value("CollectionId"));
        var dataStream = stack.Single("AWS::Kinesis::Stream").Id;
        Assert.Equal(Ref(dataStream).ToJsonString(), Value("DataStreamName"));
        Assert.Equal(GetAtt(dataStream, "Arn").ToJsonString(), Value("DataStreamArn"));
        Assert.Equal(Ref(stack.Single("AWS::SNS::Topic").Id).ToJsonString(), Value("AlertTopicArn"));
        Assert.Equal(Ref(stack.AtPath("CooldownTable/Table/Resource").Id).ToJsonString(), Value("CooldownTable"));
        Assert.Equal(Ref(stack.Single("AWS::IAM::ManagedPolicy").Id).ToJsonString(), Value("CameraHostPolicyArn"));
        Assert.Equal("\"front-door,garage\"", Value("Cameras"));
        Assert.Equal("\"front-door=eye-of-horus-front-door,garage=eye-of-horus-garage\"", Value("CameraStreams"));
        Assert.Equal(Ref(stack.AtPath("MatchAlerter/FailedBatches/Bucket/Resource").Id).ToJsonString(), Value("FailedBatchesBucket"));
        Assert.Equal("\"90\"", Value("FaceMatchThreshold"));
    }

    [Fact]
    public void No_output_carries_the_alert_email()
    {
        var stack = Stacks.Synth(("alertEmail", "owner@example.com"));
        Assert.DoesNotContain("owner@example.com", stack.Outputs.ToJsonString(), StringComparison.Ordinal);
    }
}
