using EyeOfHorus.Local.Tracking;

namespace EyeOfHorus.Local.Gallery;

/// <summary>One usable photo of an authorised person.</summary>
public sealed record GalleryFace(string Person, string Photo, float[] Embedding);

/// <summary>The authorised faces at one moment: immutable, swapped whole when the folder changes.</summary>
public sealed class FaceGallery(IReadOnlyList<GalleryFace> faces)
{
    public static FaceGallery Empty { get; } = new([]);

    public IReadOnlyList<GalleryFace> Faces { get; } = faces;

    public int People => Faces.Select(f => f.Person).Distinct(StringComparer.Ordinal).Count();

    /// <summary>The most similar photo of any person, or null when the gallery is empty.</summary>
    public GalleryMatch? Best(float[] embedding, Func<float[], float[], double> similarity)
    {
        ArgumentNullException.ThrowIfNull(similarity);
        GalleryFace? best = null;
        var bestSimilarity = double.NegativeInfinity;
        foreach (var face in Faces)
        {
            var s = similarity(embedding, face.Embedding);
            if (s > bestSimilarity) (best, bestSimilarity) = (face, s);
        }
        return best is null ? null : new GalleryMatch(best.Person, best.Photo, bestSimilarity);
    }
}
