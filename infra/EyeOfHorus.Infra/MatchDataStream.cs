using Amazon.CDK;
using Amazon.CDK.AWS.Kinesis;
using Amazon.CDK.AWS.KMS;
using Constructs;
using Stream = Amazon.CDK.AWS.Kinesis.Stream;

namespace EyeOfHorus.Infra;

/// <summary>
/// The ONE Kinesis data stream of match records for all cameras. Rekognition lets several stream
/// processors write to the same data stream, and each record names its video stream
/// (<c>InputInformation.KinesisVideo.StreamArn</c>), so the alerter tells cameras apart without a
/// stream per camera. In edge mode the camera hosts write the same records here. One provisioned
/// shard (1 MB/s, 1000 records/s of writes) is far above what a few cameras produce.
/// </summary>
public sealed class MatchDataStream : Construct
{
    public Stream Stream { get; }

    public MatchDataStream(Construct scope, string id, IKey key) : base(scope, id)
    {
        Stream = new Stream(this, "Stream", new StreamProps
        {
            StreamMode = StreamMode.PROVISIONED,
            ShardCount = 1,
            RetentionPeriod = Duration.Hours(24),
            Encryption = StreamEncryption.KMS,
            EncryptionKey = key,
        });
        Stream.ApplyRemovalPolicy(RemovalPolicy.DESTROY);
        NagSuppressions.Add(Stream, new NagSuppression("AwsSolutions-KDS3",
            "A customer-managed key is chosen on purpose: match records are biometric data, and the key policy, rotation and CloudTrail trail are ours (one key for stream and topic, ~1 USD/month)."));
    }
}
