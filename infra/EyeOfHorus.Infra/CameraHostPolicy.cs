using Amazon.CDK.AWS.IAM;
using Constructs;
using EyeOfHorus.Contract;

namespace EyeOfHorus.Infra;

/// <summary>
/// The managed policy for the camera host: exactly what <c>horus publish</c> needs. kvssink
/// describes its stream, asks for the data endpoint and puts media — on its own streams only; it may
/// not create streams (the stack owns them). In edge and local mode it also puts match records into
/// the data stream one at a time (PutRecord, encrypted with the stack's key) and writes snapshots
/// under <c>snapshots/</c>. Edge mode searches faces in the collection (SearchFacesByImage: faces are
/// found locally, so no DetectFaces); local mode instead lists and reads the photos under
/// <c>faces/</c> to keep its own gallery (no tagging: the FaceIndexer is the one writer of status
/// tags). The policy keeps its logical ID in every mode, so switching modes updates it in place and
/// the attachment to the host's role survives. Attach it to the host's role or SSO permission set;
/// the stack creates no users and no access keys.
/// </summary>
public sealed class CameraHostPolicy : Construct
{
    public ManagedPolicy Policy { get; }

    public CameraHostPolicy(
        Construct scope, string id, DeploymentSettings settings, VideoStreams videoStreams,
        FaceCollection? collection, MatchDataStream dataStream, FacesBucket faces, EncryptionKey key) : base(scope, id)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(videoStreams);
        ArgumentNullException.ThrowIfNull(dataStream);
        ArgumentNullException.ThrowIfNull(faces);
        ArgumentNullException.ThrowIfNull(key);

        List<PolicyStatement> statements =
        [
            new(new PolicyStatementProps
            {
                Sid = "PutCameraVideo",
                Actions = ["kinesisvideo:DescribeStream", "kinesisvideo:GetDataEndpoint", "kinesisvideo:PutMedia"],
                Resources = [.. videoStreams.Arns],
            }),
        ];
        var recognisesOnHost = settings.Recognition is RecognitionMode.Edge or RecognitionMode.Local;
        if (settings.Recognition == RecognitionMode.Edge)
        {
            ArgumentNullException.ThrowIfNull(collection);
            statements.Add(new(new PolicyStatementProps
            {
                Sid = "SearchFaces",
                Actions = ["rekognition:SearchFacesByImage"],
                Resources = [collection.Arn],
            }));
        }
        if (settings.Recognition == RecognitionMode.Local)
        {
            statements.AddRange(
            [
                new(new PolicyStatementProps
                {
                    Sid = "ListFacePhotos",
                    Actions = ["s3:ListBucket"],
                    Resources = [faces.Bucket.BucketArn],
                    Conditions = new Dictionary<string, object>
                    {
                        ["StringLike"] = new Dictionary<string, object> { ["s3:prefix"] = new[] { BucketLayout.FacesPrefix, BucketLayout.FacesPrefix + "*" } },
                    },
                }),
                new(new PolicyStatementProps
                {
                    Sid = "ReadFacePhotos",
                    Actions = ["s3:GetObject"],
                    Resources = [faces.Bucket.ArnForObjects(BucketLayout.FacesPrefix + "*")],
                }),
            ]);
        }
        if (recognisesOnHost)
        {
            statements.AddRange(
            [
                new(new PolicyStatementProps
                {
                    Sid = "PutMatchRecords",
                    Actions = ["kinesis:PutRecord"], // RecordPublisher puts one record at a time, in order
                    Resources = [dataStream.Stream.StreamArn],
                }),
                new(new PolicyStatementProps
                {
                    Sid = "EncryptMatchRecords",
                    Actions = ["kms:GenerateDataKey"],
                    Resources = [key.Key.KeyArn],
                }),
                new(new PolicyStatementProps
                {
                    Sid = "PutSnapshots",
                    Actions = ["s3:PutObject"],
                    Resources = [faces.SnapshotObjectsArn],
                }),
            ]);
        }

        Policy = new ManagedPolicy(this, "Policy", new ManagedPolicyProps
        {
            Description = $"Eye of Horus camera host ({settings.RecognitionName} mode): what `horus publish` needs.",
            Statements = [.. statements],
        });
        if (settings.Recognition == RecognitionMode.Edge)
        {
            NagSuppressions.Add(Policy,
                new NagSuppression("AwsSolutions-IAM5",
                    "Snapshots go under snapshots/<camera>/ with keys chosen at run time.",
                    [FacesBucket.ObjectsUnder(BucketLayout.SnapshotsPrefix)]));
        }
        if (settings.Recognition == RecognitionMode.Local)
        {
            NagSuppressions.Add(Policy,
                new NagSuppression("AwsSolutions-IAM5",
                    "Snapshots go under snapshots/<camera>/ with keys chosen at run time; the host's gallery reads every photo under faces/<person>/, whose keys the user chooses.",
                    [FacesBucket.ObjectsUnder(BucketLayout.SnapshotsPrefix), FacesBucket.ObjectsUnder(BucketLayout.FacesPrefix)]));
        }
    }
}
