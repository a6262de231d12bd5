using System.Globalization;

namespace EyeOfHorus.Contract;

/// <summary>
/// The faces bucket: photos of authorised people under <c>faces/&lt;person&gt;/&lt;photo&gt;</c>
/// (written by `horus faces add` or by hand, read by the FaceIndexer) and frame snapshots under
/// <c>snapshots/&lt;camera&gt;/</c> (written by the edge analysis, linked from alerts).
/// </summary>
public static class BucketLayout
{
    public const string FacesPrefix = "faces/";
    public const string SnapshotsPrefix = "snapshots/";

    /// <summary>Rekognition's limit for an image read from S3 (15 MB): bigger photos are rejected as too-large.</summary>
    public const long MaxPhotoBytes = 15L * 1024 * 1024;

    /// <summary><c>faces/&lt;person&gt;/</c>.</summary>
    public static string PersonPrefix(string person) => FacesPrefix + person + "/";

    /// <summary><c>faces/&lt;person&gt;/&lt;photo&gt;</c>.</summary>
    public static string PhotoKey(string person, string photo) => PersonPrefix(person) + photo;

    /// <summary><c>snapshots/&lt;camera&gt;/&lt;yyyyMMddTHHmmss.fffZ&gt;-&lt;index&gt;.jpg</c>: one frame, in time order per camera.</summary>
    public static string SnapshotKey(string camera, DateTimeOffset capturedAt, long index) =>
        string.Create(CultureInfo.InvariantCulture, $"{SnapshotsPrefix}{camera}/{capturedAt.UtcDateTime:yyyyMMdd'T'HHmmss.fff'Z'}-{index:D6}.jpg");
}
