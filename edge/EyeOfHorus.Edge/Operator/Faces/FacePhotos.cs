using EyeOfHorus.Recognition;
using EyeOfHorus.Recognition.Faces;

namespace EyeOfHorus.Edge.Operator.Faces;

/// <summary>
/// Where authorised people's photos live in the faces bucket (<c>faces/&lt;person&gt;/&lt;photo&gt;</c>). The tag
/// the FaceIndexer writes on each photo once it has dealt with it is <see cref="PhotoStatusTag"/>.
/// </summary>
public static class FacePhotos
{
    public const string Prefix = "faces/";

    /// <summary>Rekognition reads at most 15 MB from S3; the indexer rejects bigger photos as too-large.</summary>
    public const long MaxPhotoBytes = 15L * 1024 * 1024;

    public static string PersonPrefix(string person) => Prefix + person + "/";

    public static string Key(string person, string photo) => PersonPrefix(person) + photo;

    /// <summary>The person and photo of a key under <see cref="Prefix"/>; null for keys that are not a person's photo.</summary>
    public static FaceIdentity? Parse(string key)
    {
        if (!key.StartsWith(Prefix, StringComparison.Ordinal)) return null;
        var rest = key[Prefix.Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == rest.Length - 1) return null;
        return new FaceIdentity(rest[..slash], rest[(slash + 1)..]);
    }

    /// <summary>A rejection reason code written by the indexer, with what to do about it.</summary>
    public static string Explain(string? reason) => reason switch
    {
        "no-face" => "no-face: no face found; use a clear, front-facing photo",
        "several-faces" => "several-faces: more than one face; use a photo of the person alone",
        "not-an-image" => "not-an-image: not a JPEG or PNG picture",
        "too-large" => "too-large: over 15 MB; resize it",
        "low-quality" => "low-quality: the face is too blurred, dark or small",
        "truncated-image" => "truncated-image: the file is cut short; export it again",
        null or "" => "no reason given",
        _ => reason,
    };

    /// <summary>Checks a person's name (and photo name) the way the indexer will need them; the message says what is wrong.</summary>
    public static void Validate(string person, string? photo = null)
    {
        if (string.IsNullOrWhiteSpace(person))
            throw new OperatorException(ExitCodes.BadInput, "--person is empty: give the person's name, e.g. --person alice.");
        if (person.Contains('/', StringComparison.Ordinal) || person != person.Trim())
            throw new OperatorException(ExitCodes.BadInput, $"'{person}' cannot be a person's name: no '/' and no leading or trailing spaces.");
        try
        {
            FaceNaming.Encode(person, photo ?? "photo.jpg");
        }
        catch (ArgumentException ex)
        {
            throw new OperatorException(ExitCodes.BadInput, ex.Message, ex);
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
        PhotoStatusTag.Parse(tags.GetValueOrDefault(PhotoStatusTag.Key)) switch
        {
            (true, _) => new PhotoStatus(key, PhotoState.Indexed, null, 1),
            (false, var reason) => new PhotoStatus(key, PhotoState.Rejected, reason, 0),
            null => new PhotoStatus(key, PhotoState.Pending),
        };
}
