// Amazon SNS Publish shapes, named as in the SNS API reference.
namespace EyeOfHorus.Aws;

/// <summary>DataType: String, String.Array or Number.</summary>
public sealed record MessageAttributeValue(string DataType, string StringValue);

public sealed record PublishRequest
{
    public required string TopicArn { get; init; }

    public required string Message { get; init; }

    public string? Subject { get; init; }

    /// <summary>"json": Message is a JSON object of per-protocol messages with a "default" key.</summary>
    public string? MessageStructure { get; init; }

    public IReadOnlyDictionary<string, MessageAttributeValue>? MessageAttributes { get; init; }
}

public sealed record PublishResponse
{
    public string? MessageId { get; init; }

    public string? SequenceNumber { get; init; }
}
