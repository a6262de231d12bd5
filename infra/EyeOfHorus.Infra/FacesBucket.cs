using Amazon.CDK;
using Amazon.CDK.AWS.S3;
using Constructs;
using EyeOfHorus.Contract;

namespace EyeOfHorus.Infra;

/// <summary>
/// The bucket of authorised faces (<c>faces/&lt;person&gt;/&lt;photo&gt;</c>) and edge snapshots
/// (<c>snapshots/&lt;camera&gt;/...</c>), with its access-log bucket. Both are RETAINED by
/// <c>cdk destroy</c>: the photos are the user's data, and the logs say who read them.
/// </summary>
public sealed class FacesBucket : Construct
{
    public const int SnapshotRetentionDays = 30;
    public const int DeletedPhotoRetentionDays = 7;
    public const int AccessLogRetentionDays = 90;

    public Bucket Bucket { get; }
    public Bucket AccessLogs { get; }

    public string FacesObjectsArn => Bucket.ArnForObjects(BucketLayout.FacesPrefix + "*");
    public string SnapshotObjectsArn => Bucket.ArnForObjects(BucketLayout.SnapshotsPrefix + "*");

    /// <summary>cdk-nag's name for "objects under this prefix of the faces bucket" in an IAM5 finding.</summary>
    public static string ObjectsUnder(string prefix) =>
        "regex:/^Resource::<FacesBucket[A-Za-z0-9]*\\.Arn>\\/" + prefix.Replace("/", "\\/", StringComparison.Ordinal) + "\\*$/";

    public FacesBucket(Construct scope, string id) : base(scope, id)
    {
        AccessLogs = new Bucket(this, "AccessLogs", new BucketProps
        {
            BlockPublicAccess = BlockPublicAccess.BLOCK_ALL,
            Encryption = BucketEncryption.S3_MANAGED, // log delivery cannot write SSE-KMS objects
            EnforceSSL = true,
            ObjectOwnership = ObjectOwnership.BUCKET_OWNER_ENFORCED,
            RemovalPolicy = RemovalPolicy.RETAIN,
            LifecycleRules = [new LifecycleRule { Id = "expire-access-logs", Expiration = Duration.Days(AccessLogRetentionDays) }],
        });
        Bucket = new Bucket(this, "Bucket", new BucketProps
        {
            BlockPublicAccess = BlockPublicAccess.BLOCK_ALL,
            Encryption = BucketEncryption.S3_MANAGED,
            EnforceSSL = true,
            Versioned = true,
            ObjectOwnership = ObjectOwnership.BUCKET_OWNER_ENFORCED,
            ServerAccessLogsBucket = AccessLogs,
            ServerAccessLogsPrefix = "faces-bucket/",
            RemovalPolicy = RemovalPolicy.RETAIN,
            LifecycleRules =
            [
                new LifecycleRule
                {
                    Id = "expire-snapshots", Prefix = BucketLayout.SnapshotsPrefix,
                    Expiration = Duration.Days(SnapshotRetentionDays),
                },
                // A deleted or replaced photo de-authorises a face; its old version should not linger.
                new LifecycleRule
                {
                    Id = "expire-old-versions",
                    NoncurrentVersionExpiration = Duration.Days(DeletedPhotoRetentionDays),
                    AbortIncompleteMultipartUploadAfter = Duration.Days(1),
                    ExpiredObjectDeleteMarker = true,
                },
            ],
        });

        // The SSL-only policies stay with their retained buckets.
        Bucket.Policy?.ApplyRemovalPolicy(RemovalPolicy.RETAIN);
        AccessLogs.Policy?.ApplyRemovalPolicy(RemovalPolicy.RETAIN);
    }
}
