namespace EyeOfHorus.Edge.Analysis;

/// <summary>A face's rectangle in a frame, in pixels (as the detector reports it).</summary>
public readonly record struct FaceRect(int X, int Y, int Width, int Height)
{
    public int Area => Width * Height;
    public double CentreX => X + (Width / 2.0);
    public double CentreY => Y + (Height / 2.0);

    /// <summary>Intersection over union: 1 for the same rectangle, 0 when they do not overlap.</summary>
    public double IntersectionOverUnion(FaceRect other)
    {
        var left = Math.Max(X, other.X);
        var top = Math.Max(Y, other.Y);
        var right = Math.Min(X + Width, other.X + other.Width);
        var bottom = Math.Min(Y + Height, other.Y + other.Height);
        if (right <= left || bottom <= top) return 0;
        double intersection = (right - left) * (double)(bottom - top);
        return intersection / (Area + (double)other.Area - intersection);
    }

    /// <summary>Distance between the centres, in units of this rectangle's larger side.</summary>
    public double CentreDistanceInFaceSizes(FaceRect other)
    {
        var dx = CentreX - other.CentreX;
        var dy = CentreY - other.CentreY;
        return Math.Sqrt((dx * dx) + (dy * dy)) / Math.Max(1, Math.Max(Width, Height));
    }

    /// <summary>This rectangle grown by <paramref name="margin"/> of its size on every side and clipped to the frame.</summary>
    public FaceRect Expand(double margin, int frameWidth, int frameHeight)
    {
        var dx = (int)Math.Round(Width * margin);
        var dy = (int)Math.Round(Height * margin);
        var left = Math.Max(0, X - dx);
        var top = Math.Max(0, Y - dy);
        var right = Math.Min(frameWidth, X + Width + dx);
        var bottom = Math.Min(frameHeight, Y + Height + dy);
        return new FaceRect(left, top, Math.Max(0, right - left), Math.Max(0, bottom - top));
    }
}
