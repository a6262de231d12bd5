using EyeOfHorus.Local.Frames;
using EyeOfHorus.Local.Tracking;
using EyeOfHorus.Contract;
using EyeOfHorus.Recognition.Faces;

namespace EyeOfHorus.Local.Gallery;

/// <summary>What became of one photo of the faces folder: its embedding, or why it was not usable.</summary>
public sealed record PhotoEnrollment(float[]? Embedding, PhotoRejection? Rejection, string? Detail)
{
    public static PhotoEnrollment Accepted(float[] embedding) => new(embedding, null, null);
    public static PhotoEnrollment Rejected(PhotoRejection rejection, string detail) => new(null, rejection, detail);
}

/// <summary>
/// The local face engine as <c>horus run</c> uses it: faces in a frame (box, score, whether the frame
/// can carry an identity, embedding), one face from a person's photo, and the similarity of two
/// embeddings on the records' 0-100 scale.
/// </summary>
public interface IFaceEngine
{
    /// <summary>Names the models: cached embeddings made by another model are computed again.</summary>
    string Model { get; }

    /// <summary>Detects and embeds the faces of a frame; <see cref="FrameFace.Match"/> is left null (the gallery fills it).</summary>
    IReadOnlyList<FrameFace> Analyse(Frame frame);

    /// <summary>The one face of a person's photo (bytes already checked to be a complete JPEG or PNG), or the rejection: no face, several faces, low quality.</summary>
    PhotoEnrollment Enroll(byte[] photo);

    /// <summary>0-100, monotone in the embedding distance; the match threshold is on this scale.</summary>
    double Similarity(float[] a, float[] b);
}
