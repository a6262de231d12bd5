using System.Text.Json.Serialization;

namespace EyeOfHorus.FaceIndexer;

// S3 event notifications as S3 delivers them to Lambda (eventVersion 2.x), and S3's test event
// (sent once when a notification is configured). Only the members FaceIndexer reads.

/// <summary>An S3 notification (<see cref="Records"/>) or S3's test event (<see cref="Event"/> = "s3:TestEvent").</summary>
public sealed record S3Notification(
    [property: JsonPropertyName("Records")] IReadOnlyList<S3EventRecord>? Records,
    [property: JsonPropertyName("Event")] string? Event,
    [property: JsonPropertyName("Bucket")] string? Bucket);

public sealed record S3EventRecord(
    [property: JsonPropertyName("eventVersion")] string? EventVersion,
    [property: JsonPropertyName("eventSource")] string? EventSource,
    [property: JsonPropertyName("eventName")] string? EventName,
    [property: JsonPropertyName("eventTime")] string? EventTime,
    [property: JsonPropertyName("s3")] S3Entity? S3);

public sealed record S3Entity(
    [property: JsonPropertyName("bucket")] S3BucketEntity? Bucket,
    [property: JsonPropertyName("object")] S3ObjectEntity? Object);

public sealed record S3BucketEntity([property: JsonPropertyName("name")] string? Name);

/// <summary><see cref="Key"/> is URL-encoded as S3 sends it; size and eTag are absent from removals.</summary>
public sealed record S3ObjectEntity(
    [property: JsonPropertyName("key")] string? Key,
    [property: JsonPropertyName("size")] long? Size,
    [property: JsonPropertyName("eTag")] string? ETag,
    [property: JsonPropertyName("versionId")] string? VersionId,
    [property: JsonPropertyName("sequencer")] string? Sequencer);

/// <summary>
/// One JSON log line per object: what became of it. <see cref="Version"/> is the version the key was
/// reconciled with (not necessarily the event's); <see cref="Tagging"/> says why the photo was not
/// tagged, if it was not; <see cref="Notified"/> whether this invocation sent the rejection notice.
/// </summary>
public sealed record PhotoOutcome(
    [property: JsonPropertyName("outcome")] string Outcome,
    [property: JsonPropertyName("event")] string? EventName,
    [property: JsonPropertyName("bucket")] string? Bucket,
    [property: JsonPropertyName("key")] string? Key,
    [property: JsonPropertyName("person")] string? Person = null,
    [property: JsonPropertyName("photo")] string? Photo = null,
    [property: JsonPropertyName("faces")] int? Faces = null,
    [property: JsonPropertyName("reason")] string? Reason = null,
    [property: JsonPropertyName("detail")] string? Detail = null,
    [property: JsonPropertyName("version")] string? Version = null,
    [property: JsonPropertyName("tagging")] string? Tagging = null,
    [property: JsonPropertyName("notified")] bool? Notified = null)
{
    public const string Indexed = "indexed";
    public const string Rejected = "rejected";
    public const string Removed = "removed";
    public const string Ignored = "ignored";
    public const string Failed = "failed";
}

/// <summary>What <see cref="Function.Handle"/> returns: every outcome of the invocation.</summary>
public sealed record FaceIndexerResult([property: JsonPropertyName("outcomes")] IReadOnlyList<PhotoOutcome> Outcomes);

/// <summary>The machine-readable part of the notice sent to the topic for a rejected photo.</summary>
public sealed record RejectionNotice(
    [property: JsonPropertyName("event")] string Event,
    [property: JsonPropertyName("bucket")] string Bucket,
    [property: JsonPropertyName("key")] string Key,
    [property: JsonPropertyName("person")] string? Person,
    [property: JsonPropertyName("photo")] string? Photo,
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("detail")] string? Detail,
    [property: JsonPropertyName("advice")] string Advice,
    [property: JsonPropertyName("versionId")] string? VersionId = null);

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(S3Notification))]
[JsonSerializable(typeof(PhotoOutcome))]
[JsonSerializable(typeof(FaceIndexerResult))]
[JsonSerializable(typeof(RejectionNotice))]
[JsonSerializable(typeof(Dictionary<string, string>))]
public sealed partial class FaceIndexerJsonContext : JsonSerializerContext;
