using System.Text.Json.Serialization;

namespace EyeOfHorus.Aws;

// Amazon DynamoDB (JSON 1.0), the members of the item operations this system uses.

/// <summary>One attribute's value: a string (<see cref="S"/>) or a number written as a decimal string (<see cref="N"/>).</summary>
public sealed record AttributeValue
{
    public string? S { get; init; }

    public string? N { get; init; }

    public static AttributeValue String(string value) => new() { S = value };

    public static AttributeValue Number(long value) => new() { N = value.ToString(System.Globalization.CultureInfo.InvariantCulture) };
}

public sealed record PutItemRequest
{
    public required string TableName { get; init; }

    public required Dictionary<string, AttributeValue> Item { get; init; }

    public string? ConditionExpression { get; init; }

    public Dictionary<string, string>? ExpressionAttributeNames { get; init; }

    public Dictionary<string, AttributeValue>? ExpressionAttributeValues { get; init; }
}

public sealed record PutItemResponse;

public sealed record GetItemRequest
{
    public required string TableName { get; init; }

    public required Dictionary<string, AttributeValue> Key { get; init; }

    public bool? ConsistentRead { get; init; }
}

/// <summary><see cref="Item"/> is null when no item has the key.</summary>
public sealed record GetItemResponse
{
    public Dictionary<string, AttributeValue>? Item { get; init; }
}

public sealed record UpdateItemRequest
{
    public required string TableName { get; init; }

    public required Dictionary<string, AttributeValue> Key { get; init; }

    public required string UpdateExpression { get; init; }

    public string? ConditionExpression { get; init; }

    public Dictionary<string, string>? ExpressionAttributeNames { get; init; }

    public Dictionary<string, AttributeValue>? ExpressionAttributeValues { get; init; }
}

public sealed record UpdateItemResponse;

/// <summary>The JSON 1.0 wire shapes of DynamoDB (source-generated, AOT-safe).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(PutItemRequest))]
[JsonSerializable(typeof(PutItemResponse))]
[JsonSerializable(typeof(GetItemRequest))]
[JsonSerializable(typeof(GetItemResponse))]
[JsonSerializable(typeof(UpdateItemRequest))]
[JsonSerializable(typeof(UpdateItemResponse))]
public sealed partial class DynamoDbJsonContext : JsonSerializerContext;
