namespace EyeOfHorus.Local.Tracking;

/// <summary>A face box in frame pixels.</summary>
public readonly record struct FaceBox(double X, double Y, double Width, double Height)
{
    public double Right => X + Width;
    public double Bottom => Y + Height;
    public double Area => Math.Max(0, Width) * Math.Max(0, Height);

    /// <summary>Intersection over union: 0 (apart) to 1 (the same box).</summary>
    public double Overlap(FaceBox other)
    {
        var w = Math.Min(Right, other.Right) - Math.Max(X, other.X);
        var h = Math.Min(Bottom, other.Bottom) - Math.Max(Y, other.Y);
        if (w <= 0 || h <= 0) return 0;
        var inter = w * h;
        return inter / (Area + other.Area - inter);
    }
}

/// <summary>The gallery's best answer for one face: who, from which photo, how similar (0-100, the records' scale).</summary>
public sealed record GalleryMatch(string Person, string Photo, double Similarity);

/// <summary>
/// One face the engine found in a sampled frame. <see cref="Unusable"/> names why the frame cannot
/// carry an identity for this face (clipped by the frame edge, too small, blurred, low landmark
/// confidence); such a face is followed but neither named nor called unknown from this frame.
/// <see cref="Match"/> is the gallery's best match for a usable face (null: the gallery is empty).
/// </summary>
/// <param name="Score">The detector's confidence, 0-1.</param>
public sealed record FrameFace(FaceBox Box, double Score, string? Unusable, float[]? Embedding, GalleryMatch? Match)
{
    public bool IsUsable => Unusable is null && Embedding is not null;
}
