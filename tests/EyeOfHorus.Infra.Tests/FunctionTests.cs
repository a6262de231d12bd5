using System.Text.Json.Nodes;
using static EyeOfHorus.Infra.Tests.Synthesized;

namespace EyeOfHorus.Infra.Tests;

public sealed class FunctionTests
{
    private static Synthesized Stack => Stacks.StreamProcessorTwoCameras;

    private static JsonObject Function(string name) => Stack.Properties(Stack.AtPath(name + "/Lambda/Function/Resource").Id);

    [Theory]
    [InlineData("FaceIndexer", "EyeOfHorus.FaceIndexer::EyeOfHorus.FaceIndexer.Function::Handle")]
    [InlineData("MatchAlerter", "EyeOfHorus.MatchAlerter::EyeOfHorus.MatchAlerter.Function::Handle")]
    public void Functions_run_dotnet10_on_arm64_with_json_logs_in_their_own_log_group(string name, string handler)
    {
        var f = Function(name);
        Assert.Equal("dotnet10", (string?)f["Runtime"]);
        Same(new JsonArray("arm64"), f["Architectures"]);
        Assert.Equal(handler, (string?)f["Handler"]);
        Assert.Equal("JSON", (string?)f["LoggingConfig"]!["LogFormat"]);
        var logGroup = Stack.AtPath(name + "/Lambda/Logs/Resource");
        Same(Ref(logGroup.Id), f["LoggingConfig"]!["LogGroup"]);
        Assert.Equal(90, (int)logGroup.Resource["Properties"]!["RetentionInDays"]!);
        Assert.Equal("Delete", (string?)logGroup.Resource["DeletionPolicy"]);
    }

    [Fact]
    public void MatchAlerter_environment_is_the_contract()
    {
        var env = Function("MatchAlerter")["Environment"]!["Variables"]!.AsObject();
        Assert.Equal(
            ["ALERT_EVENTS", "CAMERA_STREAMS", "COOLDOWN_SECONDS", "COOLDOWN_TABLE", "FACE_MATCH_THRESHOLD", "SNAPSHOT_BUCKET",
             "TOPIC_ARN", "UNKNOWN_MIN_CONFIDENCE", "UNKNOWN_MIN_FACE_SIZE"],
            env.Select(e => e.Key).Order());
        Same(Ref(Stack.Single("AWS::SNS::Topic").Id), env["TOPIC_ARN"]);
        Same(Ref(Stack.AtPath("CooldownTable/Table/Resource").Id), env["COOLDOWN_TABLE"]);
        Same(Ref(Stack.AtPath("FacesBucket/Bucket/Resource").Id), env["SNAPSHOT_BUCKET"]);
        Assert.Equal("front-door=eye-of-horus-front-door,garage=eye-of-horus-garage", (string?)env["CAMERA_STREAMS"]);
        Assert.Equal("90", (string?)env["FACE_MATCH_THRESHOLD"]);
        Assert.Equal("90", (string?)env["UNKNOWN_MIN_CONFIDENCE"]);
        Assert.Equal("0.02", (string?)env["UNKNOWN_MIN_FACE_SIZE"]);
        Assert.Equal("person_recognised,unknown_face", (string?)env["ALERT_EVENTS"]);
        Assert.Equal("300", (string?)env["COOLDOWN_SECONDS"]);
    }

    [Fact]
    public void FaceIndexer_environment_is_the_contract()
    {
        var env = Function("FaceIndexer")["Environment"]!["Variables"]!.AsObject();
        Assert.Equal(["COLLECTION_ID", "FACES_PREFIX", "LEDGER_TABLE", "TOPIC_ARN"], env.Select(e => e.Key).Order());
        Same(Ref(Stack.AtPath("FaceIndexer/Ledger/Table/Resource").Id), env["LEDGER_TABLE"]);
        Assert.Equal("eye-of-horus-faces", (string?)env["COLLECTION_ID"]);
        Assert.Equal("faces/", (string?)env["FACES_PREFIX"]);
        Same(Ref(Stack.Single("AWS::SNS::Topic").Id), env["TOPIC_ARN"]);
    }

    [Fact]
    public void MatchAlerter_reads_the_data_stream_with_partial_failures_bisection_bounded_retries_and_stores_failed_batches_whole_in_S3()
    {
        var (_, mapping) = Stack.Single("AWS::Lambda::EventSourceMapping");
        var p = mapping["Properties"]!;
        Same(GetAtt(Stack.Single("AWS::Kinesis::Stream").Id, "Arn"), p["EventSourceArn"]);
        Same(Ref(Stack.AtPath("MatchAlerter/Lambda/Function/Resource").Id), p["FunctionName"]);
        Same(new JsonArray("ReportBatchItemFailures"), p["FunctionResponseTypes"]);
        Assert.True((bool)p["BisectBatchOnFunctionError"]!);
        Assert.Equal(3, (int)p["MaximumRetryAttempts"]!);
        Assert.Equal(3600, (int)p["MaximumRecordAgeInSeconds"]!);
        Assert.Equal("LATEST", (string?)p["StartingPosition"]);
        // An S3 destination gets the whole invocation record (an SQS one only shard and sequence numbers).
        var (bucketId, bucket) = Stack.AtPath("MatchAlerter/FailedBatches/Bucket/Resource");
        Same(GetAtt(bucketId, "Arn"), p["DestinationConfig"]!["OnFailure"]!["Destination"]);
        Assert.Equal("Retain", (string?)bucket["DeletionPolicy"]);
        var rule = Assert.Single(bucket["Properties"]!["LifecycleConfiguration"]!["Rules"]!.AsArray())!;
        Assert.Equal(90, (int)rule["ExpirationInDays"]!);
        Assert.Equal("AES256", (string?)bucket["Properties"]!["BucketEncryption"]!["ServerSideEncryptionConfiguration"]![0]!["ServerSideEncryptionByDefault"]!["SSEAlgorithm"]);

        var role = Stack.AtPath("MatchAlerter/Lambda/Role/Resource").Resource;
        var statements = role["Properties"]!["Policies"]!.AsArray().Single(x => (string?)x!["PolicyName"] == "Function")!["PolicyDocument"]!["Statement"]!.AsArray();
        var store = statements.Single(x => (string?)x!["Sid"] == "StoreFailedBatches")!;
        Assert.Equal("s3:PutObject", (string?)store["Action"]);
        Same(JsonNode.Parse($$"""{"Fn::Join":["",[{"Fn::GetAtt":["{{bucketId}}","Arn"]},"/*"]]}"""), store["Resource"]);
        var list = statements.Single(x => (string?)x!["Sid"] == "ListFailedBatches")!;
        Assert.Equal("s3:ListBucket", (string?)list["Action"]);
        Same(GetAtt(bucketId, "Arn"), list["Resource"]);
        Assert.DoesNotContain(Stack.Statements(), x => x.Statement.ToJsonString().Contains("s3:GetObject*", StringComparison.Ordinal));
    }

    [Fact]
    public void FaceIndexer_gets_faces_created_and_removed_events_and_sends_failures_to_a_queue_after_two_retries()
    {
        var indexer = Stack.AtPath("FaceIndexer/Lambda/Function/Resource").Id;
        var (bucketId, bucket) = Stack.AtPath("FacesBucket/Bucket/Resource");
        // The bucket's own configuration: no Custom::S3BucketNotifications and no helper Lambda.
        Assert.Empty(Stack.OfType("Custom::S3BucketNotifications"));
        var configs = bucket["Properties"]!["NotificationConfiguration"]!["LambdaConfigurations"]!.AsArray();
        Assert.Equal(["s3:ObjectCreated:*", "s3:ObjectRemoved:*"], configs.Select(c => (string)c!["Event"]!).Order());
        Assert.All(configs, c =>
        {
            Same(GetAtt(indexer, "Arn"), c!["Function"]);
            Same(JsonNode.Parse("""[{"Name":"prefix","Value":"faces/"}]"""), c["Filter"]!["S3Key"]!["Rules"]);
        });

        // S3 may invoke it for this bucket of this account only, and the permission exists before the bucket.
        var (permissionId, permission) = Stack.Single("AWS::Lambda::Permission");
        var p = permission["Properties"]!;
        Assert.Equal(("lambda:InvokeFunction", "s3.amazonaws.com"), ((string?)p["Action"], (string?)p["Principal"]));
        Same(GetAtt(indexer, "Arn"), p["FunctionName"]);
        Same(Ref("AWS::AccountId"), p["SourceAccount"]);
        Assert.Contains(permissionId, bucket["DependsOn"]!.AsArray().Select(d => (string?)d));
        Assert.DoesNotContain(bucketId, p.ToJsonString(), StringComparison.Ordinal);

        var (_, invoke) = Stack.Single("AWS::Lambda::EventInvokeConfig");
        Same(Ref(indexer), invoke["Properties"]!["FunctionName"]);
        Assert.Equal(2, (int)invoke["Properties"]!["MaximumRetryAttempts"]!);
        Same(GetAtt(Stack.AtPath("FaceIndexer/Failures/Queue/Resource").Id, "Arn"), invoke["Properties"]!["DestinationConfig"]!["OnFailure"]!["Destination"]);
    }

    [Fact]
    public void The_faces_bucket_is_named_after_the_stack_UUID_so_the_permission_can_name_it_and_a_redeploy_gets_a_new_one()
    {
        var (_, bucket) = Stack.AtPath("FacesBucket/Bucket/Resource");
        var name = JsonNode.Parse("""
            {"Fn::Join":["-",["eyeofhorus-faces",{"Fn::Select":[2,{"Fn::Split":["/",{"Ref":"AWS::StackId"}]}]}]]}
            """);
        Same(name, bucket["Properties"]!["BucketName"]);
        var sourceArn = Stack.Single("AWS::Lambda::Permission").Resource["Properties"]!["SourceArn"]!.ToJsonString();
        Assert.Contains(":s3:::", sourceArn, StringComparison.Ordinal);
        Assert.Contains(name!["Fn::Join"]![1]![1]!.ToJsonString(), sourceArn, StringComparison.Ordinal);
        // "eyeofhorus-faces-" + a 36-character UUID: within S3's 63 characters, lower case.
        Assert.True("eyeofhorus-faces-".Length + 36 <= 63);
    }
}
