using Amazon.CDK;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.Logs;
using Amazon.CDK.AWS.Rekognition;
using Amazon.CDK.CustomResources;
using Constructs;
using EyeOfHorus.Contract;
using KinesisVideoStream = Amazon.CDK.AWS.KinesisVideo.CfnStream;

namespace EyeOfHorus.Infra;

/// <summary>
/// Stream-processor mode only: one Rekognition FaceSearch stream processor per camera,
/// <c>eye-of-horus-&lt;camera&gt;</c>, reading that camera's video stream and writing to the one
/// match data stream, through a role trusted by rekognition.amazonaws.com that can touch exactly
/// those streams. A custom resource starts each processor after it is created and stops it
/// before it is deleted (a running processor cannot be deleted).
/// </summary>
public sealed class StreamProcessors : Construct
{
    public Role RekognitionRole { get; }
    public IReadOnlyDictionary<string, CfnStreamProcessor> ByCamera { get; }

    public StreamProcessors(
        Construct scope, string id,
        VideoStreams videoStreams, MatchDataStream dataStream, EncryptionKey key,
        FaceCollection collection, double faceMatchThreshold) : base(scope, id)
    {
        ArgumentNullException.ThrowIfNull(videoStreams);
        ArgumentNullException.ThrowIfNull(dataStream);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(collection);

        RekognitionRole = new Role(this, "RekognitionRole", new RoleProps
        {
            Description = "Assumed by the Eye of Horus stream processors: read the camera video streams, write match records.",
            AssumedBy = new ServicePrincipal("rekognition.amazonaws.com").WithConditions(new Dictionary<string, object>
            {
                // Confused-deputy guard: only Rekognition acting for this account may assume it.
                ["StringEquals"] = new Dictionary<string, object> { ["aws:SourceAccount"] = Aws.ACCOUNT_ID },
            }),
            InlinePolicies = new Dictionary<string, PolicyDocument>
            {
                ["StreamAccess"] = new(new PolicyDocumentProps
                {
                    Statements =
                    [
                        new PolicyStatement(new PolicyStatementProps
                        {
                            Sid = "ReadCameraVideo",
                            Actions = ["kinesisvideo:GetDataEndpoint", "kinesisvideo:GetMedia"],
                            Resources = [.. videoStreams.Arns],
                        }),
                        new PolicyStatement(new PolicyStatementProps
                        {
                            Sid = "WriteMatchRecords",
                            Actions = ["kinesis:PutRecord", "kinesis:PutRecords"],
                            Resources = [dataStream.Stream.StreamArn],
                        }),
                        key.AllowEncrypt(),
                    ],
                }),
            },
        });

        var starter = new ProcessorStarterRuntime(this, "Starter");
        ByCamera = videoStreams.ByCamera.ToDictionary(pair => pair.Key, pair =>
        {
            var (camera, video) = (pair.Key, pair.Value);
            var processor = new CfnStreamProcessor(this, camera, new CfnStreamProcessorProps
            {
                Name = ResourceNames.StreamProcessor(camera),
                RoleArn = RekognitionRole.RoleArn,
                KinesisVideoStream = new CfnStreamProcessor.KinesisVideoStreamProperty { Arn = video.AttrArn },
                KinesisDataStream = new CfnStreamProcessor.KinesisDataStreamProperty { Arn = dataStream.Stream.StreamArn },
                FaceSearchSettings = new CfnStreamProcessor.FaceSearchSettingsProperty
                {
                    CollectionId = collection.CollectionId,
                    FaceMatchThreshold = faceMatchThreshold,
                },
                DataSharingPreference = new CfnStreamProcessor.DataSharingPreferenceProperty { OptIn = false },
            });
            processor.ApplyRemovalPolicy(RemovalPolicy.DESTROY);
            processor.AddDependency(collection.Collection);
            // Rekognition checks the role's access when the processor is created.
            processor.Node.AddDependency(RekognitionRole);
            starter.KeepRunning(camera, processor);
            return processor;
        });
    }

    private const string AwsCustomResourceProviderId = "AWS679f53fac002430cb0da5b7982bd2287";

    /// <summary>The AwsCustomResource Lambda (one per stack) with its own role and log group.</summary>
    private sealed class ProcessorStarterRuntime : Construct
    {
        private readonly Role role;
        private readonly LogGroup logGroup;

        public ProcessorStarterRuntime(Construct scope, string id) : base(scope, id)
        {
            logGroup = new LogGroup(this, "Logs", new LogGroupProps
            {
                Retention = RetentionDays.ONE_MONTH,
                RemovalPolicy = RemovalPolicy.DESTROY,
            });
            role = new Role(this, "Role", new RoleProps
            {
                Description = "Starts and stops the Eye of Horus stream processors (CloudFormation custom resource).",
                AssumedBy = new ServicePrincipal("lambda.amazonaws.com"),
                InlinePolicies = new Dictionary<string, PolicyDocument>
                {
                    ["Logs"] = LambdaLogging.WriteTo(logGroup),
                },
            });
        }

        /// <summary>Starts the processor after create; stops it before delete (not found / not running is fine).</summary>
        public void KeepRunning(string camera, CfnStreamProcessor processor)
        {
            var name = processor.Ref; // Ref is the processor's name, and orders this after it
            var running = new AwsCustomResource(this, camera, new AwsCustomResourceProps
            {
                ResourceType = "Custom::StreamProcessorRunning",
                InstallLatestAwsSdk = false,
                Role = role,
                LogGroup = logGroup,
                Timeout = Duration.Minutes(2),
                OnCreate = new AwsSdkCall
                {
                    Service = "Rekognition",
                    Action = "startStreamProcessor",
                    Parameters = new Dictionary<string, object> { ["Name"] = name },
                    PhysicalResourceId = PhysicalResourceId.Of("running-" + ResourceNames.StreamProcessor(camera)),
                },
                OnDelete = new AwsSdkCall
                {
                    Service = "Rekognition",
                    Action = "stopStreamProcessor",
                    Parameters = new Dictionary<string, object> { ["Name"] = name },
                    IgnoreErrorCodesMatching = "ResourceNotFoundException|ResourceInUseException",
                },
                Policy = AwsCustomResourcePolicy.FromStatements(
                [
                    new PolicyStatement(new PolicyStatementProps
                    {
                        Actions = ["rekognition:StartStreamProcessor", "rekognition:StopStreamProcessor"],
                        Resources = [processor.AttrArn],
                    }),
                ]),
            });
            running.Node.AddDependency(processor);
            SuppressProviderFindings();
        }

        // The AwsCustomResource Lambda (a stack singleton): its runtime is CDK's region map of the
        // latest Node.js, which cdk-nag cannot evaluate.
        private void SuppressProviderFindings()
        {
            var provider = Stack.Of(this).Node.TryFindChild(AwsCustomResourceProviderId)?.Node.TryFindChild("Resource") as CfnResource;
            if (provider is null || provider.GetMetadata("cdk_nag") is not null) return;
            NagSuppressions.Add(provider, new NagSuppression("CdkNagValidationFailure",
                "AwsSolutions-L1 cannot evaluate CDK's Fn::FindInMap of the latest Node.js runtime per region for its AwsCustomResource provider; CDK picks that runtime."));
        }
    }
}
