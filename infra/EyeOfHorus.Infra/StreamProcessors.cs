using System.Globalization;
using Amazon.CDK;
using Amazon.CDK.AWS.IAM;
using Constructs;
using EyeOfHorus.Contract;

namespace EyeOfHorus.Infra;

/// <summary>
/// Stream-processor mode only: one Rekognition face search stream processor per camera,
/// <c>eye-of-horus-&lt;camera&gt;</c>, reading that camera's video stream and writing to the one
/// match data stream, through a role trusted by rekognition.amazonaws.com that can touch exactly
/// those streams. Each processor is a <c>Custom::StreamProcessor</c> resource served by our own
/// dotnet10 function (functions/EyeOfHorus.StreamProcessorLifecycle), which owns the whole
/// lifecycle: create and start; on a settings change (all create-only) stop, wait until stopped,
/// delete, wait for the name, create, start; on delete stop, wait, delete. CloudFormation's own
/// AWS::Rekognition::StreamProcessor cannot do that (it deletes a running processor and never starts one).
/// </summary>
public sealed class StreamProcessors : Construct
{
    public const string ResourceType = "Custom::StreamProcessor";

    /// <summary>The function may wait this long in all for one request (its timeout is a minute more, to answer).</summary>
    public static readonly Duration WaitBudget = Duration.Minutes(9);
    public static readonly Duration FunctionTimeout = Duration.Minutes(10);

    /// <summary>CloudFormation gives up on an unanswered request after this long (its default is an hour).</summary>
    public static readonly Duration ServiceTimeout = Duration.Minutes(11);

    public Role RekognitionRole { get; }
    public DotnetFunction Lifecycle { get; }
    public IReadOnlyDictionary<string, CfnResource> ByCamera { get; }

    public StreamProcessors(
        Construct scope, string id, string codeDirectory,
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

        var processorArns = videoStreams.ByCamera.Keys
            .Select(camera => Stack.Of(this).FormatArn(new ArnComponents
            {
                Service = "rekognition",
                Resource = "streamprocessor",
                ResourceName = ResourceNames.StreamProcessor(camera),
                ArnFormat = ArnFormat.SLASH_RESOURCE_NAME,
            }))
            .ToArray();
        Lifecycle = new DotnetFunction(this, "Lifecycle", new DotnetFunctionProps(
            Description: "Eye of Horus: creates, replaces, starts, stops and deletes the stream processors (CloudFormation custom resource)",
            CodeDirectory: codeDirectory,
            Handler: LambdaHandlers.StreamProcessorLifecycle,
            Environment: new Dictionary<string, string>
            {
                ["WAIT_BUDGET_SECONDS"] = WaitBudget.ToSeconds().ToString(CultureInfo.InvariantCulture),
            },
            Permissions:
            [
                new PolicyStatement(new PolicyStatementProps
                {
                    Sid = "OwnTheProcessors",
                    Actions =
                    [
                        "rekognition:CreateStreamProcessor", "rekognition:DescribeStreamProcessor", "rekognition:StartStreamProcessor",
                        "rekognition:StopStreamProcessor", "rekognition:DeleteStreamProcessor",
                    ],
                    Resources = processorArns,
                }),
                // CreateStreamProcessor is authorised on the collection it searches as well.
                new PolicyStatement(new PolicyStatementProps
                {
                    Sid = "SearchTheCollection",
                    Actions = ["rekognition:CreateStreamProcessor"],
                    Resources = [collection.Arn],
                }),
                new PolicyStatement(new PolicyStatementProps
                {
                    Sid = "HandTheRoleToRekognition",
                    Actions = ["iam:PassRole"],
                    Resources = [RekognitionRole.RoleArn],
                    Conditions = new Dictionary<string, object>
                    {
                        ["StringEquals"] = new Dictionary<string, object> { ["iam:PassedToService"] = "rekognition.amazonaws.com" },
                    },
                }),
            ],
            Timeout: FunctionTimeout));

        ByCamera = videoStreams.ByCamera.ToDictionary(pair => pair.Key, pair =>
        {
            var (camera, video) = (pair.Key, pair.Value);
            var processor = new CfnResource(this, camera, new CfnResourceProps
            {
                Type = ResourceType,
                Properties = new Dictionary<string, object>
                {
                    ["ServiceToken"] = Lifecycle.Function.FunctionArn,
                    ["ServiceTimeout"] = ServiceTimeout.ToSeconds(),
                    ["Name"] = ResourceNames.StreamProcessor(camera),
                    ["CollectionId"] = collection.CollectionId,
                    ["FaceMatchThreshold"] = faceMatchThreshold.ToString(CultureInfo.InvariantCulture),
                    ["KinesisVideoStreamArn"] = video.AttrArn,
                    ["KinesisDataStreamArn"] = dataStream.Stream.StreamArn,
                    ["RoleArn"] = RekognitionRole.RoleArn,
                },
            });
            processor.AddDependency(collection.Collection);
            // Rekognition checks the role's access when the processor is created and started.
            processor.Node.AddDependency(RekognitionRole);
            return processor;
        });
    }
}
