namespace EyeOfHorus.Contract;

/// <summary>
/// The stack outputs, under the keys `horus` reads from
/// <c>npx cdk deploy --outputs-file horus.outputs.json</c> (<c>{"EyeOfHorus": {key: value}}</c>).
/// </summary>
public static class StackOutputKeys
{
    /// <summary>The outputs file `horus` looks for in its working folder.</summary>
    public const string DefaultFileName = "horus.outputs.json";

    public const string Region = "Region";
    /// <summary>A <see cref="RecognitionModes"/> value.</summary>
    public const string Recognition = "Recognition";
    public const string FacesBucket = "FacesBucket";
    public const string CollectionId = "CollectionId";
    public const string DataStreamName = "DataStreamName";
    public const string DataStreamArn = "DataStreamArn";
    public const string AlertTopicArn = "AlertTopicArn";
    public const string CooldownTable = "CooldownTable";
    public const string CameraHostPolicyArn = "CameraHostPolicyArn";
    /// <summary>The face-match threshold in percent, invariant culture (<see cref="FaceMatching"/>).</summary>
    /// <summary>The S3 bucket holding whole match-record batches the alerter gave up on (<c>horus replay</c>).</summary>
    public const string FailedBatchesBucket = "FailedBatchesBucket";
    public const string FaceMatchThreshold = "FaceMatchThreshold";
    /// <summary>Camera names, comma-separated.</summary>
    public const string Cameras = "Cameras";
    /// <summary>A <see cref="CameraMap"/>: camera=video stream.</summary>
    public const string CameraStreams = "CameraStreams";
    /// <summary>A <see cref="CameraMap"/>: camera=stream processor (stream-processor mode only).</summary>
    public const string StreamProcessors = "StreamProcessors";
}
