using System.Text.Json.Nodes;
using static EyeOfHorus.Infra.Tests.Synthesized;

namespace EyeOfHorus.Infra.Tests;

/// <summary>-c recognition=local -c cameras=front-door,garage: the camera host recognises with the local engine.</summary>
public sealed class LocalModeTests
{
    private static Synthesized Stack => Stacks.LocalTwoCameras;

    [Fact]
    public void There_is_no_Rekognition_resource_and_no_Rekognition_permission_anywhere()
    {
        Assert.DoesNotContain(Stack.Resources, r => ((string)r.Value!["Type"]!).Contains("Rekognition", StringComparison.Ordinal));
        Stack.Template.ResourceCountIs("Custom::StreamProcessor", 0);
        var text = Stack.Json.ToJsonString();
        Assert.DoesNotContain("rekognition", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("StreamProcessor", text, StringComparison.Ordinal);
        Assert.DoesNotContain("eye-of-horus-faces\"", text, StringComparison.Ordinal); // the collection id
    }

    [Fact]
    public void Video_still_goes_to_one_stream_per_camera_and_alerts_work_as_in_the_other_modes()
    {
        Assert.Equal(["eye-of-horus-front-door", "eye-of-horus-garage"],
            Stack.OfType("AWS::KinesisVideo::Stream").Select(s => (string)s.Resource["Properties"]!["Name"]!).Order());
        Stack.Template.ResourceCountIs("AWS::Kinesis::Stream", 1);
        Stack.Template.ResourceCountIs("AWS::SNS::Topic", 1);
        Stack.AtPath("MatchAlerter/Lambda/Function/Resource");
        Stack.AtPath("CooldownTable/Table/Resource");
        Stack.Template.ResourceCountIs("AWS::Lambda::EventSourceMapping", 1);
    }

    [Fact]
    public void Camera_host_may_read_faces_put_records_and_snapshots_and_nothing_more()
    {
        var statements = Stack.Single("AWS::IAM::ManagedPolicy").Resource["Properties"]!["PolicyDocument"]!["Statement"]!.AsArray()
            .ToDictionary(s => (string)s!["Sid"]!, s => s!);
        Assert.Equal(["EncryptMatchRecords", "ListFacePhotos", "PutCameraVideo", "PutMatchRecords", "PutSnapshots", "ReadFacePhotos"], statements.Keys.Order());

        var bucket = Stack.AtPath("FacesBucket/Bucket/Resource").Id;
        Same(JsonValue.Create("s3:ListBucket"), statements["ListFacePhotos"]["Action"]);
        Same(GetAtt(bucket, "Arn"), statements["ListFacePhotos"]["Resource"]);
        Same(new JsonObject { ["StringLike"] = new JsonObject { ["s3:prefix"] = new JsonArray("faces/", "faces/*") } }, statements["ListFacePhotos"]["Condition"]);
        Same(JsonValue.Create("s3:GetObject"), statements["ReadFacePhotos"]["Action"]); // current versions only, no tagging
        Same(new JsonObject { ["Fn::Join"] = new JsonArray("", new JsonArray(GetAtt(bucket, "Arn"), "/faces/*")) }, statements["ReadFacePhotos"]["Resource"]);
        Same(JsonValue.Create("kinesis:PutRecord"), statements["PutMatchRecords"]["Action"]);
        Same(GetAtt(Stack.Single("AWS::Kinesis::Stream").Id, "Arn"), statements["PutMatchRecords"]["Resource"]);
        Same(JsonValue.Create("kms:GenerateDataKey"), statements["EncryptMatchRecords"]["Action"]);
        Same(GetAtt(Stack.Single("AWS::KMS::Key").Id, "Arn"), statements["EncryptMatchRecords"]["Resource"]);
        Same(JsonValue.Create("s3:PutObject"), statements["PutSnapshots"]["Action"]);
        Same(new JsonObject { ["Fn::Join"] = new JsonArray("", new JsonArray(GetAtt(bucket, "Arn"), "/snapshots/*")) }, statements["PutSnapshots"]["Resource"]);
        Assert.All(statements.Values, s => Assert.Equal("Allow", (string?)s["Effect"]));
    }

    [Fact]
    public void The_camera_host_suppressions_name_exactly_the_two_prefixes_it_uses()
    {
        var (_, policy) = Stack.Single("AWS::IAM::ManagedPolicy");
        var rule = Assert.Single(policy["Metadata"]!["cdk_nag"]!["rules_to_suppress"]!.AsArray())!;
        Assert.Equal("AwsSolutions-IAM5", (string?)rule["id"]);
        var applies = rule["applies_to"]!.AsArray().Select(a => (string)a!["regex"]!).ToList();
        Assert.Equal(2, applies.Count);
        Assert.Contains(applies, a => a.Contains("snapshots", StringComparison.Ordinal));
        Assert.Contains(applies, a => a.Contains("faces", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("local", "60")]
    [InlineData("edge", "90")]
    [InlineData("stream-processor", "90")]
    public void The_alerter_takes_the_unknown_face_bar_of_the_detector_that_wrote_the_records(string mode, string bar)
    {
        var stack = Stacks.TwoCameras(mode);
        var environment = stack.Properties(stack.AtPath("MatchAlerter/Lambda/Function/Resource").Id)["Environment"]!["Variables"]!;
        Assert.Equal(bar, (string?)environment["UNKNOWN_MIN_CONFIDENCE"]);
    }

    [Fact]
    public void The_FaceIndexer_checks_photos_with_the_local_engine_reads_and_tags_them_and_may_not_call_Rekognition()
    {
        var function = Stack.Properties(Stack.AtPath("FaceIndexer/Lambda/Function/Resource").Id);
        var environment = function["Environment"]!["Variables"]!.AsObject();
        Assert.Equal("local", (string?)environment["RECOGNITION"]);
        Assert.False(environment.ContainsKey("COLLECTION_ID"));
        Same(Ref(Stack.AtPath("FaceIndexer/LocalLedger/Table/Resource").Id), environment["LEDGER_TABLE"]);
        Assert.Equal(1536, (int)function["MemorySize"]!);

        var role = Stack.AtPath("FaceIndexer/Lambda/Role/Resource").Resource;
        var policy = role["Properties"]!["Policies"]!.AsArray().Single(p => (string?)p!["PolicyName"] == "Function")!;
        var sids = policy["PolicyDocument"]!["Statement"]!.AsArray().Select(st => (string?)st!["Sid"]).ToList();
        Assert.Contains("ReadAndTagFacePhotos", sids);
        Assert.Contains("KeepLedger", sids);
        Assert.DoesNotContain("MaintainCollection", sids);
        Assert.DoesNotContain("rekognition", role.ToJsonString(), StringComparison.OrdinalIgnoreCase);
    }
}
