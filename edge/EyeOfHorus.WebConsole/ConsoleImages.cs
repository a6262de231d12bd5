using System.Collections.Concurrent;
using EyeOfHorus.Local.Frames;
using SkiaSharp;

namespace EyeOfHorus.WebConsole;

/// <summary>JPEGs for the pages: a camera's latest frame (encoded once per frame), and thumbnails of snapshots and photos.</summary>
internal sealed class ConsoleImages
{
    public const int ThumbnailWidth = 240;
    private readonly ConcurrentDictionary<string, (long Index, byte[] Jpeg)> _frames = new(StringComparer.Ordinal);

    public byte[] Frame(Frame frame)
    {
        if (_frames.TryGetValue(frame.Camera, out var cached) && cached.Index == frame.Index) return cached.Jpeg;
        var info = new SKImageInfo(frame.Width, frame.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var image = SKImage.FromPixelCopy(info, frame.Rgba);
        using var data = image.Encode(SKEncodedImageFormat.Jpeg, 80);
        var jpeg = data.ToArray();
        _frames[frame.Camera] = (frame.Index, jpeg);
        return jpeg;
    }

    /// <summary>The image scaled to <see cref="ThumbnailWidth"/> pixels wide (never up), as JPEG; null when it cannot be decoded.</summary>
    public static byte[]? Thumbnail(byte[] encoded)
    {
        // SKBitmap.Decode(byte[]) throws when no codec recognises the bytes (a JPEG's markers with no image in them): make the codec here.
        using var input = SKData.CreateCopy(encoded);
        using var codec = SKCodec.Create(input);
        if (codec is null) return null;
        using var bitmap = SKBitmap.Decode(codec);
        if (bitmap is null) return null;
        if (bitmap.Width <= ThumbnailWidth) return encoded;
        var height = Math.Max(1, (int)Math.Round(bitmap.Height * (double)ThumbnailWidth / bitmap.Width));
        using var scaled = bitmap.Resize(new SKImageInfo(ThumbnailWidth, height), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
        if (scaled is null) return null;
        using var image = SKImage.FromBitmap(scaled);
        using var data = image.Encode(SKEncodedImageFormat.Jpeg, 80);
        return data.ToArray();
    }
}
