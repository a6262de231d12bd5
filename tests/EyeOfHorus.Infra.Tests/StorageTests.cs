using static EyeOfHorus.Infra.Tests.Synthesized;

namespace EyeOfHorus.Infra.Tests;

/// <summary>Buckets, table, and what `cdk destroy` keeps.</summary>
public sealed class StorageTests
{
    private static Synthesized Stack => Stacks.StreamProcessorTwoCameras;

    [Fact]
    public void Faces_bucket_is_versioned_logs_access_and_expires_snapshots()
    {
        var bucket = Stack.AtPath("FacesBucket/Bucket/Resource").Resource["Properties"]!;
        Assert.Equal("Enabled", (string?)bucket["VersioningConfiguration"]!["Status"]);
        Same(Ref(Stack.AtPath("FacesBucket/AccessLogs/Resource").Id), bucket["LoggingConfiguration"]!["DestinationBucketName"]);
        var rules = bucket["LifecycleConfiguration"]!["Rules"]!.AsArray();
        var snapshots = rules.Single(r => (string?)r!["Id"] == "expire-snapshots")!;
        Assert.Equal("snapshots/", (string?)snapshots["Prefix"]);
        Assert.Equal(30, (int)snapshots["ExpirationInDays"]!);
        var oldVersions = rules.Single(r => (string?)r!["Id"] == "expire-old-versions")!;
        Assert.Equal(7, (int)oldVersions["NoncurrentVersionExpiration"]!["NoncurrentDays"]!);
    }

    [Fact]
    public void Cooldown_table_has_pk_ttl_expiresAt_and_on_demand_billing()
    {
        var table = Stack.AtPath("CooldownTable/Table/Resource").Resource["Properties"]!;
        Same(System.Text.Json.Nodes.JsonNode.Parse("""[{"AttributeName":"pk","KeyType":"HASH"}]"""), table["KeySchema"]);
        Same(System.Text.Json.Nodes.JsonNode.Parse("""[{"AttributeName":"pk","AttributeType":"S"}]"""), table["AttributeDefinitions"]);
        Same(System.Text.Json.Nodes.JsonNode.Parse("""{"AttributeName":"expiresAt","Enabled":true}"""), table["TimeToLiveSpecification"]);
        Assert.Equal("PAY_PER_REQUEST", (string?)table["BillingMode"]);
    }

    [Fact]
    public void FaceIndexer_ledger_has_pk_on_demand_billing_and_point_in_time_recovery()
    {
        var table = Stack.AtPath("FaceIndexer/Ledger/Table/Resource").Resource["Properties"]!;
        Same(System.Text.Json.Nodes.JsonNode.Parse("""[{"AttributeName":"pk","KeyType":"HASH"}]"""), table["KeySchema"]);
        Same(System.Text.Json.Nodes.JsonNode.Parse("""[{"AttributeName":"pk","AttributeType":"S"}]"""), table["AttributeDefinitions"]);
        Assert.Equal("PAY_PER_REQUEST", (string?)table["BillingMode"]);
        Assert.True((bool)table["PointInTimeRecoverySpecification"]!["PointInTimeRecoveryEnabled"]!);
    }

    [Theory]
    [InlineData("stream-processor")]
    [InlineData("edge")]
    [InlineData("local")]
    public void Destroy_retains_only_the_faces_access_log_and_failed_batch_buckets_with_their_policies(string mode)
    {
        var stack = Stacks.TwoCameras(mode);
        var retained = stack.Resources
            .Where(r => (string?)r.Value!["DeletionPolicy"] is "Retain" or "RetainExceptOnCreate" or "Snapshot"
                     || (string?)r.Value!["UpdateReplacePolicy"] is "Retain")
            .Select(r => (string?)r.Value!["Metadata"]!["aws:cdk:path"])
            .Order(StringComparer.Ordinal);
        Assert.Equal(
            ["EyeOfHorus/FacesBucket/AccessLogs/Policy/Resource", "EyeOfHorus/FacesBucket/AccessLogs/Resource",
             "EyeOfHorus/FacesBucket/Bucket/Policy/Resource", "EyeOfHorus/FacesBucket/Bucket/Resource",
             "EyeOfHorus/MatchAlerter/FailedBatches/Bucket/Policy/Resource", "EyeOfHorus/MatchAlerter/FailedBatches/Bucket/Resource"],
            retained);
    }

    [Fact]
    public void Alert_email_subscribes_to_the_topic_only_when_given()
    {
        Stacks.StreamProcessorTwoCameras.Template.ResourceCountIs("AWS::SNS::Subscription", 0);
        var stack = Stacks.Synth(("alertEmail", "owner@example.com"));
        var (_, subscription) = stack.Single("AWS::SNS::Subscription");
        Assert.Equal("email", (string?)subscription["Properties"]!["Protocol"]);
        Assert.Equal("owner@example.com", (string?)subscription["Properties"]!["Endpoint"]);
        Same(Ref(stack.Single("AWS::SNS::Topic").Id), subscription["Properties"]!["TopicArn"]);
    }
}
