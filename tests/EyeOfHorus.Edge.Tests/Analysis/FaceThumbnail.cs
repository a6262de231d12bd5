using SkiaSharp;

namespace EyeOfHorus.Edge.Tests.Analysis;

/// <summary>
/// A tiny grayscale picture of an image, normalised to zero mean and unit length, so the dot product
/// of two thumbnails is their normalised cross-correlation (1: same picture). The test face engine
/// uses it to recognise the crops and frames of the test clip; it is no face recogniser.
/// </summary>
public sealed class FaceThumbnail
{
    private const int Side = 24;
    private readonly float[] _pixels;

    private FaceThumbnail(float[] pixels) => _pixels = pixels;

    public static FaceThumbnail Of(ReadOnlySpan<byte> encoded)
    {
        using var bitmap = SKBitmap.Decode(encoded) ?? throw new InvalidDataException("Not a decodable image.");
        using var small = bitmap.Resize(new SKImageInfo(Side, Side, SKColorType.Rgba8888), new SKSamplingOptions(SKFilterMode.Linear))
            ?? throw new InvalidDataException("Could not scale the image.");
        var pixels = new float[Side * Side];
        for (var y = 0; y < Side; y++)
        {
            for (var x = 0; x < Side; x++)
            {
                var c = small.GetPixel(x, y);
                pixels[(y * Side) + x] = (0.299f * c.Red) + (0.587f * c.Green) + (0.114f * c.Blue);
            }
        }
        var mean = pixels.Average();
        for (var i = 0; i < pixels.Length; i++) pixels[i] -= mean;
        var norm = MathF.Sqrt(pixels.Sum(p => p * p));
        if (norm > 0) for (var i = 0; i < pixels.Length; i++) pixels[i] /= norm;
        return new FaceThumbnail(pixels);
    }

    public double Correlation(FaceThumbnail other)
    {
        ArgumentNullException.ThrowIfNull(other);
        double sum = 0;
        for (var i = 0; i < _pixels.Length; i++) sum += _pixels[i] * other._pixels[i];
        return sum;
    }
}
