using System.Text.Json.Serialization;

namespace EyeOfHorus.Recognition.Records;

// The Kinesis data record of a Rekognition Video stream processor doing face search, exactly as it
// arrives on the data stream (member names and order as AWS writes them). The edge frame analyzer
// writes the same shape, plus the optional EdgeInformation. Members AWS always writes are required
// when decoding; members the edge producer cannot know (fragment number, landmarks, pose, quality)
// are optional. Unknown members are ignored.

/// <summary>One face-search record: the frame it came from and the faces found in it.</summary>
public sealed record MatchRecord(
    InputInformation InputInformation,
    IReadOnlyList<FaceSearchResult> FaceSearchResponse,
    StreamProcessorInformation? StreamProcessorInformation = null,
    EdgeInformation? EdgeInformation = null);

public sealed record InputInformation(KinesisVideoFrame KinesisVideo);

/// <summary>The video frame analysed. Timestamps are epoch seconds (AWS writes them as <c>1.605467332479E9</c>).</summary>
/// <param name="StreamArn"><c>arn:aws:kinesisvideo:REGION:ACCOUNT:stream/NAME/CREATION-MILLIS</c>; optional when EdgeInformation names the camera.</param>
/// <param name="FragmentNumber">A decimal of up to 47+ digits: kept as a string. Absent from edge records.</param>
public sealed record KinesisVideoFrame(
    double ServerTimestamp,
    double ProducerTimestamp,
    [property: JsonPropertyOrder(-2)] string? StreamArn = null,
    [property: JsonPropertyOrder(-1)] string? FragmentNumber = null,
    double FrameOffsetInSeconds = 0);

/// <summary>AWS documents <c>RUNNING</c> as the only value.</summary>
public sealed record StreamProcessorInformation(string? Status = null);

/// <summary>One detected face and the collection faces it matched (empty: an unknown face).</summary>
public sealed record FaceSearchResult(DetectedFace DetectedFace, IReadOnlyList<MatchedFace> MatchedFaces);

/// <summary>A face found in the frame. The bounding box is in fractions of the frame's width and height.</summary>
public sealed record DetectedFace(
    BoundingBox BoundingBox,
    double Confidence,
    IReadOnlyList<Landmark>? Landmarks = null,
    Pose? Pose = null,
    ImageQuality? Quality = null);

public sealed record BoundingBox(double Height, double Width, double Left, double Top);

public sealed record Landmark(double X, double Y, string? Type = null);

public sealed record Pose(double Pitch, double Roll, double Yaw);

public sealed record ImageQuality(double Brightness, double Sharpness);

/// <summary>A collection face the detected face matched, with the similarity in percent.</summary>
public sealed record MatchedFace(double Similarity, CollectionFace Face);

/// <summary>
/// A face indexed in the Rekognition collection. ExternalImageId is omitted by AWS when the face was
/// indexed without one; ours are written by <see cref="FaceNaming.Encode"/>.
/// </summary>
public sealed record CollectionFace(
    string FaceId,
    BoundingBox? BoundingBox = null,
    double Confidence = 0,
    string? ImageId = null,
    string? ExternalImageId = null);

/// <summary>Our extension, written only by the edge producer: which camera, and the S3 key of a snapshot of the frame.</summary>
public sealed record EdgeInformation(string Camera, string? SnapshotKey = null);
