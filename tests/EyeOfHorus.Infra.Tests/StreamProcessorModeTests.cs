using System.Text.Json.Nodes;
using Amazon.CDK.Assertions;
using static EyeOfHorus.Infra.Tests.Synthesized;

namespace EyeOfHorus.Infra.Tests;

/// <summary>-c recognition=stream-processor (default) -c cameras=front-door,garage.</summary>
public sealed class StreamProcessorModeTests
{
    private static Synthesized Stack => Stacks.StreamProcessorTwoCameras;

    private static string VideoStreamId(string name) =>
        Stack.OfType("AWS::KinesisVideo::Stream").Single(s => (string?)s.Resource["Properties"]!["Name"] == name).Id;

    [Fact]
    public void Each_camera_has_its_named_video_stream_with_the_default_retention()
    {
        var streams = Stack.OfType("AWS::KinesisVideo::Stream").Select(s => s.Resource["Properties"]!).ToList();
        Assert.Equal(["eye-of-horus-front-door", "eye-of-horus-garage"], streams.Select(p => (string)p!["Name"]!).Order());
        Assert.All(streams, p =>
        {
            Assert.Equal(24, (int)p!["DataRetentionInHours"]!);
            Assert.Equal("video/h264", (string?)p["MediaType"]);
        });
    }

    [Fact]
    public void Each_camera_has_a_face_search_processor_reading_its_stream_and_writing_the_one_data_stream()
    {
        var dataStream = Stack.Single("AWS::Kinesis::Stream").Id; // ONE data stream for all processors
        var processors = Stack.OfType("AWS::Rekognition::StreamProcessor");
        Assert.Equal(2, processors.Count);
        foreach (var camera in new[] { "front-door", "garage" })
        {
            var p = processors.Select(x => x.Resource["Properties"]!).Single(x => (string?)x["Name"] == "eye-of-horus-" + camera);
            Same(GetAtt(VideoStreamId("eye-of-horus-" + camera), "Arn"), p["KinesisVideoStream"]!["Arn"]);
            Same(GetAtt(dataStream, "Arn"), p["KinesisDataStream"]!["Arn"]);
            Assert.Equal("eye-of-horus-faces", (string?)p["FaceSearchSettings"]!["CollectionId"]);
            Assert.Equal(90, (double)p["FaceSearchSettings"]!["FaceMatchThreshold"]!);
            Assert.False((bool)p["DataSharingPreference"]!["OptIn"]!);
            Same(GetAtt(Stack.AtPath("StreamProcessors/RekognitionRole/Resource").Id, "Arn"), p["RoleArn"]);
        }
    }

    [Fact]
    public void Rekognition_role_is_trusted_by_rekognition_for_this_account_and_reaches_exactly_those_streams()
    {
        var (roleId, role) = Stack.AtPath("StreamProcessors/RekognitionRole/Resource");
        var trust = Assert.Single(role["Properties"]!["AssumeRolePolicyDocument"]!["Statement"]!.AsArray())!;
        Assert.Equal("rekognition.amazonaws.com", (string?)trust["Principal"]!["Service"]);
        Same(Ref("AWS::AccountId"), trust["Condition"]!["StringEquals"]!["aws:SourceAccount"]);

        var statements = role["Properties"]!["Policies"]!.AsArray().SelectMany(p => p!["PolicyDocument"]!["Statement"]!.AsArray()).ToList();
        var video = statements.Single(s => (string?)s!["Sid"] == "ReadCameraVideo")!;
        Same(new JsonArray("kinesisvideo:GetDataEndpoint", "kinesisvideo:GetMedia"), video["Action"]);
        Same(new JsonArray(GetAtt(VideoStreamId("eye-of-horus-front-door"), "Arn"), GetAtt(VideoStreamId("eye-of-horus-garage"), "Arn")), video["Resource"]);
        var records = statements.Single(s => (string?)s!["Sid"] == "WriteMatchRecords")!;
        Same(new JsonArray("kinesis:PutRecord", "kinesis:PutRecords"), records["Action"]);
        Same(GetAtt(Stack.Single("AWS::Kinesis::Stream").Id, "Arn"), records["Resource"]);
        Assert.Equal(3, statements.Count); // + the data stream key
        Assert.Single(Stack.Statements(), s => s.Id == roleId && Equals((string?)s.Statement["Principal"]?["Service"], "rekognition.amazonaws.com"));
    }

    [Fact]
    public void A_custom_resource_starts_each_processor_after_create_and_stops_it_before_delete()
    {
        var running = Stack.OfType("Custom::StreamProcessorRunning");
        Assert.Equal(2, running.Count);
        foreach (var camera in new[] { "front-door", "garage" })
        {
            var processorId = Stack.AtPath($"StreamProcessors/{camera}").Id;
            var (_, resource) = running.Single(r => r.Resource["Properties"]!["Create"]!.ToJsonString().Contains(processorId, StringComparison.Ordinal));
            var create = resource["Properties"]!["Create"]!.ToJsonString();
            var delete = resource["Properties"]!["Delete"]!.ToJsonString();
            Assert.Contains("startStreamProcessor", create, StringComparison.Ordinal);
            Assert.Contains("stopStreamProcessor", delete, StringComparison.Ordinal);
            Assert.Contains(processorId, delete, StringComparison.Ordinal);
            // Created after the processor, so deleted (stopped) before it.
            Assert.Contains(processorId, resource["DependsOn"]!.AsArray().Select(d => (string?)d));
            Assert.False((bool)resource["Properties"]!["InstallLatestAwsSdk"]!);
        }
    }

    [Fact]
    public void The_starter_may_only_start_and_stop_the_processors()
    {
        var policies = Stack.OfType("AWS::IAM::Policy")
            .Where(p => ((string?)p.Resource["Metadata"]!["aws:cdk:path"])!.StartsWith("EyeOfHorus/StreamProcessors/Starter/", StringComparison.Ordinal))
            .ToList();
        Assert.Equal(2, policies.Count);
        foreach (var (_, policy) in policies)
        {
            var statement = Assert.Single(policy["Properties"]!["PolicyDocument"]!["Statement"]!.AsArray())!;
            Same(new JsonArray("rekognition:StartStreamProcessor", "rekognition:StopStreamProcessor"), statement["Action"]);
            var target = statement["Resource"]!["Fn::GetAtt"]![0]!.GetValue<string>();
            Assert.Equal("AWS::Rekognition::StreamProcessor", (string?)Stack.Resources[target]!["Type"]);
        }
    }

    [Fact]
    public void Threshold_comes_from_context_for_processors_and_the_alerter()
    {
        var stack = Stacks.Synth(("faceMatchThreshold", "75.5"));
        stack.Template.HasResourceProperties("AWS::Rekognition::StreamProcessor", new Dictionary<string, object>
        {
            ["FaceSearchSettings"] = new Dictionary<string, object> { ["FaceMatchThreshold"] = 75.5 },
        });
        stack.Template.HasResourceProperties("AWS::Lambda::Function", Match.ObjectLike(new Dictionary<string, object>
        {
            ["Environment"] = new Dictionary<string, object>
            {
                ["Variables"] = Match.ObjectLike(new Dictionary<string, object> { ["FACE_MATCH_THRESHOLD"] = "75.5" }),
            },
        }));
    }

    [Fact]
    public void Defaults_are_one_front_door_camera_with_a_running_processor()
    {
        var stack = Stacks.Defaults;
        Assert.Equal("eye-of-horus-front-door", (string?)stack.Single("AWS::KinesisVideo::Stream").Resource["Properties"]!["Name"]);
        Assert.Equal("eye-of-horus-front-door", (string?)stack.Single("AWS::Rekognition::StreamProcessor").Resource["Properties"]!["Name"]);
        stack.Template.ResourceCountIs("Custom::StreamProcessorRunning", 1);
    }

    [Fact]
    public void Video_retention_comes_from_context()
    {
        var stack = Stacks.Synth(("videoRetentionHours", "72"));
        stack.Template.HasResourceProperties("AWS::KinesisVideo::Stream", new Dictionary<string, object> { ["DataRetentionInHours"] = 72 });
    }
}
