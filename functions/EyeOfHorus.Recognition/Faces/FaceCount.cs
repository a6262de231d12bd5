using EyeOfHorus.Contract;

namespace EyeOfHorus.Recognition.Faces;

/// <summary>
/// Judges what IndexFaces found in a photo of one person: exactly one face, indexed. Several
/// faces (indexed or not) reject the photo, as it cannot say which face is the person; a single
/// face Rekognition would not index is too low in quality; none at all is no face.
/// </summary>
public static class FaceCount
{
    /// <param name="indexedFaces">FaceRecords returned.</param>
    /// <param name="unindexedFaceReasons">The Reasons of each of UnindexedFaces.</param>
    /// <returns>null when the photo is accepted; else the rejection and a detail for the log and notice.</returns>
    public static (PhotoRejection Rejection, string Detail)? Judge(int indexedFaces, IReadOnlyList<IReadOnlyList<string>> unindexedFaceReasons)
    {
        ArgumentNullException.ThrowIfNull(unindexedFaceReasons);
        var detected = indexedFaces + unindexedFaceReasons.Count;
        if (detected > 1) return (PhotoRejection.SeveralFaces, $"{detected} faces detected");
        if (indexedFaces == 1) return null;
        if (unindexedFaceReasons.Count == 1)
        {
            var reasons = unindexedFaceReasons[0];
            return (PhotoRejection.LowQuality, reasons.Count == 0 ? "the face was not indexed" : string.Join(", ", reasons));
        }
        return (PhotoRejection.NoFace, "no face detected");
    }
}
