using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.KMS;
using Amazon.CDK.AWS.SNS;
using Amazon.CDK.AWS.SNS.Subscriptions;
using Constructs;

namespace EyeOfHorus.Infra;

/// <summary>
/// The SNS topic alerts go to, encrypted with the stack's key, refusing publishes without TLS, with
/// an optional email subscription (<c>-c alertEmail=...</c>; the address must confirm it).
/// </summary>
public sealed class AlertTopic : Construct
{
    public Topic Topic { get; }

    public AlertTopic(Construct scope, string id, IKey key, string? alertEmail) : base(scope, id)
    {
        Topic = new Topic(this, "Topic", new TopicProps
        {
            DisplayName = "Eye of Horus",
            MasterKey = key,
        });
        // Written by hand: CDK 2.160's `EnforceSSL = true` emits no topic policy (aws/aws-cdk#31558).
        Topic.AddToResourcePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "AllowPublishThroughSSLOnly",
            Effect = Effect.DENY,
            Principals = [new AnyPrincipal()],
            Actions = ["sns:Publish"],
            Resources = [Topic.TopicArn],
            Conditions = new Dictionary<string, object>
            {
                ["Bool"] = new Dictionary<string, object> { ["aws:SecureTransport"] = "false" },
            },
        }));
        if (alertEmail is not null) Topic.AddSubscription(new EmailSubscription(alertEmail));
    }

    public PolicyStatement AllowPublish() => new(new PolicyStatementProps
    {
        Actions = ["sns:Publish"],
        Resources = [Topic.TopicArn],
    });
}
