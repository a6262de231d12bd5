using SkiaSharp;

namespace EyeOfHorus.Edge.Analysis;

/// <summary>
/// A decoded sampled frame. SearchFacesByImage searches only the largest face of an image, so each
/// face to search is cut out (with a margin, for the context Rekognition's detector needs) and sent
/// as its own JPEG.
/// </summary>
public sealed class FrameImage : IDisposable
{
    private readonly SKImage _image;

    private FrameImage(SKImage image) => _image = image;

    public int Width => _image.Width;
    public int Height => _image.Height;

    /// <summary>Decodes a JPEG (or PNG); a file that is not an image gives a clear error.</summary>
    public static FrameImage Decode(byte[] encoded)
    {
        ArgumentNullException.ThrowIfNull(encoded);
        var image = SKImage.FromEncodedData(encoded)
            ?? throw new InvalidDataException($"The frame ({encoded.Length} bytes) is not a decodable image.");
        return new FrameImage(image);
    }

    /// <summary>The face's region grown by <paramref name="margin"/> on every side, as a JPEG.</summary>
    /// <returns>The JPEG and the region actually cut (clipped to the frame), in frame pixels.</returns>
    public (byte[] Jpeg, FaceRect Region) CropJpeg(FaceRect face, double margin, int quality = 90)
    {
        var region = face.Expand(margin, Width, Height);
        if (region.Width == 0 || region.Height == 0)
            throw new ArgumentOutOfRangeException(nameof(face), face, $"The face lies outside the {Width}x{Height} frame.");
        using var cut = _image.Subset(SKRectI.Create(region.X, region.Y, region.Width, region.Height))
            ?? throw new InvalidOperationException($"Could not cut {region} from the frame.");
        using var data = cut.Encode(SKEncodedImageFormat.Jpeg, quality);
        return (data.ToArray(), region);
    }

    public void Dispose() => _image.Dispose();
}
