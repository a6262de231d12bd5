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

    private static (string Id, JsonObject Resource) ProcessorOf(Synthesized stack, string camera) =>
        stack.OfType("Custom::StreamProcessor").Single(p => (string?)p.Resource["Properties"]!["Name"] == "eye-of-horus-" + camera);

    [Fact]
    public void Each_camera_has_a_face_search_processor_reading_its_stream_and_writing_the_one_data_stream()
    {
        var dataStream = Stack.Single("AWS::Kinesis::Stream").Id; // ONE data stream for all processors
        Assert.Equal(2, Stack.OfType("Custom::StreamProcessor").Count);
        Assert.Empty(Stack.OfType("AWS::Rekognition::StreamProcessor")); // CloudFormation's own deletes it running and never starts it
        var lifecycle = Stack.AtPath("StreamProcessors/Lifecycle/Function/Resource").Id;
        foreach (var camera in new[] { "front-door", "garage" })
        {
            var (_, processor) = ProcessorOf(Stack, camera);
            var p = processor["Properties"]!;
            Same(GetAtt(lifecycle, "Arn"), p["ServiceToken"]);
            Same(GetAtt(VideoStreamId("eye-of-horus-" + camera), "Arn"), p["KinesisVideoStreamArn"]);
            Same(GetAtt(dataStream, "Arn"), p["KinesisDataStreamArn"]);
            Assert.Equal("eye-of-horus-faces", (string?)p["CollectionId"]);
            Assert.Equal("90", (string?)p["FaceMatchThreshold"]);
            Assert.Equal(660, (int)p["ServiceTimeout"]!);
            Same(GetAtt(Stack.AtPath("StreamProcessors/RekognitionRole/Resource").Id, "Arn"), p["RoleArn"]);
            var dependsOn = processor["DependsOn"]!.AsArray().Select(d => (string?)d).ToList();
            Assert.Contains(Stack.Single("AWS::Rekognition::Collection").Id, dependsOn);
            Assert.Contains(Stack.AtPath("StreamProcessors/RekognitionRole/Resource").Id, dependsOn);
        }
    }

    [Fact]
    public void The_lifecycle_function_runs_dotnet10_and_may_wait_nine_of_its_ten_minutes()
    {
        var f = Stack.Properties(Stack.AtPath("StreamProcessors/Lifecycle/Function/Resource").Id);
        Assert.Equal("dotnet10", (string?)f["Runtime"]);
        Assert.Equal("EyeOfHorus.StreamProcessorLifecycle::EyeOfHorus.StreamProcessorLifecycle.Function::Handle", (string?)f["Handler"]);
        Assert.Equal(600, (int)f["Timeout"]!);
        Assert.Equal("540", (string?)f["Environment"]!["Variables"]!["WAIT_BUDGET_SECONDS"]);
    }

    [Fact]
    public void The_lifecycle_function_may_only_manage_the_named_processors_and_hand_the_role_to_rekognition()
    {
        var role = Stack.AtPath("StreamProcessors/Lifecycle/Role/Resource").Resource;
        var statements = role["Properties"]!["Policies"]!.AsArray().Single(p => (string?)p!["PolicyName"] == "Function")!["PolicyDocument"]!["Statement"]!.AsArray();
        var own = statements.Single(s => (string?)s!["Sid"] == "OwnTheProcessors")!;
        Assert.Equal(
            ["rekognition:CreateStreamProcessor", "rekognition:DeleteStreamProcessor", "rekognition:DescribeStreamProcessor",
             "rekognition:StartStreamProcessor", "rekognition:StopStreamProcessor"],
            own["Action"]!.AsArray().Select(a => (string)a!).Order());
        var arns = own["Resource"]!.AsArray().Select(r => r!.ToJsonString()).ToList();
        Assert.Equal(2, arns.Count);
        Assert.All(new[] { "front-door", "garage" }, c => Assert.Contains(arns, a => a.Contains(":streamprocessor/eye-of-horus-" + c + "\"", StringComparison.Ordinal)));
        var collection = statements.Single(s => (string?)s!["Sid"] == "SearchTheCollection")!;
        Same(GetAtt(Stack.Single("AWS::Rekognition::Collection").Id, "Arn"), collection["Resource"]);
        var pass = statements.Single(s => (string?)s!["Sid"] == "HandTheRoleToRekognition")!;
        Assert.Equal("iam:PassRole", (string?)pass["Action"]);
        Same(GetAtt(Stack.AtPath("StreamProcessors/RekognitionRole/Resource").Id, "Arn"), pass["Resource"]);
        Assert.Equal("rekognition.amazonaws.com", (string?)pass["Condition"]!["StringEquals"]!["iam:PassedToService"]);
        Assert.Equal(3, statements.Count);
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
    public void Threshold_comes_from_context_for_processors_and_the_alerter()
    {
        var stack = Stacks.Synth(("faceMatchThreshold", "85.5"));
        stack.Template.HasResourceProperties("Custom::StreamProcessor", Match.ObjectLike(new Dictionary<string, object> { ["FaceMatchThreshold"] = "85.5" }));
        stack.Template.HasResourceProperties("AWS::Lambda::Function", Match.ObjectLike(new Dictionary<string, object>
        {
            ["Environment"] = new Dictionary<string, object>
            {
                ["Variables"] = Match.ObjectLike(new Dictionary<string, object> { ["FACE_MATCH_THRESHOLD"] = "85.5" }),
            },
        }));
    }

    [Fact]
    public void Defaults_are_one_front_door_camera_with_a_running_processor()
    {
        var stack = Stacks.Defaults;
        Assert.Equal("eye-of-horus-front-door", (string?)stack.Single("AWS::KinesisVideo::Stream").Resource["Properties"]!["Name"]);
        Assert.Equal("eye-of-horus-front-door", (string?)stack.Single("Custom::StreamProcessor").Resource["Properties"]!["Name"]);
    }

    [Fact]
    public void Video_retention_comes_from_context()
    {
        var stack = Stacks.Synth(("videoRetentionHours", "72"));
        stack.Template.HasResourceProperties("AWS::KinesisVideo::Stream", new Dictionary<string, object> { ["DataRetentionInHours"] = 72 });
    }
}
