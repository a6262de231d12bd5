using EyeOfHorus.Contract;
using EyeOfHorus.Recognition;

namespace EyeOfHorus.Edge.Operator.Faces;

/// <summary>
/// The operator's side of the photos in the faces bucket (<see cref="BucketLayout"/>) and of the
/// tags the FaceIndexer writes on each photo once it has dealt with it (<see cref="PhotoTags"/>).
/// </summary>
public static class FacePhotos
{
    /// <summary>The person and photo of a key under faces/; null for keys that are not a person's photo.</summary>
    public static FaceIdentity? Parse(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!key.StartsWith(BucketLayout.FacesPrefix, StringComparison.Ordinal)) return null;
        var rest = key[BucketLayout.FacesPrefix.Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == rest.Length - 1) return null;
        return new FaceIdentity(rest[..slash], rest[(slash + 1)..]);
    }

    /// <summary>A rejection reason code written by the indexer, with the indexer's advice (<see cref="PhotoRejection"/>).</summary>
    public static string Explain(string? reason) => PhotoRejection.Find(reason) is { } known
        ? $"{known.Code}: {known.Advice}"
        : string.IsNullOrEmpty(reason) ? "no reason given" : reason;

    /// <summary>Checks a person's name (and photo name) the way the indexer will need them; the message says what is wrong.</summary>
    public static void Validate(string person, string? photo = null)
    {
        if (string.IsNullOrWhiteSpace(person))
            throw new OperatorException(ExitCodes.Usage, "--person is empty: give the person's name, e.g. --person alice.");
        if (person.Contains('/', StringComparison.Ordinal) || person != person.Trim())
            throw new OperatorException(ExitCodes.Usage, $"'{person}' cannot be a person's name: no '/' and no leading or trailing spaces.");
        try
        {
            FaceNaming.Encode(person, photo ?? "photo.jpg");
        }
        catch (ArgumentException ex)
        {
            throw new OperatorException(ExitCodes.Usage, ex.Message, ex);
        }
    }
}

/// <summary>What the indexer made of a photo, from its tags.</summary>
public enum PhotoState
{
    /// <summary>Not tagged yet: the indexer has not finished with it.</summary>
    Pending,
    Indexed,
    Rejected,
    /// <summary>The photo is no longer in the bucket.</summary>
    Missing,
}

/// <param name="Faces">Faces the indexer says it indexed (its status tag: 1 when indexed, 0 when rejected).</param>
public sealed record PhotoStatus(string Key, PhotoState State, string? Reason = null, int? Faces = null)
{
    public static PhotoStatus FromTags(string key, IReadOnlyDictionary<string, string> tags) =>
        PhotoTags.Parse(tags.GetValueOrDefault(PhotoTags.Status)) switch
        {
            (true, _) => new PhotoStatus(key, PhotoState.Indexed, null, 1),
            (false, var reason) => new PhotoStatus(key, PhotoState.Rejected, reason, 0),
            null => new PhotoStatus(key, PhotoState.Pending),
        };
}
