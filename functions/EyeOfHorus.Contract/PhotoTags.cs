namespace EyeOfHorus.Contract;

/// <summary>
/// The S3 object tags the FaceIndexer writes on each photo once it has dealt with it, and that
/// `horus faces` reads: status (<see cref="Indexed"/> or <see cref="Rejected"/>), the rejection
/// reason (<see cref="PhotoRejection.Code"/>) and the number of faces indexed.
/// </summary>
public static class PhotoTags
{
    /// <summary>Every tag of ours starts with this; other tags on a photo are left alone.</summary>
    public const string Prefix = "horus:";

    public const string Status = "horus:status";
    public const string Reason = "horus:reason";
    public const string Faces = "horus:faces";

    /// <summary>Values of <see cref="Status"/>.</summary>
    public const string Indexed = "indexed";
    public const string Rejected = "rejected";
}
