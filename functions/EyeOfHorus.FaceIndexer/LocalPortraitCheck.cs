using System.Security.Cryptography;
using EyeOfHorus.Contract;
using EyeOfHorus.FaceEngine;
using Engine = EyeOfHorus.FaceEngine.FaceEngine;

namespace EyeOfHorus.FaceIndexer;

/// <summary>The local engine's verdict on a photo: accepted (a face id for the ledger) or the rejection.</summary>
public sealed record PortraitVerdict(string? FaceId, PhotoRejection? Rejection, string? Detail);

/// <summary>
/// Local mode's "indexing": the photo is checked by the face engine's enrollment rule
/// (<see cref="Enrollment.Judge"/>), the one the camera hosts apply when they build their gallery from
/// the bucket, so the photo's <c>horus:status</c> tag says what the hosts will do with it, written by
/// one writer. Nothing is stored: the face id is the content's hash.
/// </summary>
public sealed class LocalPortraitCheck(Engine engine) : IDisposable
{
    /// <summary>The detector only: the check stores no embedding (the camera hosts embed the photos themselves).</summary>
    public static LocalPortraitCheck Load(string? modelDirectory = null) => new(Engine.LoadDetector(modelDirectory ?? ModelFiles.DefaultDirectory()));

    public PortraitVerdict Check(byte[] photo)
    {
        ArgumentNullException.ThrowIfNull(photo);
        var verdict = engine.Enroll(photo);
        return verdict.IsAccepted
            ? new("local-" + Convert.ToHexStringLower(SHA256.HashData(photo))[..32], null, null)
            : new(null, RejectionOf(verdict.Problem), verdict.Detail);
    }

    /// <summary>The photo rejection an enrollment problem is reported as.</summary>
    public static PhotoRejection RejectionOf(EnrollmentProblem problem) => problem switch
    {
        EnrollmentProblem.NotAnImage => PhotoRejection.NotAnImage,
        EnrollmentProblem.Truncated => PhotoRejection.TruncatedImage,
        EnrollmentProblem.TooLarge => PhotoRejection.TooLarge,
        EnrollmentProblem.NoFace => PhotoRejection.NoFace,
        EnrollmentProblem.SeveralFaces => PhotoRejection.SeveralFaces,
        EnrollmentProblem.None => throw new ArgumentOutOfRangeException(nameof(problem), "an accepted photo has no rejection"),
        _ => PhotoRejection.LowQuality,
    };

    public void Dispose() => engine.Dispose();
}
