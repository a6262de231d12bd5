using System.Text.Json.Serialization;

namespace EyeOfHorus.Edge.Operator;

// The shapes of the operator commands' --json output (one definition each), camelCase.

/// <summary>One line of <c>horus watch --json</c>: a face one camera saw. Person and similarity are null for an unknown face.</summary>
public sealed record SightingLine(string Time, string Camera, string? Person, string? Photo, double? Similarity, string? FaceId,
    double Confidence, BoxLine BoundingBox, string ShardId, string? SequenceNumber);

/// <summary>A bounding box in fractions of the frame.</summary>
public sealed record BoxLine(double Width, double Height, double Left, double Top);

/// <summary><c>horus faces list --json</c>.</summary>
public sealed record FacesListing(string Bucket, string? CollectionId, int CollectionFaces, IReadOnlyList<PersonListing> People,
    IReadOnlyList<PhotoListing> Rejected, IReadOnlyList<OrphanListing> FacesWithoutPhoto, int ForeignFaces);

public sealed record PersonListing(string Person, int Faces, IReadOnlyList<PhotoListing> Photos);

/// <param name="Status">indexed, rejected or pending.</param>
/// <param name="Faces">Faces of this photo in the collection.</param>
public sealed record PhotoListing(string Person, string Photo, string Key, string Status, string? Reason, int Faces, long Size);

public sealed record OrphanListing(string Person, string Photo, int Faces);

/// <summary><c>horus faces list --local --json</c>: the faces folder <c>horus run</c> reads, each photo judged by the local engine.</summary>
public sealed record LocalFacesListing(string Folder, int People, IReadOnlyList<LocalPhotoListing> Photos);

/// <param name="Status">authorised or rejected.</param>
/// <param name="Reason">The FaceIndexer's rejection code (no_face, several_faces, not_an_image, ...).</param>
public sealed record LocalPhotoListing(string Person, string Photo, string Status, string? Reason, string? Detail);

/// <summary><c>horus processor status --json</c>: one per camera.</summary>
public sealed record ProcessorListing(string Camera, string Name, string? Status, string? StatusMessage, string? CollectionId,
    double? FaceMatchThreshold, string? VideoStreamArn, string? DataStreamArn, string? LastUpdate);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(SightingLine))]
[JsonSerializable(typeof(FacesListing))]
[JsonSerializable(typeof(LocalFacesListing))]
[JsonSerializable(typeof(IReadOnlyList<ProcessorListing>))]
internal sealed partial class OperatorJsonContext : JsonSerializerContext;
