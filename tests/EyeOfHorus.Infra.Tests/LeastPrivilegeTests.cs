using System.Text.Json.Nodes;
using static EyeOfHorus.Infra.Tests.Synthesized;

namespace EyeOfHorus.Infra.Tests;

/// <summary>Walks every policy statement of both templates (IAM, key, bucket, topic, queue policies).</summary>
public sealed class LeastPrivilegeTests
{
    public static TheoryData<string> Modes => ["stream-processor", "edge", "local"];

    private static Synthesized InMode(string mode) => Stacks.TwoCameras(mode);

    [Theory]
    [MemberData(nameof(Modes))]
    public void No_allow_statement_has_a_wildcard_action_or_a_NotAction(string mode)
    {
        var allows = InMode(mode).Statements().Where(s => (string?)s.Statement["Effect"] == "Allow").ToList();
        Assert.True(allows.Count > 15, $"walked only {allows.Count} statements");
        foreach (var (id, _, statement) in allows)
        {
            Assert.False(statement.ContainsKey("NotAction"), $"{id}: NotAction");
            Assert.False(statement.ContainsKey("NotResource"), $"{id}: NotResource");
            foreach (var action in AsList(statement["Action"]))
                Assert.DoesNotContain("*", (string)action!, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void A_star_resource_appears_only_where_AWS_has_no_resource_ARN(string mode)
    {
        foreach (var (id, type, statement) in InMode(mode).Statements().Where(s => (string?)s.Statement["Effect"] == "Allow"))
        {
            if (!AsList(statement["Resource"]).Any(r => r is JsonValue v && v.GetValue<string>() == "*")) continue;
            // In a key policy "*" means "this key"; nothing else of ours needs "*".
            Assert.True(type == "AWS::KMS::Key", $"{id} ({type}) allows {statement["Action"]!.ToJsonString()} on *");
        }
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void Anyone_principal_appears_only_in_deny_statements(string mode)
    {
        foreach (var (id, _, statement) in InMode(mode).Statements())
        {
            if ((string?)statement["Effect"] == "Deny") continue;
            Assert.False(statement["Principal"] is JsonValue p && p.GetValue<string>() == "*", $"{id} allows Principal *");
            Assert.False(statement["Principal"]?["AWS"] is JsonValue a && a.GetValue<string>() == "*", $"{id} allows AWS *");
        }
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void The_stack_creates_no_users_and_no_access_keys(string mode)
    {
        var types = InMode(mode).Resources.Select(r => (string)r.Value!["Type"]!).ToHashSet();
        Assert.DoesNotContain("AWS::IAM::User", types);
        Assert.DoesNotContain("AWS::IAM::AccessKey", types);
        Assert.DoesNotContain("AWS::IAM::Group", types);
    }

    [Fact]
    public void Roles_use_no_AWS_managed_policy()
    {
        var stack = Stacks.StreamProcessorTwoCameras;
        Assert.DoesNotContain(stack.OfType("AWS::IAM::Role"), r => r.Resource["Properties"]!.AsObject().ContainsKey("ManagedPolicyArns"));
    }

    [Fact]
    public void Camera_host_in_stream_processor_mode_may_only_put_media_on_its_streams()
    {
        var stack = Stacks.StreamProcessorTwoCameras;
        var statement = Assert.Single(stack.Single("AWS::IAM::ManagedPolicy").Resource["Properties"]!["PolicyDocument"]!["Statement"]!.AsArray())!;
        Same(new JsonArray("kinesisvideo:DescribeStream", "kinesisvideo:GetDataEndpoint", "kinesisvideo:PutMedia"), statement["Action"]);
        var streams = stack.OfType("AWS::KinesisVideo::Stream").Select(s => GetAtt(s.Id, "Arn").ToJsonString()).Order();
        Assert.Equal(streams, statement["Resource"]!.AsArray().Select(r => r!.ToJsonString()).Order());
    }

    [Fact]
    public void Functions_write_only_their_own_log_group()
    {
        var stack = Stacks.StreamProcessorTwoCameras;
        foreach (var name in new[] { "FaceIndexer/Lambda", "MatchAlerter/Lambda", "StreamProcessors/Lifecycle" })
        {
            var role = stack.AtPath(name + "/Role/Resource").Resource;
            var logs = role["Properties"]!["Policies"]!.AsArray().Single(p => (string?)p!["PolicyName"] == "Logs")!;
            var statement = Assert.Single(logs["PolicyDocument"]!["Statement"]!.AsArray())!;
            Same(new JsonArray("logs:CreateLogStream", "logs:PutLogEvents"), statement["Action"]);
            var logGroup = stack.AtPath(name + "/Logs/Resource").Id;
            Same(GetAtt(logGroup, "Arn"), statement["Resource"]);
        }
    }

    [Fact]
    public void FaceIndexer_may_only_update_its_own_ledger_and_no_longer_lists_the_collection()
    {
        var stack = Stacks.StreamProcessorTwoCameras;
        var role = stack.AtPath("FaceIndexer/Lambda/Role/Resource").Resource;
        var function = role["Properties"]!["Policies"]!.AsArray().Single(p => (string?)p!["PolicyName"] == "Function")!;
        var statements = function["PolicyDocument"]!["Statement"]!.AsArray();
        var ledger = statements.Single(st => (string?)st!["Sid"] == "KeepLedger")!;
        Same(JsonValue.Create("dynamodb:UpdateItem"), ledger["Action"]);
        Same(GetAtt(stack.AtPath("FaceIndexer/Ledger/Table/Resource").Id, "Arn"), ledger["Resource"]);
        var collection = statements.Single(st => (string?)st!["Sid"] == "MaintainCollection")!;
        Same(new JsonArray("rekognition:DeleteFaces", "rekognition:IndexFaces"), collection["Action"]); // CDK sorts actions
    }
}
