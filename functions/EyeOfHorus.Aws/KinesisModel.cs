// Amazon Kinesis Data Streams request/response shapes, named as in the Kinesis API reference.
using System.Text.Json.Serialization;

namespace EyeOfHorus.Aws;

public sealed record HashKeyRange
{
    public string? StartingHashKey { get; init; }

    public string? EndingHashKey { get; init; }
}

public sealed record SequenceNumberRange
{
    public string? StartingSequenceNumber { get; init; }

    public string? EndingSequenceNumber { get; init; }
}

public sealed record Shard
{
    public string? ShardId { get; init; }

    public string? ParentShardId { get; init; }

    public string? AdjacentParentShardId { get; init; }

    public HashKeyRange? HashKeyRange { get; init; }

    public SequenceNumberRange? SequenceNumberRange { get; init; }
}

public sealed record ListShardsRequest
{
    public string? StreamName { get; init; }

    public string? StreamARN { get; init; }

    /// <summary>Continues a listing; must be sent without StreamName/StreamARN.</summary>
    public string? NextToken { get; init; }

    public string? ExclusiveStartShardId { get; init; }

    public int? MaxResults { get; init; }
}

public sealed record ListShardsResponse
{
    public IReadOnlyList<Shard>? Shards { get; init; }

    public string? NextToken { get; init; }
}

public sealed record GetShardIteratorRequest
{
    public string? StreamName { get; init; }

    public string? StreamARN { get; init; }

    public required string ShardId { get; init; }

    /// <summary>AT_SEQUENCE_NUMBER, AFTER_SEQUENCE_NUMBER, TRIM_HORIZON, LATEST, AT_TIMESTAMP.</summary>
    public required string ShardIteratorType { get; init; }

    public string? StartingSequenceNumber { get; init; }

    [JsonConverter(typeof(EpochSecondsConverter))]
    public DateTimeOffset? Timestamp { get; init; }
}

public sealed record GetShardIteratorResponse
{
    public string? ShardIterator { get; init; }
}

public sealed record GetRecordsRequest
{
    public required string ShardIterator { get; init; }

    public int? Limit { get; init; }

    public string? StreamARN { get; init; }
}

public sealed record Record
{
    public string? SequenceNumber { get; init; }

    /// <summary>Epoch seconds (with fraction) on the wire.</summary>
    [JsonConverter(typeof(EpochSecondsConverter))]
    public DateTimeOffset? ApproximateArrivalTimestamp { get; init; }

    public byte[]? Data { get; init; }

    public string? PartitionKey { get; init; }

    public string? EncryptionType { get; init; }
}

public sealed record ChildShard
{
    public string? ShardId { get; init; }

    public IReadOnlyList<string>? ParentShards { get; init; }

    public HashKeyRange? HashKeyRange { get; init; }
}

public sealed record GetRecordsResponse
{
    public IReadOnlyList<Record>? Records { get; init; }

    /// <summary>Null when the shard is closed and fully read.</summary>
    public string? NextShardIterator { get; init; }

    public long? MillisBehindLatest { get; init; }

    public IReadOnlyList<ChildShard>? ChildShards { get; init; }
}

public sealed record PutRecordRequest
{
    public string? StreamName { get; init; }

    public string? StreamARN { get; init; }

    public required byte[] Data { get; init; }

    public required string PartitionKey { get; init; }

    public string? ExplicitHashKey { get; init; }

    public string? SequenceNumberForOrdering { get; init; }
}

public sealed record PutRecordResponse
{
    public string? ShardId { get; init; }

    public string? SequenceNumber { get; init; }

    public string? EncryptionType { get; init; }
}

public sealed record PutRecordsRequestEntry
{
    public required byte[] Data { get; init; }

    public required string PartitionKey { get; init; }

    public string? ExplicitHashKey { get; init; }
}

public sealed record PutRecordsRequest
{
    public string? StreamName { get; init; }

    public string? StreamARN { get; init; }

    public required IReadOnlyList<PutRecordsRequestEntry> Records { get; init; }
}

public sealed record PutRecordsResultEntry
{
    public string? SequenceNumber { get; init; }

    public string? ShardId { get; init; }

    /// <summary>Set for a failed entry: ProvisionedThroughputExceededException or InternalFailure.</summary>
    public string? ErrorCode { get; init; }

    public string? ErrorMessage { get; init; }
}

public sealed record PutRecordsResponse
{
    public int? FailedRecordCount { get; init; }

    /// <summary>One entry per request entry, in request order.</summary>
    public IReadOnlyList<PutRecordsResultEntry>? Records { get; init; }

    public string? EncryptionType { get; init; }
}
