using Amazon.CDK;
using Amazon.CDK.AWS.DynamoDB;
using Constructs;

namespace EyeOfHorus.Infra;

/// <summary>
/// Alert cooldown markers: partition key <c>pk</c> (camera + person|unknown), expiring through the
/// TTL attribute <c>expiresAt</c> (epoch seconds). On-demand, encrypted with the AWS-managed key,
/// deleted with the stack (its items live minutes).
/// </summary>
public sealed class CooldownTable : Construct
{
    public const string PartitionKey = "pk";
    public const string TimeToLiveAttribute = "expiresAt";

    public Table Table { get; }

    public CooldownTable(Construct scope, string id) : base(scope, id)
    {
        Table = new Table(this, "Table", new TableProps
        {
            PartitionKey = new Amazon.CDK.AWS.DynamoDB.Attribute { Name = PartitionKey, Type = AttributeType.STRING },
            TimeToLiveAttribute = TimeToLiveAttribute,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            Encryption = TableEncryption.AWS_MANAGED,
            RemovalPolicy = RemovalPolicy.DESTROY,
        });
        NagSuppressions.Add(Table, new NagSuppression("AwsSolutions-DDB3",
            "Cooldown markers expire within minutes (TTL); there is nothing worth restoring to a point in time."));
    }
}
