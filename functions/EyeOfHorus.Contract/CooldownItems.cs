namespace EyeOfHorus.Contract;

/// <summary>The cooldown table's schema, which the stack creates and the alerter writes.</summary>
public static class CooldownItems
{
    /// <summary>Partition key (string): camera + person|unknown.</summary>
    public const string PartitionKey = "pk";

    /// <summary>DynamoDB's TTL attribute (number, epoch seconds).</summary>
    public const string TimeToLive = "expiresAt";
}
