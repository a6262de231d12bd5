using Amazon.CDK;
using Amazon.CDK.AWS.DynamoDB;
using Constructs;
using EyeOfHorus.Contract;

namespace EyeOfHorus.Infra;

/// <summary>
/// Alert cooldown markers: partition key <see cref="CooldownItems.PartitionKey"/> (camera + person|unknown), expiring through the
/// TTL attribute <see cref="CooldownItems.TimeToLive"/> (epoch seconds). On-demand, encrypted with the AWS-managed key,
/// deleted with the stack (its items live minutes).
/// </summary>
public sealed class CooldownTable : Construct
{
    public Table Table { get; }

    public CooldownTable(Construct scope, string id) : base(scope, id)
    {
        Table = new Table(this, "Table", new TableProps
        {
            PartitionKey = new Amazon.CDK.AWS.DynamoDB.Attribute { Name = CooldownItems.PartitionKey, Type = AttributeType.STRING },
            TimeToLiveAttribute = CooldownItems.TimeToLive,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            Encryption = TableEncryption.AWS_MANAGED,
            RemovalPolicy = RemovalPolicy.DESTROY,
        });
        NagSuppressions.Add(Table, new NagSuppression("AwsSolutions-DDB3",
            "Cooldown markers expire within minutes (TTL); there is nothing worth restoring to a point in time."));
    }
}
