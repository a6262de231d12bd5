using Amazon.CDK;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.Lambda;
using Amazon.CDK.AWS.Lambda.EventSources;
using Constructs;
using EyeOfHorus.Contract;

namespace EyeOfHorus.Infra;

/// <summary>
/// MatchAlerter: batches from the match data stream -> decoded matches -> deduplicated SNS alerts.
/// It reports partial batch failures; a failing batch is bisected and retried a bounded number of
/// times, and what still fails (or is older than an hour) is stored whole in the failed-batches
/// bucket (<see cref="FailedBatches"/>), so no record is lost silently and one bad record cannot block the shard.
/// </summary>
public sealed class MatchAlerterFunction : Construct
{
    public const int BatchSize = 100;
    public const int RetryAttempts = 3;
    public static readonly Duration MaxRecordAge = Duration.Hours(1);

    public DotnetFunction Lambda { get; }
    public FailedBatches Failures { get; }

    public MatchAlerterFunction(
        Construct scope, string id, string codeDirectory, DeploymentSettings settings,
        MatchDataStream dataStream, AlertTopic topic, CooldownTable cooldowns, FacesBucket faces,
        EncryptionKey key) : base(scope, id)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(dataStream);
        ArgumentNullException.ThrowIfNull(topic);
        ArgumentNullException.ThrowIfNull(cooldowns);
        ArgumentNullException.ThrowIfNull(faces);
        ArgumentNullException.ThrowIfNull(key);

        Failures = new FailedBatches(this, "FailedBatches", faces);
        Lambda = new DotnetFunction(this, "Lambda", new DotnetFunctionProps(
            Description: "Eye of Horus MatchAlerter: match records -> SNS alerts",
            CodeDirectory: codeDirectory,
            Handler: LambdaHandlers.MatchAlerter,
            Environment: new Dictionary<string, string>
            {
                [MatchAlerterEnvironment.TopicArn] = topic.Topic.TopicArn,
                [MatchAlerterEnvironment.CooldownTable] = cooldowns.Table.TableName,
                [MatchAlerterEnvironment.CameraStreams] = CameraMap.Format(settings.Cameras, ResourceNames.VideoStream),
                [MatchAlerterEnvironment.SnapshotBucket] = faces.Bucket.BucketName,
                [MatchAlerterEnvironment.FaceMatchThreshold] = MatchAlerterEnvironment.FormatNumber(settings.FaceMatchThreshold),
                [MatchAlerterEnvironment.UnknownMinConfidence] = MatchAlerterEnvironment.FormatNumber(settings.Recognition == RecognitionMode.Local
                    ? MatchAlerterEnvironment.LocalEngineUnknownMinConfidence
                    : MatchAlerterEnvironment.DefaultUnknownMinConfidence),
                [MatchAlerterEnvironment.UnknownMinFaceSize] = MatchAlerterEnvironment.FormatNumber(MatchAlerterEnvironment.DefaultUnknownMinFaceSize),
                [MatchAlerterEnvironment.AlertEvents] = MatchAlerterEnvironment.DefaultAlertEvents,
                [MatchAlerterEnvironment.CooldownSeconds] = MatchAlerterEnvironment.FormatNumber(MatchAlerterEnvironment.DefaultCooldownSeconds),
            },
            Permissions:
            [
                topic.AllowPublish(),
                key.AllowEncrypt(), // publish to the encrypted topic; reading the stream adds kms:Decrypt
                new PolicyStatement(new PolicyStatementProps
                {
                    Sid = "RecordCooldowns",
                    Actions = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem"],
                    Resources = [cooldowns.Table.TableArn],
                }),
                new PolicyStatement(new PolicyStatementProps
                {
                    Sid = "LinkSnapshots", // presigned links to edge snapshots in alerts
                    Actions = ["s3:GetObject"],
                    Resources = [faces.SnapshotObjectsArn],
                }),
                .. Failures.AllowWrite(),
            ],
            Timeout: Duration.Seconds(60)));

        // Grants the stream's read actions and kms:Decrypt (on its key) to the function's role.
        Lambda.Function.AddEventSource(new KinesisEventSource(dataStream.Stream, new KinesisEventSourceProps
        {
            StartingPosition = StartingPosition.LATEST,
            BatchSize = BatchSize,
            ReportBatchItemFailures = true,
            BisectBatchOnError = true,
            RetryAttempts = RetryAttempts,
            MaxRecordAge = MaxRecordAge,
            ParallelizationFactor = 1,
        }));
        // An S3 destination set on the mapping itself: CDK's S3OnFailureDestination would grant the
        // function s3:GetObject*/List*/DeleteObject* on the bucket; the role above has exactly what Lambda needs.
        var mapping = Lambda.Function.Node.Children.OfType<EventSourceMapping>().Single();
        ((CfnEventSourceMapping)mapping.Node.DefaultChild!).AddPropertyOverride("DestinationConfig.OnFailure.Destination", Failures.Bucket.BucketArn);

        NagSuppressions.Add(Lambda.Role, new NagSuppression("AwsSolutions-IAM5",
            "Alerts link edge snapshots under snapshots/ (written by camera hosts); Lambda names each stored failed batch itself (aws/lambda/<mapping>/<shard>/<date>/...): neither key is known at deploy time.",
            [FacesBucket.ObjectsUnder(BucketLayout.SnapshotsPrefix), "regex:/^Resource::<MatchAlerterFailedBatchesBucket[A-Za-z0-9]*\\.Arn>\\/\\*$/"]));
    }
}
