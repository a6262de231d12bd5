using System.Text.Json.Nodes;
using static EyeOfHorus.Infra.Tests.Synthesized;

namespace EyeOfHorus.Infra.Tests;

/// <summary>-c recognition=edge -c cameras=front-door,garage.</summary>
public sealed class EdgeModeTests
{
    private static Synthesized Stack => Stacks.EdgeTwoCameras;

    [Fact]
    public void There_is_no_stream_processor_nor_anything_that_runs_one()
    {
        Stack.Template.ResourceCountIs("AWS::Rekognition::StreamProcessor", 0);
        Stack.Template.ResourceCountIs("Custom::StreamProcessor", 0);
        Assert.DoesNotContain(Stack.Statements(), s => s.Statement.ToJsonString().Contains("rekognition.amazonaws.com", StringComparison.Ordinal));
        Assert.DoesNotContain(Stack.Statements(), s => s.Statement.ToJsonString().Contains("StreamProcessor", StringComparison.Ordinal));
    }

    [Fact]
    public void Video_still_goes_to_one_stream_per_camera_and_records_to_one_data_stream()
    {
        Assert.Equal(["eye-of-horus-front-door", "eye-of-horus-garage"],
            Stack.OfType("AWS::KinesisVideo::Stream").Select(s => (string)s.Resource["Properties"]!["Name"]!).Order());
        Stack.Template.ResourceCountIs("AWS::Kinesis::Stream", 1);
        Stack.Template.ResourceCountIs("AWS::Rekognition::Collection", 1);
    }

    [Fact]
    public void Camera_host_may_search_faces_put_records_and_snapshots_and_nothing_more()
    {
        var statements = Stack.Single("AWS::IAM::ManagedPolicy").Resource["Properties"]!["PolicyDocument"]!["Statement"]!.AsArray()
            .ToDictionary(s => (string)s!["Sid"]!, s => s!);
        Assert.Equal(["EncryptMatchRecords", "PutCameraVideo", "PutMatchRecords", "PutSnapshots", "SearchFaces"], statements.Keys.Order());

        Same(JsonValue.Create("rekognition:SearchFacesByImage"), statements["SearchFaces"]["Action"]);
        Same(GetAtt(Stack.Single("AWS::Rekognition::Collection").Id, "Arn"), statements["SearchFaces"]["Resource"]);
        // The edge finds faces locally and puts one record at a time: no DetectFaces, no PutRecords.
        Same(JsonValue.Create("kinesis:PutRecord"), statements["PutMatchRecords"]["Action"]);
        Same(GetAtt(Stack.Single("AWS::Kinesis::Stream").Id, "Arn"), statements["PutMatchRecords"]["Resource"]);
        Same(JsonValue.Create("kms:GenerateDataKey"), statements["EncryptMatchRecords"]["Action"]);
        Same(GetAtt(Stack.Single("AWS::KMS::Key").Id, "Arn"), statements["EncryptMatchRecords"]["Resource"]);
        Same(JsonValue.Create("s3:PutObject"), statements["PutSnapshots"]["Action"]);
        var bucket = Stack.AtPath("FacesBucket/Bucket/Resource").Id;
        Same(new JsonObject { ["Fn::Join"] = new JsonArray("", new JsonArray(GetAtt(bucket, "Arn"), "/snapshots/*")) }, statements["PutSnapshots"]["Resource"]);
    }

    [Fact]
    public void Outputs_say_edge_and_name_no_processors()
    {
        Assert.Equal("edge", (string?)Stack.Outputs["Recognition"]!["Value"]);
        Assert.False(Stack.Outputs.ContainsKey("StreamProcessors"));
    }
}
