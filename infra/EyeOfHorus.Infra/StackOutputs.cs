using Amazon.CDK;
using Constructs;
using EyeOfHorus.Contract;

namespace EyeOfHorus.Infra;

/// <summary>
/// The stack outputs, under the exact keys the `horus` CLI reads from
/// <c>npx cdk deploy --outputs-file horus.outputs.json</c> (<c>{"EyeOfHorus": {key: value}}</c>).
/// Names and ARNs only: no secret is ever an output.
/// </summary>
public sealed class StackOutputs : Construct
{
    public StackOutputs(
        Construct scope, string id, DeploymentSettings settings, FacesBucket faces, FaceCollection? collection,
        MatchDataStream dataStream, AlertTopic topic, CooldownTable cooldowns, CameraHostPolicy cameraHost,
        FailedBatches failedBatches, StreamProcessors? processors) : base(scope, id)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(faces);
        ArgumentNullException.ThrowIfNull(dataStream);
        ArgumentNullException.ThrowIfNull(topic);
        ArgumentNullException.ThrowIfNull(cooldowns);
        ArgumentNullException.ThrowIfNull(cameraHost);
        ArgumentNullException.ThrowIfNull(failedBatches);

        Output(StackOutputKeys.Region, Aws.REGION, "The region everything is deployed in");
        Output(StackOutputKeys.Recognition, settings.RecognitionName, "Where match records come from: stream-processor, edge or local");
        Output(StackOutputKeys.FacesBucket, faces.Bucket.BucketName, "Drop faces/<person>/<photo>.jpg here to authorise a person");
        if (collection is not null)
            Output(StackOutputKeys.CollectionId, collection.CollectionId, "Rekognition collection of authorised faces");
        Output(StackOutputKeys.DataStreamName, dataStream.Stream.StreamName, "Kinesis data stream of match records");
        Output(StackOutputKeys.DataStreamArn, dataStream.Stream.StreamArn, "Kinesis data stream of match records");
        Output(StackOutputKeys.AlertTopicArn, topic.Topic.TopicArn, "SNS topic of alerts: subscribe email, SMS, HTTPS or SQS");
        Output(StackOutputKeys.CooldownTable, cooldowns.Table.TableName, "DynamoDB table of alert cooldowns");
        Output(StackOutputKeys.CameraHostPolicyArn, cameraHost.Policy.ManagedPolicyArn, "Attach to the camera host's role: what `horus publish` needs");
        Output(StackOutputKeys.FaceMatchThreshold, MatchAlerterEnvironment.FormatNumber(settings.FaceMatchThreshold),
            "Similarity (percent) from which a face is an authorised person: the edge search and the alerter use it");
        Output(StackOutputKeys.Cameras, CameraMap.FormatList(settings.Cameras), "Cameras, comma-separated");
        Output(StackOutputKeys.FailedBatchesBucket, failedBatches.Bucket.BucketName, "Match-record batches the alerter could not process, kept whole for 90 days (README: Reliability)");
        Output(StackOutputKeys.CameraStreams, CameraMap.Format(settings.Cameras, ResourceNames.VideoStream), "camera=Kinesis video stream");
        if (processors is not null)
            Output(StackOutputKeys.StreamProcessors, CameraMap.Format(processors.ByCamera.Keys, ResourceNames.StreamProcessor), "camera=Rekognition stream processor");
    }

    // The logical ID is the key in the outputs file, so it is pinned to the contract's key.
    private void Output(string key, string value, string description) =>
        new CfnOutput(this, key, new CfnOutputProps { Value = value, Description = description }).OverrideLogicalId(key);
}
