using Amazon.CDK;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.KMS;
using Constructs;

namespace EyeOfHorus.Infra;

/// <summary>
/// The customer-managed KMS key for the match data stream and the alert topic (rotated yearly).
/// Its policy lets the account's IAM policies use and administer it, action by action (no "kms:*").
/// S3 stays on SSE-S3 so the retained faces bucket stays readable after the key is deleted.
/// </summary>
public sealed class EncryptionKey : Construct
{
    private static readonly string[] AdministrationActions =
    [
        "kms:CancelKeyDeletion", "kms:CreateAlias", "kms:DeleteAlias", "kms:DescribeKey", "kms:DisableKey",
        "kms:DisableKeyRotation", "kms:EnableKey", "kms:EnableKeyRotation", "kms:GetKeyPolicy",
        "kms:GetKeyRotationStatus", "kms:ListKeyPolicies", "kms:ListResourceTags", "kms:PutKeyPolicy",
        "kms:ScheduleKeyDeletion", "kms:TagResource", "kms:UntagResource", "kms:UpdateAlias",
        "kms:UpdateKeyDescription",
    ];

    // What the stack's roles need (granted to them in IAM, statement by statement).
    private static readonly string[] UseActions = ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"];

    public Key Key { get; }

    public EncryptionKey(Construct scope, string id) : base(scope, id)
    {
        var account = new AccountRootPrincipal();
        Key = new Key(this, "Key", new KeyProps
        {
            Description = "Eye of Horus: match data stream and alert topic",
            Alias = "alias/eye-of-horus",
            EnableKeyRotation = true,
            PendingWindow = Duration.Days(7),
            RemovalPolicy = RemovalPolicy.DESTROY,
            // With the defaultKeyPolicies behaviour this document IS the key policy ("*" = this key).
            Policy = new PolicyDocument(new PolicyDocumentProps
            {
                Statements =
                [
                    new PolicyStatement(new PolicyStatementProps
                    {
                        Sid = "AccountAdministersKeyThroughIam",
                        Principals = [account], Actions = AdministrationActions, Resources = ["*"],
                    }),
                    new PolicyStatement(new PolicyStatementProps
                    {
                        Sid = "AccountUsesKeyThroughIam",
                        Principals = [account], Actions = UseActions, Resources = ["*"],
                    }),
                ],
            }),
        });
    }

    /// <summary>kms:GenerateDataKey (+ Decrypt) for writers of encrypted Kinesis records or SNS messages.</summary>
    public PolicyStatement AllowEncrypt() => new(new PolicyStatementProps
    {
        Actions = ["kms:GenerateDataKey", "kms:Decrypt"],
        Resources = [Key.KeyArn],
    });
}
