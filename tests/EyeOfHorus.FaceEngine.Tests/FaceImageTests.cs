using SkiaSharp;

namespace EyeOfHorus.FaceEngine.Tests;

/// <summary>FaceImage.Decode on pictures made here: the error each kind of bad input gives, the pixel limit
/// at its edge, and EXIF orientation.</summary>
public class FaceImageTests
{
    private static readonly SKColor[] Quadrants = [SKColors.Red, SKColors.Lime, SKColors.Blue, SKColors.White]; // top-left, top-right, bottom-left, bottom-right

    /// <summary>A 64x32 picture in four solid quadrants.</summary>
    private static byte[] Encoded(SKEncodedImageFormat format)
    {
        using var bitmap = new SKBitmap(64, 32);
        using (var canvas = new SKCanvas(bitmap))
        using (var paint = new SKPaint())
            for (var q = 0; q < 4; q++)
            {
                paint.Color = Quadrants[q];
                canvas.DrawRect(SKRect.Create(q % 2 * 32, q / 2 * 16, 32, 16), paint);
            }
        return bitmap.Encode(format, 100).ToArray();
    }

    private static FaceImageException Refused(byte[] bytes, long maxPixels = FaceImage.DefaultMaxPixels) =>
        Assert.Throws<FaceImageException>(() => FaceImage.Decode(bytes, maxPixels));

    [Fact]
    public void Empty_bytes_say_so() =>
        Assert.Equal("the image is empty (0 bytes)", Refused([]).Message);

    [Fact]
    public void Bytes_of_no_image_format_are_not_an_image()
    {
        foreach (var bytes in new[] { "faces/alice/photo.jpg"u8.ToArray(), new byte[1], "PNG is a format"u8.ToArray(), new byte[4000] })
        {
            var e = Refused(bytes);
            Assert.Equal((ImageProblem.NotAnImage, "not an image (no readable JPEG, PNG, WebP, GIF or BMP header)"), (e.Problem, e.Message));
        }
    }

    [Theory]
    [InlineData(SKEncodedImageFormat.Jpeg, 3)]
    [InlineData(SKEncodedImageFormat.Jpeg, 200)]
    [InlineData(SKEncodedImageFormat.Png, 8)]
    [InlineData(SKEncodedImageFormat.Png, 30)]
    [InlineData(SKEncodedImageFormat.Webp, 4)]
    [InlineData(SKEncodedImageFormat.Webp, 20)]
    public void A_file_cut_inside_its_header_is_truncated_not_some_other_thing(SKEncodedImageFormat format, int length) =>
        AssertHeaderCut(Encoded(format)[..length]);

    [Theory]
    [InlineData(4)]
    [InlineData(10)]
    public void A_gif_cut_inside_its_header_is_truncated(int length) => AssertHeaderCut(Gif[..length]); // Skia encodes no GIF

    private static void AssertHeaderCut(byte[] bytes)
    {
        var e = Refused(bytes);
        Assert.Equal((ImageProblem.Truncated, $"the image is truncated: its header ends after {bytes.Length} bytes"), (e.Problem, e.Message));
    }

    /// <summary>A valid 5x5 GIF header and then the trailer, no image.</summary>
    private static readonly byte[] Gif = [.. "GIF89a"u8, 5, 0, 5, 0, 0, 0, 0, 0x3B];

    [Fact]
    public void A_file_cut_inside_its_pixels_is_truncated()
    {
        var png = Encoded(SKEncodedImageFormat.Png);
        using (var image = FaceImage.Decode(png)) Assert.Equal((64, 32), (image.Width, image.Height));
        var jpeg = File.ReadAllBytes(Path.Combine(Models.Faces, "obama.jpg")); // the small JPEG made here is nearly all header
        foreach (var cut in new[] { png[..(png.Length * 3 / 4)], jpeg[..(jpeg.Length * 3 / 4)] })
        {
            var e = Refused(cut);
            Assert.Equal((ImageProblem.Truncated, "the image is truncated or corrupt (IncompleteInput)"), (e.Problem, e.Message));
        }
    }

    [Fact]
    public void A_gif_without_a_frame_is_corrupt()
    {
        var e = Refused(Gif);
        Assert.Equal((ImageProblem.Truncated, "the image is truncated or corrupt (ErrorInInput)"), (e.Problem, e.Message));
    }

    [Fact]
    public void A_jpeg_start_followed_by_noise_is_not_an_image()
    {
        var bytes = new byte[4000];
        new Random(1).NextBytes(bytes);
        (bytes[0], bytes[1], bytes[2]) = (0xFF, 0xD8, 0xFF);
        Assert.Equal(ImageProblem.NotAnImage, Refused(bytes).Problem);
    }

    [Fact]
    public void A_bmp_of_zero_width_is_not_an_image()
    {
        var bmp = new byte[54 + 30];
        "BM"u8.CopyTo(bmp);
        BitConverter.TryWriteBytes(bmp.AsSpan(2), bmp.Length);
        BitConverter.TryWriteBytes(bmp.AsSpan(10), 54);
        BitConverter.TryWriteBytes(bmp.AsSpan(14), 40);
        BitConverter.TryWriteBytes(bmp.AsSpan(18), 0);
        BitConverter.TryWriteBytes(bmp.AsSpan(22), 10);
        BitConverter.TryWriteBytes(bmp.AsSpan(26), (short)1);
        BitConverter.TryWriteBytes(bmp.AsSpan(28), (short)24);
        Assert.Equal(ImageProblem.NotAnImage, Refused(bmp).Problem);
    }

    [Fact]
    public void The_pixel_limit_admits_a_picture_of_exactly_that_many_pixels()
    {
        var png = Encoded(SKEncodedImageFormat.Png); // 64 x 32 = 2048 pixels
        using (var image = FaceImage.Decode(png, maxPixels: 2048)) Assert.Equal((64, 32), (image.Width, image.Height));
        var e = Refused(png, maxPixels: 2047);
        Assert.Equal((ImageProblem.TooLarge, $"the image is 64x32, more than {2047:N0} pixels"), (e.Problem, e.Message));
    }

    [Fact]
    public void The_default_pixel_limit_is_40_megapixels() =>
        Assert.Equal(40_000_000, FaceImage.DefaultMaxPixels);

    [Fact]
    public void Decoded_pixels_are_rgba_rows()
    {
        using var image = FaceImage.Decode(Encoded(SKEncodedImageFormat.Png));
        Assert.Equal(Quadrants, new[] { Pixel(image, 16, 8), Pixel(image, 48, 8), Pixel(image, 16, 24), Pixel(image, 48, 24) });
    }

    [Theory]
    [InlineData(100, 640, 480)]
    [InlineData(0, 0, 0)]
    [InlineData(0, 0, 5)]
    [InlineData(0, 5, 0)]
    [InlineData(24, -2, -3)] // (-2) x (-3) x 4 = 24: the length alone would pass
    [InlineData(40, 2, 4)]   // one row short of 2 x 5
    [InlineData(3, 1, 1)]
    public void Raw_pixels_that_are_not_width_x_height_x_4_bytes_are_refused(int length, int width, int height)
    {
        var e = Assert.Throws<FaceImageException>(() => FaceImage.FromRgba(new byte[length], width, height));
        Assert.Equal((ImageProblem.NotAnImage, $"{length} bytes are not a {width}x{height} RGBA picture"), (e.Problem, e.Message));
    }

    [Fact]
    public void Raw_pixels_are_taken_row_after_row()
    {
        byte[] rgba = [255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 255, 255, 255, 255, 10, 20, 30, 255, 40, 50, 60, 255];
        using var image = FaceImage.FromRgba(rgba, 3, 2);
        Assert.Equal((3, 2), (image.Width, image.Height));
        Assert.Equal([SKColors.Red, SKColors.Lime, SKColors.Blue, SKColors.White, new SKColor(10, 20, 30), new SKColor(40, 50, 60)],
            new[] { (0, 0), (1, 0), (2, 0), (0, 1), (1, 1), (2, 1) }.Select(p => Pixel(image, p.Item1, p.Item2)));
    }

    /// <summary>
    /// Where the stored picture's pixel comes from for each display pixel (x, y), by the EXIF definition
    /// (orientation n: the stored row 0 is at the display's ..., its column 0 at the ...): 1 top/left,
    /// 2 top/right, 3 bottom/right, 4 bottom/left, 5 left/top, 6 right/top, 7 right/bottom, 8 left/bottom.
    /// </summary>
    private static (int X, int Y) Stored(int orientation, int x, int y, int w, int h) => orientation switch
    {
        1 => (x, y),
        2 => (w - 1 - x, y),
        3 => (w - 1 - x, h - 1 - y),
        4 => (x, h - 1 - y),
        5 => (y, x),
        6 => (y, h - 1 - x),
        7 => (w - 1 - y, h - 1 - x),
        _ => (w - 1 - y, x),
    };

    [Theory]
    [InlineData(0)] // no EXIF at all
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public void A_jpeg_s_exif_orientation_is_applied(int orientation)
    {
        var jpeg = Encoded(SKEncodedImageFormat.Jpeg);
        if (orientation > 0) jpeg = WithOrientation(jpeg, orientation);
        using var image = FaceImage.Decode(jpeg);
        var turned = orientation >= 5;
        Assert.Equal(turned ? (32, 64) : (64, 32), (image.Width, image.Height));
        // the middle of each display quadrant shows the stored quadrant it comes from
        for (var qx = 0; qx < 2; qx++)
            for (var qy = 0; qy < 2; qy++)
            {
                var (x, y) = (image.Width / 4 + qx * image.Width / 2, image.Height / 4 + qy * image.Height / 2);
                var (sx, sy) = Stored(Math.Max(orientation, 1), x, y, 64, 32);
                var expected = Quadrants[sx / 32 + sy / 16 * 2];
                var actual = Pixel(image, x, y);
                Assert.True(Near(expected, actual), $"orientation {orientation}: ({x}, {y}) is {actual}, expected {expected}");
            }
    }

    private static SKColor Pixel(FaceImage image, int x, int y) => image.Bitmap.GetPixel(x, y);

    private static bool Near(SKColor a, SKColor b) =>
        Math.Abs(a.Red - b.Red) < 48 && Math.Abs(a.Green - b.Green) < 48 && Math.Abs(a.Blue - b.Blue) < 48 && b.Alpha == 255;

    /// <summary>The JPEG with an APP1 Exif segment right after SOI holding one tag, Orientation (0x0112).</summary>
    private static byte[] WithOrientation(byte[] jpeg, int orientation)
    {
        byte[] tiff =
        [
            (byte)'M', (byte)'M', 0, 42, 0, 0, 0, 8, // big-endian TIFF header, IFD at 8
            0, 1,                                     // one entry
            0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (byte)orientation, 0, 0, // Orientation, SHORT, 1 value
            0, 0, 0, 0,                               // no next IFD
        ];
        byte[] payload = [.. "Exif\0\0"u8, .. tiff];
        var length = payload.Length + 2;
        return [0xFF, 0xD8, 0xFF, 0xE1, (byte)(length >> 8), (byte)length, .. payload, .. jpeg.AsSpan(2)];
    }
}
