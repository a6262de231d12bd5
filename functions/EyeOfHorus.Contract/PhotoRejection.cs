namespace EyeOfHorus.Contract;

/// <summary>
/// Why a photo under faces/ was not indexed: a closed set. <see cref="Code"/> is the value of the
/// object's <see cref="PhotoTags.Status"/> tag (<c>rejected:&lt;code&gt;</c>); <see cref="Advice"/> tells the uploader what to do
/// (the FaceIndexer's notice and `horus faces` both show it).
/// </summary>
public sealed record PhotoRejection
{
    private PhotoRejection(string code, string advice)
    {
        Code = code;
        Advice = advice;
    }

    public string Code { get; }
    public string Advice { get; }

    public static readonly PhotoRejection NotAnImage = new("not-an-image",
        "The file is not a JPEG or PNG image (its content was checked, not its name). Upload a JPEG or PNG photo.");
    public static readonly PhotoRejection TooLarge = new("too-large",
        $"The photo is larger than {BucketLayout.MaxPhotoBytes / (1024 * 1024)} MB, Rekognition's limit for images in S3. Upload a smaller photo.");
    public static readonly PhotoRejection TruncatedImage = new("truncated-image",
        "The image file is cut short (an interrupted upload or copy?). Upload the complete file again.");
    public static readonly PhotoRejection NoFace = new("no-face",
        "No face was found in the photo. Upload a photo showing the person's face.");
    public static readonly PhotoRejection SeveralFaces = new("several-faces",
        "The photo shows more than one face, so it cannot say which one is the person. Upload a photo of this person alone.");
    public static readonly PhotoRejection LowQuality = new("low-quality",
        "The face is too blurry, dark, small or turned away to be recognised. Upload a sharper, well-lit, frontal photo.");
    public static readonly PhotoRejection BadName = new("bad-name",
        "The object key does not name a person and a photo as faces/<person>/<photo>, or the names are too long. Rename it.");

    public static IReadOnlyList<PhotoRejection> All { get; } = [NotAnImage, TooLarge, TruncatedImage, NoFace, SeveralFaces, LowQuality, BadName];

    /// <summary>The rejection with this code; null for a code that is not ours.</summary>
    public static PhotoRejection? Find(string? code)
    {
        foreach (var rejection in All)
            if (string.Equals(rejection.Code, code, StringComparison.Ordinal)) return rejection;
        return null;
    }

    public override string ToString() => Code;
}
