using Amazon.CDK;
using Amazon.CDK.AWS.SQS;
using Constructs;

namespace EyeOfHorus.Infra;

/// <summary>
/// Where a function's events go when they fail for good, so nothing is lost silently: encrypted
/// (SSE-SQS), TLS only, kept 14 days (the SQS maximum) for inspection or replay.
/// </summary>
public sealed class FailureQueue : Construct
{
    public Queue Queue { get; }

    public FailureQueue(Construct scope, string id) : base(scope, id)
    {
        Queue = new Queue(this, "Queue", new QueueProps
        {
            Encryption = QueueEncryption.SQS_MANAGED,
            EnforceSSL = true,
            RetentionPeriod = Duration.Days(14),
            RemovalPolicy = RemovalPolicy.DESTROY,
        });
        NagSuppressions.Add(Queue, new NagSuppression("AwsSolutions-SQS3",
            "This queue is itself the on-failure destination (dead-letter queue) of a Lambda function."));
    }
}
