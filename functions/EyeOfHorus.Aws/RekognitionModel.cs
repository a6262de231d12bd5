// Amazon Rekognition request/response shapes, named as in the Rekognition API reference.
// Only the members this system reads or writes; unknown members in responses are ignored.
namespace EyeOfHorus.Aws;

public sealed record Image
{
    /// <summary>Image bytes (base64 on the wire), at most 5 MB.</summary>
    public byte[]? Bytes { get; init; }

    public S3Object? S3Object { get; init; }
}

public sealed record S3Object
{
    public string? Bucket { get; init; }

    public string? Name { get; init; }

    public string? Version { get; init; }
}

public sealed record BoundingBox
{
    public float? Width { get; init; }

    public float? Height { get; init; }

    public float? Left { get; init; }

    public float? Top { get; init; }
}

public sealed record Landmark
{
    public string? Type { get; init; }

    public float? X { get; init; }

    public float? Y { get; init; }
}

public sealed record Pose
{
    public float? Roll { get; init; }

    public float? Yaw { get; init; }

    public float? Pitch { get; init; }
}

public sealed record ImageQuality
{
    public float? Brightness { get; init; }

    public float? Sharpness { get; init; }
}

public sealed record FaceDetail
{
    public BoundingBox? BoundingBox { get; init; }

    public IReadOnlyList<Landmark>? Landmarks { get; init; }

    public Pose? Pose { get; init; }

    public ImageQuality? Quality { get; init; }

    public float? Confidence { get; init; }
}

public sealed record Face
{
    public string? FaceId { get; init; }

    public BoundingBox? BoundingBox { get; init; }

    public string? ImageId { get; init; }

    public string? ExternalImageId { get; init; }

    public float? Confidence { get; init; }

    public string? IndexFacesModelVersion { get; init; }

    public string? UserId { get; init; }
}

public sealed record FaceRecord
{
    public Face? Face { get; init; }

    public FaceDetail? FaceDetail { get; init; }
}

public sealed record UnindexedFace
{
    /// <summary>EXCEEDS_MAX_FACES, EXTREME_POSE, EXTREME_BOUNDING_BOX, LOW_BRIGHTNESS, LOW_SHARPNESS, LOW_CONFIDENCE, SMALL_BOUNDING_BOX, LOW_FACE_QUALITY.</summary>
    public IReadOnlyList<string>? Reasons { get; init; }

    public FaceDetail? FaceDetail { get; init; }
}

public sealed record FaceMatch
{
    public float? Similarity { get; init; }

    public Face? Face { get; init; }
}

public sealed record IndexFacesRequest
{
    public required string CollectionId { get; init; }

    public required Image Image { get; init; }

    public string? ExternalImageId { get; init; }

    /// <summary>DEFAULT or ALL (or individual attribute names).</summary>
    public IReadOnlyList<string>? DetectionAttributes { get; init; }

    public int? MaxFaces { get; init; }

    /// <summary>NONE, AUTO, LOW, MEDIUM, HIGH.</summary>
    public string? QualityFilter { get; init; }
}

public sealed record IndexFacesResponse
{
    public IReadOnlyList<FaceRecord>? FaceRecords { get; init; }

    public string? OrientationCorrection { get; init; }

    public string? FaceModelVersion { get; init; }

    public IReadOnlyList<UnindexedFace>? UnindexedFaces { get; init; }
}

public sealed record ListFacesRequest
{
    public required string CollectionId { get; init; }

    public string? NextToken { get; init; }

    public int? MaxResults { get; init; }
}

public sealed record ListFacesResponse
{
    public IReadOnlyList<Face>? Faces { get; init; }

    public string? NextToken { get; init; }

    public string? FaceModelVersion { get; init; }
}

public sealed record DeleteFacesRequest
{
    public required string CollectionId { get; init; }

    public required IReadOnlyList<string> FaceIds { get; init; }
}

public sealed record UnsuccessfulFaceDeletion
{
    public string? FaceId { get; init; }

    public string? UserId { get; init; }

    public IReadOnlyList<string>? Reasons { get; init; }
}

public sealed record DeleteFacesResponse
{
    public IReadOnlyList<string>? DeletedFaces { get; init; }

    public IReadOnlyList<UnsuccessfulFaceDeletion>? UnsuccessfulFaceDeletions { get; init; }
}

public sealed record SearchFacesByImageRequest
{
    public required string CollectionId { get; init; }

    public required Image Image { get; init; }

    public int? MaxFaces { get; init; }

    public float? FaceMatchThreshold { get; init; }

    public string? QualityFilter { get; init; }
}

public sealed record SearchFacesByImageResponse
{
    public BoundingBox? SearchedFaceBoundingBox { get; init; }

    public float? SearchedFaceConfidence { get; init; }

    public IReadOnlyList<FaceMatch>? FaceMatches { get; init; }

    public string? FaceModelVersion { get; init; }
}

public sealed record DetectFacesRequest
{
    public required Image Image { get; init; }

    /// <summary>DEFAULT or ALL (or individual attribute names).</summary>
    public IReadOnlyList<string>? Attributes { get; init; }
}

public sealed record DetectFacesResponse
{
    public IReadOnlyList<FaceDetail>? FaceDetails { get; init; }

    public string? OrientationCorrection { get; init; }
}

public sealed record DescribeStreamProcessorRequest
{
    public required string Name { get; init; }
}

public sealed record KinesisVideoStream
{
    public string? Arn { get; init; }
}

public sealed record StreamProcessorInput
{
    public KinesisVideoStream? KinesisVideoStream { get; init; }
}

public sealed record KinesisDataStream
{
    public string? Arn { get; init; }
}

public sealed record StreamProcessorOutput
{
    public KinesisDataStream? KinesisDataStream { get; init; }
}

public sealed record FaceSearchSettings
{
    public string? CollectionId { get; init; }

    public float? FaceMatchThreshold { get; init; }
}

public sealed record StreamProcessorSettings
{
    public FaceSearchSettings? FaceSearch { get; init; }
}

public sealed record DescribeStreamProcessorResponse
{
    public string? Name { get; init; }

    public string? StreamProcessorArn { get; init; }

    /// <summary>STOPPED, STARTING, RUNNING, FAILED, STOPPING, UPDATING.</summary>
    public string? Status { get; init; }

    public string? StatusMessage { get; init; }

    [System.Text.Json.Serialization.JsonConverter(typeof(EpochSecondsConverter))]
    public DateTimeOffset? CreationTimestamp { get; init; }

    [System.Text.Json.Serialization.JsonConverter(typeof(EpochSecondsConverter))]
    public DateTimeOffset? LastUpdateTimestamp { get; init; }

    public StreamProcessorInput? Input { get; init; }

    public StreamProcessorOutput? Output { get; init; }

    public string? RoleArn { get; init; }

    public StreamProcessorSettings? Settings { get; init; }

    public StreamProcessorDataSharingPreference? DataSharingPreference { get; init; }
}

public sealed record KinesisVideoStreamStartSelector
{
    public long? ProducerTimestamp { get; init; }

    public string? FragmentNumber { get; init; }
}

public sealed record StreamProcessingStartSelector
{
    public KinesisVideoStreamStartSelector? KVSStreamStartSelector { get; init; }
}

public sealed record StreamProcessingStopSelector
{
    public long? MaxDurationInSeconds { get; init; }
}

public sealed record StartStreamProcessorRequest
{
    public required string Name { get; init; }

    public StreamProcessingStartSelector? StartSelector { get; init; }

    public StreamProcessingStopSelector? StopSelector { get; init; }
}

public sealed record StartStreamProcessorResponse
{
    public string? SessionId { get; init; }
}

public sealed record StopStreamProcessorRequest
{
    public required string Name { get; init; }
}

public sealed record StopStreamProcessorResponse;

/// <summary>Opt in (or not) to AWS using the processor's video to improve its models.</summary>
public sealed record StreamProcessorDataSharingPreference
{
    public bool OptIn { get; init; }
}

/// <summary>A face search processor: every setting is fixed at creation (UpdateStreamProcessor cannot change them).</summary>
public sealed record CreateStreamProcessorRequest
{
    public required string Name { get; init; }

    public required StreamProcessorInput Input { get; init; }

    public required StreamProcessorOutput Output { get; init; }

    public required string RoleArn { get; init; }

    public required StreamProcessorSettings Settings { get; init; }

    public StreamProcessorDataSharingPreference? DataSharingPreference { get; init; }
}

public sealed record CreateStreamProcessorResponse
{
    public string? StreamProcessorArn { get; init; }
}

public sealed record DeleteStreamProcessorRequest
{
    public required string Name { get; init; }
}

public sealed record DeleteStreamProcessorResponse;
