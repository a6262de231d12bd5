using System.Text.Json;
using System.Text.Json.Serialization;

namespace EyeOfHorus.Edge.Operator.Replay;

/// <summary>One record of a stored batch, as it was on the data stream.</summary>
public sealed record StoredRecord(byte[] Data, string PartitionKey, string? SequenceNumber);

/// <summary>
/// What Lambda writes to an S3 on-failure destination of a Kinesis event source: the invocation
/// record, i.e. metadata (<c>requestContext</c>, <c>responseContext</c>, <c>KinesisBatchInfo</c>) and
/// the invocation's <c>payload</c>, the Kinesis event the function got (a JSON object, or that object
/// as a JSON string). Only the members a replay needs.
/// </summary>
public static class FailedBatch
{
    /// <exception cref="InvalidDataException">Not an invocation record with Kinesis records; the message says what is missing.</exception>
    public static IReadOnlyList<StoredRecord> Read(ReadOnlySpan<byte> json)
    {
        InvocationRecord? invocation;
        try { invocation = JsonSerializer.Deserialize(json, ReplayJsonContext.Default.InvocationRecord); }
        catch (JsonException e) { throw new InvalidDataException($"not JSON: {e.Message}", e); }
        var payload = invocation?.Payload ?? throw new InvalidDataException("no \"payload\": not a Lambda on-failure invocation record of the failed-batches bucket.");

        KinesisEventPayload? kinesisEvent;
        try
        {
            kinesisEvent = payload.ValueKind == JsonValueKind.String
                ? JsonSerializer.Deserialize(payload.GetString()!, ReplayJsonContext.Default.KinesisEventPayload)
                : payload.Deserialize(ReplayJsonContext.Default.KinesisEventPayload);
        }
        catch (JsonException e) { throw new InvalidDataException($"the payload is not a Kinesis event: {e.Message}", e); }
        var records = kinesisEvent?.Records ?? throw new InvalidDataException("the payload has no \"Records\": not a Kinesis event.");

        return [.. records.Select((r, i) =>
        {
            var kinesis = r.Kinesis ?? throw new InvalidDataException($"record {i} has no \"kinesis\" member.");
            if (kinesis.Data is null) throw new InvalidDataException($"record {i} has no data.");
            byte[] data;
            try { data = Convert.FromBase64String(kinesis.Data); }
            catch (FormatException e) { throw new InvalidDataException($"record {i}: data is not base64.", e); }
            return new StoredRecord(data, string.IsNullOrEmpty(kinesis.PartitionKey) ? "replay" : kinesis.PartitionKey, kinesis.SequenceNumber);
        })];
    }
}

internal sealed record InvocationRecord([property: JsonPropertyName("payload")] JsonElement? Payload);

internal sealed record KinesisEventPayload([property: JsonPropertyName("Records")] IReadOnlyList<KinesisEventRecord>? Records);

internal sealed record KinesisEventRecord([property: JsonPropertyName("kinesis")] KinesisEventData? Kinesis);

internal sealed record KinesisEventData(
    [property: JsonPropertyName("data")] string? Data,
    [property: JsonPropertyName("partitionKey")] string? PartitionKey,
    [property: JsonPropertyName("sequenceNumber")] string? SequenceNumber);

[JsonSerializable(typeof(InvocationRecord))]
[JsonSerializable(typeof(KinesisEventPayload))]
internal sealed partial class ReplayJsonContext : JsonSerializerContext;
