namespace EyeOfHorus.Recognition.Faces;

/// <summary>
/// The one tag the FaceIndexer writes on a photo version once it has dealt with it, so the status
/// fits beside up to nine of the uploader's own tags (S3 allows ten): <c>horus:status</c> =
/// <c>indexed</c> (its one face is in the collection) or <c>rejected:&lt;reason&gt;</c>
/// (<see cref="PhotoRejection.Code"/>). Read by the <c>horus faces</c> CLI.
/// </summary>
public static class PhotoStatusTag
{
    public const string Key = "horus:status";
    public const string Indexed = "indexed";
    private const string RejectedPrefix = "rejected:";

    /// <summary>Tags under this prefix are the indexer's; it replaces them and keeps every other tag.</summary>
    public const string OwnedPrefix = "horus:";

    public static string Rejected(PhotoRejection rejection)
    {
        ArgumentNullException.ThrowIfNull(rejection);
        return RejectedPrefix + rejection.Code;
    }

    /// <summary>The status a tag value says: (true, null) indexed, (false, reason) rejected, null if it is neither.</summary>
    public static (bool Indexed, string? Reason)? Parse(string? value) => value switch
    {
        Indexed => (true, null),
        not null when value.StartsWith(RejectedPrefix, StringComparison.Ordinal) && value.Length > RejectedPrefix.Length => (false, value[RejectedPrefix.Length..]),
        _ => null,
    };
}
