using System.Security.Cryptography;
using EyeOfHorus.Contract;
using EyeOfHorus.FaceEngine;
using Engine = EyeOfHorus.FaceEngine.FaceEngine;

namespace EyeOfHorus.FaceIndexer;

/// <summary>The local engine's verdict on a photo: accepted (a face id for the ledger) or the rejection.</summary>
public sealed record PortraitVerdict(string? FaceId, PhotoRejection? Rejection, string? Detail);

/// <summary>
/// Local mode's "indexing": the photo is checked with the project's face engine by the rules the camera
/// hosts apply when they build their gallery from the bucket (horus run's LocalFaceEngine.Enroll: decodable,
/// exactly one face, good enough to recognise), so the photo's <c>horus:status</c> tag says what the hosts
/// will do with it, written by one writer. Nothing is stored: the face id is the content's hash.
/// </summary>
public sealed class LocalPortraitCheck(Engine engine) : IDisposable
{
    public static LocalPortraitCheck Load(string? modelDirectory = null) => new(Engine.Load(modelDirectory ?? ModelFiles.DefaultDirectory()));

    public PortraitVerdict Check(byte[] photo)
    {
        ArgumentNullException.ThrowIfNull(photo);
        FaceImage image;
        try { image = engine.Decode(photo); }
        catch (FaceImageException ex)
        {
            var rejection = ex.Problem switch
            {
                ImageProblem.Truncated => PhotoRejection.TruncatedImage,
                ImageProblem.TooLarge => PhotoRejection.TooLarge,
                _ => PhotoRejection.NotAnImage,
            };
            return new(null, rejection, ex.Message);
        }
        using (image)
        {
            var faces = engine.Detect(image);
            if (faces.Count == 0) return new(null, PhotoRejection.NoFace, "no face detected");
            if (faces.Count > 1) return new(null, PhotoRejection.SeveralFaces, $"{faces.Count} faces detected");
            if (!faces[0].Quality.IsGood) return new(null, PhotoRejection.LowQuality, Problem(faces[0].Quality.Problem));
            return new("local-" + Convert.ToHexStringLower(SHA256.HashData(photo))[..32], null, null);
        }
    }

    private static string Problem(FaceQualityProblem problem) => problem switch
    {
        FaceQualityProblem.TooSmall => "too small",
        FaceQualityProblem.Blurred => "blurred",
        FaceQualityProblem.NotFrontal => "turned away",
        _ => problem.ToString(),
    };

    public void Dispose() => engine.Dispose();
}
