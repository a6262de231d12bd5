using Amazon.CDK;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.Lambda;
using Amazon.CDK.AWS.S3;
using Constructs;
using EyeOfHorus.Contract;

namespace EyeOfHorus.Infra;

/// <summary>
/// FaceIndexer: S3 ObjectCreated/ObjectRemoved under <c>faces/</c> -> IndexFaces/DeleteFaces in the
/// collection, tagging each photo with its outcome. In local mode (no <paramref name="collection"/>) it
/// checks each photo with the local face engine instead and has no Rekognition permission; its ledger is
/// then another table (logical ID), so switching modes never mixes local entries with a collection's faces. S3 invokes it asynchronously: two retries, then
/// the event goes to a failure queue (photos it rejects are tagged, not retried).
/// </summary>
public sealed class FaceIndexerFunction : Construct
{
    public const int AsyncRetryAttempts = 2;
    public const int LocalEngineMemoryMb = 1536;

    public DotnetFunction Lambda { get; }
    public FailureQueue Failures { get; }
    public PhotoLedgerTable Ledger { get; }

    public FaceIndexerFunction(
        Construct scope, string id, string codeDirectory,
        FacesBucket faces, FaceCollection? collection, AlertTopic topic, EncryptionKey key) : base(scope, id)
    {
        ArgumentNullException.ThrowIfNull(faces);
        ArgumentNullException.ThrowIfNull(topic);
        ArgumentNullException.ThrowIfNull(key);

        Failures = new FailureQueue(this, "Failures");
        Ledger = new PhotoLedgerTable(this, collection is null ? "LocalLedger" : "Ledger");
        var environment = new Dictionary<string, string>
        {
            [FaceIndexerEnvironment.TopicArn] = topic.Topic.TopicArn,
            [FaceIndexerEnvironment.LedgerTable] = Ledger.Table.TableName,
            [FaceIndexerEnvironment.FacesPrefix] = BucketLayout.FacesPrefix,
        };
        if (collection is not null) environment[FaceIndexerEnvironment.CollectionId] = collection.CollectionId;
        else environment[FaceIndexerEnvironment.Recognition] = RecognitionModes.Local;
        Lambda = new DotnetFunction(this, "Lambda", new DotnetFunctionProps(
            Description: collection is null
                ? "Eye of Horus FaceIndexer: faces/<person>/<photo> in S3 -> checked with the local face engine, tagged"
                : "Eye of Horus FaceIndexer: faces/<person>/<photo> in S3 -> Rekognition collection",
            CodeDirectory: codeDirectory,
            Handler: LambdaHandlers.FaceIndexer,
            Environment: environment,
            Permissions:
            [
                new PolicyStatement(new PolicyStatementProps
                {
                    Sid = "ReadAndTagFacePhotos",
                    Actions =
                    [
                        "s3:GetObject", "s3:GetObjectVersion", "s3:GetObjectTagging", "s3:GetObjectVersionTagging",
                        "s3:PutObjectTagging", "s3:PutObjectVersionTagging",
                    ],
                    Resources = [faces.FacesObjectsArn],
                }),
                .. collection is null ? Array.Empty<PolicyStatement>() :
                [
                    new PolicyStatement(new PolicyStatementProps
                    {
                        Sid = "MaintainCollection",
                        Actions = ["rekognition:IndexFaces", "rekognition:DeleteFaces"],
                        Resources = [collection.Arn],
                    }),
                ],
                new PolicyStatement(new PolicyStatementProps
                {
                    Sid = "KeepLedger",
                    Actions = ["dynamodb:UpdateItem"],
                    Resources = [Ledger.Table.TableArn],
                }),
                topic.AllowPublish(),
                key.AllowEncrypt(),
            ],
            Timeout: Duration.Seconds(60),
            // The face engine (ONNX Runtime, two models) wants more memory, and Lambda's CPU grows with it.
            MemorySize: collection is null ? LocalEngineMemoryMb : null));

        Lambda.Function.ConfigureAsyncInvoke(new EventInvokeConfigOptions
        {
            RetryAttempts = AsyncRetryAttempts,
            MaxEventAge = Duration.Hours(6),
            OnFailure = new Amazon.CDK.AWS.Lambda.Destinations.SqsDestination(Failures.Queue),
        });

        // The bucket's own notification configuration (no CDK helper Lambda, whose runtime CDK picks).
        // S3 checks that it may invoke the function when the configuration is set, so the permission
        // comes first; it names the bucket by its precomputed name, which keeps the order acyclic.
        var invoke = new CfnPermission(this, "S3Invoke", new CfnPermissionProps
        {
            Action = "lambda:InvokeFunction",
            FunctionName = Lambda.Function.FunctionArn,
            Principal = "s3.amazonaws.com",
            SourceAccount = Aws.ACCOUNT_ID,
            SourceArn = faces.Arn,
        });
        var bucket = (CfnBucket)faces.Bucket.Node.DefaultChild!;
        bucket.NotificationConfiguration = new CfnBucket.NotificationConfigurationProperty
        {
            LambdaConfigurations = new[] { "s3:ObjectCreated:*", "s3:ObjectRemoved:*" }
                .Select(events => (object)new CfnBucket.LambdaConfigurationProperty
                {
                    Event = events,
                    Function = Lambda.Function.FunctionArn,
                    Filter = new CfnBucket.NotificationFilterProperty
                    {
                        S3Key = new CfnBucket.S3KeyFilterProperty
                        {
                            Rules = new object[] { new CfnBucket.FilterRuleProperty { Name = "prefix", Value = BucketLayout.FacesPrefix } },
                        },
                    },
                })
                .ToArray(),
        };
        bucket.AddDependency(invoke);

        NagSuppressions.Add(Lambda.Role, new NagSuppression("AwsSolutions-IAM5",
            "The function reads and tags any photo under faces/ (its input); object keys are not known at deploy time.",
            [FacesBucket.NamedObjectsUnder(BucketLayout.FacesPrefix)]));
    }
}
