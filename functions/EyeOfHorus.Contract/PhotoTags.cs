namespace EyeOfHorus.Contract;

/// <summary>
/// The one tag the FaceIndexer writes on a photo version once it has dealt with it, and that
/// `horus faces` reads, so the status fits beside up to nine of the uploader's own tags (S3 allows
/// ten): <see cref="Status"/> = <see cref="Indexed"/> (its one face is in the collection) or
/// <c>rejected:&lt;reason&gt;</c> (<see cref="Rejected"/>, with <see cref="PhotoRejection.Code"/>).
/// </summary>
public static class PhotoTags
{
    /// <summary>Every tag of ours starts with this; the indexer replaces them and leaves other tags alone.</summary>
    public const string Prefix = "horus:";

    public const string Status = "horus:status";

    /// <summary>Value of <see cref="Status"/> for an indexed photo.</summary>
    public const string Indexed = "indexed";

    private const string RejectedPrefix = "rejected:";

    /// <summary>Value of <see cref="Status"/> for a rejected photo.</summary>
    public static string Rejected(PhotoRejection rejection)
    {
        ArgumentNullException.ThrowIfNull(rejection);
        return RejectedPrefix + rejection.Code;
    }

    /// <summary>What a <see cref="Status"/> value says: (true, null) indexed, (false, reason) rejected, null if neither.</summary>
    public static (bool Indexed, string? Reason)? Parse(string? value) => value switch
    {
        Indexed => (true, null),
        not null when value.StartsWith(RejectedPrefix, StringComparison.Ordinal) && value.Length > RejectedPrefix.Length => (false, value[RejectedPrefix.Length..]),
        _ => null,
    };
}
