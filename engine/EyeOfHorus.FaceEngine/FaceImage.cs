using SkiaSharp;

namespace EyeOfHorus.FaceEngine;

/// <summary>Why an input is not a usable image.</summary>
public enum ImageProblem { Empty, NotAnImage, Truncated, TooLarge }

/// <summary>The input is not an image the engine can read; <see cref="Problem"/> says why.</summary>
public sealed class FaceImageException(ImageProblem problem, string message) : Exception(message)
{
    public ImageProblem Problem { get; } = problem;
}

/// <summary>A decoded RGBA picture the engine works on.</summary>
public sealed class FaceImage : IDisposable
{
    /// <summary>Largest picture decoded (width x height): 40 megapixels, about 160 MB of RGBA.</summary>
    public const long DefaultMaxPixels = 40_000_000;

    internal SKBitmap Bitmap { get; }

    public int Width => Bitmap.Width;
    public int Height => Bitmap.Height;

    private FaceImage(SKBitmap bitmap) => Bitmap = bitmap;

    /// <summary>Decodes JPEG, PNG, WebP, GIF or BMP bytes. The pixel count is checked from the
    /// header before any pixel is decoded.</summary>
    public static FaceImage Decode(ReadOnlySpan<byte> bytes, long maxPixels = DefaultMaxPixels)
    {
        if (bytes.IsEmpty) throw new FaceImageException(ImageProblem.Empty, "the image is empty (0 bytes)");
        using var data = SKData.CreateCopy(bytes);
        using var codec = SKCodec.Create(new SKMemoryStream(data), out var opened) ?? throw Unopened(bytes, opened); // the codec owns the stream
        var info = codec.Info;
        if ((long)info.Width * info.Height > maxPixels)
            throw new FaceImageException(ImageProblem.TooLarge, $"the image is {info.Width}x{info.Height}, more than {maxPixels:N0} pixels");
        if (info.Width <= 0 || info.Height <= 0)
            throw new FaceImageException(ImageProblem.NotAnImage, $"the image has no pixels ({info.Width}x{info.Height})");
        var bitmap = new SKBitmap(new SKImageInfo(info.Width, info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        var result = codec.GetPixels(bitmap.Info, bitmap.GetPixels());
        if (result is SKCodecResult.Success) return new FaceImage(Oriented(bitmap, codec.EncodedOrigin));
        bitmap.Dispose();
        throw result is SKCodecResult.IncompleteInput or SKCodecResult.ErrorInInput
            ? new FaceImageException(ImageProblem.Truncated, $"the image is truncated or corrupt ({result})")
            : new FaceImageException(ImageProblem.NotAnImage, $"the image cannot be decoded ({result})");
    }

    private static readonly byte[][] Signatures = [[0xFF, 0xD8, 0xFF], [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A], "GIF8"u8.ToArray(), "RIFF"u8.ToArray()];

    /// <summary>Bytes that begin like a JPEG, PNG, GIF or WebP file but end inside its header were cut
    /// short (an interrupted upload or copy): say so rather than "not an image".</summary>
    private static FaceImageException Unopened(ReadOnlySpan<byte> bytes, SKCodecResult opened)
    {
        if (opened is SKCodecResult.IncompleteInput)
            foreach (var signature in Signatures)
                if (bytes.StartsWith(signature))
                    return new FaceImageException(ImageProblem.Truncated, $"the image is truncated: its header ends after {bytes.Length} bytes");
        return new FaceImageException(ImageProblem.NotAnImage, "not an image (no readable JPEG, PNG, WebP, GIF or BMP header)");
    }

    /// <summary>Wraps RGBA pixels (row after row, 4 bytes a pixel), e.g. a decoded video frame.</summary>
    public static FaceImage FromRgba(ReadOnlySpan<byte> rgba, int width, int height)
    {
        if (width <= 0 || height <= 0 || (long)width * height * 4 != rgba.Length)
            throw new FaceImageException(ImageProblem.NotAnImage, $"{rgba.Length} bytes are not a {width}x{height} RGBA picture");
        var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        rgba.CopyTo(bitmap.GetPixelSpan());
        return new FaceImage(bitmap);
    }

    internal static FaceImage Wrap(SKBitmap bitmap) => new(bitmap);

    /// <summary>Applies the EXIF orientation, so a phone photo is upright.</summary>
    private static SKBitmap Oriented(SKBitmap bitmap, SKEncodedOrigin origin)
    {
        if (origin is SKEncodedOrigin.TopLeft or SKEncodedOrigin.Default) return bitmap;
        var swap = origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;
        var (w, h) = swap ? (bitmap.Height, bitmap.Width) : (bitmap.Width, bitmap.Height);
        var rotated = new SKBitmap(new SKImageInfo(w, h, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        using (var canvas = new SKCanvas(rotated))
        {
            canvas.SetMatrix(origin switch
            {
                SKEncodedOrigin.TopRight => new SKMatrix(-1, 0, w, 0, 1, 0, 0, 0, 1),
                SKEncodedOrigin.BottomRight => new SKMatrix(-1, 0, w, 0, -1, h, 0, 0, 1),
                SKEncodedOrigin.BottomLeft => new SKMatrix(1, 0, 0, 0, -1, h, 0, 0, 1),
                SKEncodedOrigin.LeftTop => new SKMatrix(0, 1, 0, 1, 0, 0, 0, 0, 1),
                SKEncodedOrigin.RightTop => new SKMatrix(0, -1, w, 1, 0, 0, 0, 0, 1),
                SKEncodedOrigin.RightBottom => new SKMatrix(0, -1, w, -1, 0, h, 0, 0, 1),
                _ => new SKMatrix(0, 1, 0, -1, 0, h, 0, 0, 1), // LeftBottom
            });
            using var source = SKImage.FromBitmap(bitmap);
            canvas.DrawImage(source, 0, 0, new SKSamplingOptions(SKFilterMode.Nearest));
        }
        bitmap.Dispose();
        return rotated;
    }

    public void Dispose() => Bitmap.Dispose();
}
