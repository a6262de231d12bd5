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
    public void MatchAlerter_reads_the_data_stream_with_partial_failures_bisection_bounded_retries_and_a_failure_queue()
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
        var queue = Stack.AtPath("MatchAlerter/Failures/Queue/Resource").Id;
        Same(GetAtt(queue, "Arn"), p["DestinationConfig"]!["OnFailure"]!["Destination"]);
    }

    [Fact]
    public void FaceIndexer_gets_faces_created_and_removed_events_and_sends_failures_to_a_queue_after_two_retries()
    {
        var indexer = Stack.AtPath("FaceIndexer/Lambda/Function/Resource").Id;
        var (_, notifications) = Stack.Single("Custom::S3BucketNotifications");
        Same(Ref(Stack.AtPath("FacesBucket/Bucket/Resource").Id), notifications["Properties"]!["BucketName"]);
        var configs = notifications["Properties"]!["NotificationConfiguration"]!["LambdaFunctionConfigurations"]!.AsArray();
        Assert.Equal(["s3:ObjectCreated:*", "s3:ObjectRemoved:*"], configs.Select(c => (string)c!["Events"]![0]!).Order());
        Assert.All(configs, c =>
        {
            Same(GetAtt(indexer, "Arn"), c!["LambdaFunctionArn"]);
            Same(JsonNode.Parse("""[{"Name":"prefix","Value":"faces/"}]"""), c["Filter"]!["Key"]!["FilterRules"]);
        });

        var (_, invoke) = Stack.Single("AWS::Lambda::EventInvokeConfig");
        Same(Ref(indexer), invoke["Properties"]!["FunctionName"]);
        Assert.Equal(2, (int)invoke["Properties"]!["MaximumRetryAttempts"]!);
        Same(GetAtt(Stack.AtPath("FaceIndexer/Failures/Queue/Resource").Id, "Arn"), invoke["Properties"]!["DestinationConfig"]!["OnFailure"]!["Destination"]);
    }

    [Fact]
    public void The_S3_notification_handler_may_only_configure_the_faces_bucket()
    {
        var policy = Stack.AtPath("BucketNotificationsHandler050a0587b7544547bf325f094a3db834/Role/DefaultPolicy/Resource");
        var statement = Assert.Single(policy.Resource["Properties"]!["PolicyDocument"]!["Statement"]!.AsArray())!;
        Assert.Equal("s3:PutBucketNotification", (string?)statement["Action"]);
        Same(GetAtt(Stack.AtPath("FacesBucket/Bucket/Resource").Id, "Arn"), statement["Resource"]);
    }
}
