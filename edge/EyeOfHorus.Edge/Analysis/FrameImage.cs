using EyeOfHorus.FaceEngine;
using SkiaSharp;

namespace EyeOfHorus.Edge.Analysis;

/// <summary>
/// A sampled frame, decoded once: its JPEG (the record's snapshot, and what an ungated search
/// sends), its RGBA pixels for the face engine, and crops of it. SearchFacesByImage searches only
/// the largest face of an image, so each face to search is cut out (with a margin, for the context
/// Rekognition's detector needs) and sent as its own JPEG.
/// </summary>
public sealed class FrameImage : IDisposable
{
    private readonly SKBitmap _bitmap;

    private FrameImage(byte[] jpeg, SKBitmap bitmap) => (Jpeg, _bitmap) = (jpeg, bitmap);

    public byte[] Jpeg { get; }
    public int Width => _bitmap.Width;
    public int Height => _bitmap.Height;

    /// <summary>Decodes a JPEG (or PNG); a file that is not an image gives a clear error.</summary>
    public static FrameImage Decode(byte[] encoded)
    {
        ArgumentNullException.ThrowIfNull(encoded);
        var bounds = SKBitmap.DecodeBounds(encoded);
        var bitmap = bounds.Width > 0 && bounds.Height > 0
            ? SKBitmap.Decode(encoded, new SKImageInfo(bounds.Width, bounds.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul))
            : null;
        return bitmap is null
            ? throw new InvalidDataException($"The frame ({encoded.Length} bytes) is not a decodable image.")
            : new FrameImage(encoded, bitmap);
    }

    /// <summary>The pixels as the face engine reads them (a copy: the engine's image is its own).</summary>
    public FaceImage ToFaceImage() => FaceImage.FromRgba(_bitmap.GetPixelSpan(), Width, Height);

    /// <summary>The face's region grown by <paramref name="margin"/> on every side, as a JPEG.</summary>
    /// <returns>The JPEG and the region actually cut (clipped to the frame), in frame pixels.</returns>
    public (byte[] Jpeg, FaceRect Region) CropJpeg(FaceRect face, double margin, int quality = 90)
    {
        var region = face.Expand(margin, Width, Height);
        if (region.Width == 0 || region.Height == 0)
            throw new ArgumentOutOfRangeException(nameof(face), face, $"The face lies outside the {Width}x{Height} frame.");
        using var cut = new SKBitmap();
        if (!_bitmap.ExtractSubset(cut, SKRectI.Create(region.X, region.Y, region.Width, region.Height)))
            throw new InvalidOperationException($"Could not cut {region} from the frame.");
        using var data = cut.Encode(SKEncodedImageFormat.Jpeg, quality);
        return (data.ToArray(), region);
    }

    public void Dispose() => _bitmap.Dispose();
}
