using Amazon.CDK;
using Amazon.CDK.AWS.DynamoDB;
using Constructs;

namespace EyeOfHorus.Infra;

/// <summary>
/// The FaceIndexer's ledger: partition key <c>pk</c> (the photo's object key), holding the faces
/// indexed from each photo version, the versions rejected, and the lease that lets one invocation at a
/// time reconcile a key (functions/EyeOfHorus.FaceIndexer/README.md). On-demand, encrypted with the
/// AWS-managed key, point-in-time recovery on: it is the only index of which face came from which photo.
/// </summary>
public sealed class PhotoLedgerTable : Construct
{
    public const string PartitionKey = "pk";

    public Table Table { get; }

    public PhotoLedgerTable(Construct scope, string id) : base(scope, id)
    {
        Table = new Table(this, "Table", new TableProps
        {
            PartitionKey = new Amazon.CDK.AWS.DynamoDB.Attribute { Name = PartitionKey, Type = AttributeType.STRING },
            BillingMode = BillingMode.PAY_PER_REQUEST,
            Encryption = TableEncryption.AWS_MANAGED,
            PointInTimeRecovery = true,
            // Deleted with the stack, like the collection it indexes.
            RemovalPolicy = RemovalPolicy.DESTROY,
        });
    }
}
