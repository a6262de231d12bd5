namespace EyeOfHorus.Testing.Rekognition;

/// <summary>A face held in a collection of the stand-in.</summary>
public sealed record StoredFace(string FaceId, string ImageId, string? ExternalImageId, FaceBox BoundingBox, double Confidence, string IdentityKey);

/// <summary>A stream processor of the stand-in (added by the test, or created through CreateStreamProcessor).</summary>
public sealed record StreamProcessorState(
    string Name, string Status, string CollectionId, double FaceMatchThreshold,
    string KinesisVideoStreamArn, string KinesisDataStreamArn, string RoleArn, DateTimeOffset CreatedAt, DateTimeOffset LastUpdatedAt)
{
    public bool DataSharingOptIn { get; init; }

    /// <summary>A DescribeStreamProcessor has reported the current STARTING/STOPPING state.</summary>
    internal bool TransitionSeen { get; init; }
}

/// <summary>One request the stand-in received, for assertions on what the client sent.</summary>
public sealed record RecordedRequest(string Operation, string? ContentType, string? Authorization, string? AmzDate, string? SecurityToken, string Body);
