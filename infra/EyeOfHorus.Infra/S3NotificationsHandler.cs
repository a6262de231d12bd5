using Amazon.CDK;
using Amazon.CDK.AWS.IAM;
using Constructs;

namespace EyeOfHorus.Infra;

/// <summary>
/// CDK's own Lambda (python) that writes the bucket's event notifications. CDK gives its role
/// s3:PutBucketNotification on "*"; this narrows it to the faces bucket and records the cdk-nag
/// findings that are CDK's to fix (its managed logging policy and runtime).
/// </summary>
public static class S3NotificationsHandler
{
    // The fixed id CDK gives the singleton handler in a stack.
    private const string HandlerId = "BucketNotificationsHandler050a0587b7544547bf325f094a3db834";

    public static void Restrict(Stack stack, FacesBucket faces)
    {
        ArgumentNullException.ThrowIfNull(stack);
        ArgumentNullException.ThrowIfNull(faces);
        var handler = stack.Node.TryFindChild(HandlerId)
            ?? throw new InvalidOperationException("CDK's bucket notifications handler was not found: did the CDK version change?");
        var role = (Role)handler.Node.FindChild("Role");
        var policy = (CfnPolicy)role.Node.FindChild("DefaultPolicy").Node.DefaultChild!;
        policy.AddPropertyOverride("PolicyDocument.Statement.0.Resource", faces.Bucket.BucketArn);

        NagSuppressions.Add(role, new NagSuppression("AwsSolutions-IAM4",
            "CDK's bucket-notification handler (a one-shot deploy-time function) attaches AWSLambdaBasicExecutionRole; CDK offers no way to replace it.",
            ["Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"]));
        NagSuppressions.Add((CfnResource)handler.Node.FindChild("Resource"), new NagSuppression("AwsSolutions-L1",
            "CDK's bucket-notification handler runs on the python runtime CDK 2.160 pins; it runs only during deployments."));
    }
}
