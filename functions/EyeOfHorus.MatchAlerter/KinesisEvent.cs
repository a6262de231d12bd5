using System.Text.Json.Serialization;

namespace EyeOfHorus.MatchAlerter;

// The Lambda Kinesis event and the partial-batch response, as Lambda writes/reads them
// (the Amazon.Lambda.KinesisEvents package is not available: these are our own shapes).
// Data stays a base64 string so that one bad record cannot fail the whole event.

public sealed record KinesisEvent([property: JsonPropertyName("Records")] IReadOnlyList<KinesisEventRecord>? Records);

public sealed record KinesisEventRecord(
    [property: JsonPropertyName("kinesis")] KinesisData? Kinesis,
    [property: JsonPropertyName("eventID")] string? EventId = null,
    [property: JsonPropertyName("eventSourceARN")] string? EventSourceArn = null);

public sealed record KinesisData(
    [property: JsonPropertyName("sequenceNumber")] string? SequenceNumber,
    [property: JsonPropertyName("data")] string? Data,
    [property: JsonPropertyName("partitionKey")] string? PartitionKey = null,
    [property: JsonPropertyName("approximateArrivalTimestamp")] double ApproximateArrivalTimestamp = 0);

public sealed record BatchItemFailure([property: JsonPropertyName("itemIdentifier")] string ItemIdentifier);

/// <summary>An empty list means the whole batch succeeded.</summary>
public sealed record BatchResponse([property: JsonPropertyName("batchItemFailures")] IReadOnlyList<BatchItemFailure> BatchItemFailures);

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(KinesisEvent))]
[JsonSerializable(typeof(BatchResponse))]
[JsonSerializable(typeof(Dictionary<string, string>))]
public sealed partial class AlerterJsonContext : JsonSerializerContext;
