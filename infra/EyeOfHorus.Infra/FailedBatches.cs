using Amazon.CDK;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.S3;
using Constructs;

namespace EyeOfHorus.Infra;

/// <summary>
/// Where the match data stream's event source mapping stores a batch the MatchAlerter could not
/// process after its retries: for an S3 destination Lambda writes the whole invocation record (the
/// batch's records themselves, not only shard and sequence numbers as an SQS destination would), under
/// <c>aws/lambda/&lt;mapping&gt;/&lt;shard&gt;/YYYY/MM/DD/...</c>. Kept <see cref="RetentionDays"/> days
/// (the data stream keeps records for only 24 h), SSE-S3 (readable after the stack's key is gone),
/// TLS only, access-logged, and RETAINED by <c>cdk destroy</c>: it may hold alerts nobody has seen.
/// <c>horus replay</c> puts a stored batch back on the data stream.
/// </summary>
public sealed class FailedBatches : Construct
{
    public const int RetentionDays = 90;

    public Bucket Bucket { get; }

    public FailedBatches(Construct scope, string id, FacesBucket logs) : base(scope, id)
    {
        ArgumentNullException.ThrowIfNull(logs);
        Bucket = new Bucket(this, "Bucket", new BucketProps
        {
            BlockPublicAccess = BlockPublicAccess.BLOCK_ALL,
            Encryption = BucketEncryption.S3_MANAGED,
            EnforceSSL = true,
            ObjectOwnership = ObjectOwnership.BUCKET_OWNER_ENFORCED,
            ServerAccessLogsBucket = logs.AccessLogs,
            ServerAccessLogsPrefix = "failed-batches/",
            RemovalPolicy = RemovalPolicy.RETAIN,
            LifecycleRules = [new LifecycleRule { Id = "expire-failed-batches", Expiration = Duration.Days(RetentionDays) }],
        });
        Bucket.Policy?.ApplyRemovalPolicy(RemovalPolicy.RETAIN);
    }

    /// <summary>What Lambda needs to write invocation records for a stream event source (s3:PutObject, s3:ListBucket).</summary>
    public PolicyStatement[] AllowWrite() =>
    [
        new(new PolicyStatementProps { Sid = "StoreFailedBatches", Actions = ["s3:PutObject"], Resources = [Bucket.ArnForObjects("*")] }),
        new(new PolicyStatementProps { Sid = "ListFailedBatches", Actions = ["s3:ListBucket"], Resources = [Bucket.BucketArn] }),
    ];
}
