using Amazon.CDK;
using Amazon.CDK.AWS.S3;
using Constructs;
using EyeOfHorus.Contract;

namespace EyeOfHorus.Infra;

/// <summary>
/// The bucket of authorised faces (<c>faces/&lt;person&gt;/&lt;photo&gt;</c>) and edge snapshots
/// (<c>snapshots/&lt;camera&gt;/...</c>), with its access-log bucket. Both are RETAINED by
/// <c>cdk destroy</c>: the photos are the user's data, and the logs say who read them.
/// The faces bucket is named <c>eyeofhorus-faces-&lt;stack UUID&gt;</c>: known before the bucket
/// exists (so the FaceIndexer's permission and role can name it without a dependency on it, and the
/// bucket's own notification configuration can point at the function: no deploy-time helper Lambda),
/// and new for every stack, so a redeploy after <c>cdk destroy</c> never collides with the retained one.
/// </summary>
public sealed class FacesBucket : Construct
{
    public const int SnapshotRetentionDays = 30;
    public const int DeletedPhotoRetentionDays = 7;
    public const int AccessLogRetentionDays = 90;

    public Bucket Bucket { get; }
    public Bucket AccessLogs { get; }

    /// <summary>The faces bucket's name as a template expression that does not refer to the bucket resource.</summary>
    public string Name { get; }

    /// <summary>The faces bucket's ARN, likewise free of a reference to the bucket resource.</summary>
    public string Arn => $"arn:{Aws.PARTITION}:s3:::{Name}";

    /// <summary>Objects under faces/, free of a reference to the bucket (the FaceIndexer's role; see the class summary).</summary>
    public string FacesObjectsArn => $"{Arn}/{BucketLayout.FacesPrefix}*";
    public string SnapshotObjectsArn => Bucket.ArnForObjects(BucketLayout.SnapshotsPrefix + "*");

    /// <summary>cdk-nag's name for "objects under this prefix of the faces bucket" in an IAM5 finding, for <see cref="FacesObjectsArn"/>.</summary>
    public static string NamedObjectsUnder(string prefix) =>
        "regex:/^Resource::arn:<AWS::Partition>:s3:::eyeofhorus-faces-.+\\/" + prefix.Replace("/", "\\/", StringComparison.Ordinal) + "\\*$/";

    /// <summary>The same finding for an ARN built from the bucket resource (<c>Bucket.ArnForObjects</c>).</summary>
    public static string ObjectsUnder(string prefix) =>
        "regex:/^Resource::<FacesBucket[A-Za-z0-9]*\\.Arn>\\/" + prefix.Replace("/", "\\/", StringComparison.Ordinal) + "\\*$/";

    public FacesBucket(Construct scope, string id) : base(scope, id)
    {
        // arn:aws:cloudformation:<region>:<account>:stack/<name>/<uuid> -> <uuid> (36 characters, lower-case hex).
        Name = Fn.Join("-", ["eyeofhorus-faces", Fn.Select(2, Fn.Split("/", Aws.STACK_ID))]);
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
            BucketName = Name,
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
