namespace EyeOfHorus.FaceEngine.Tests;

public class BadInputTests
{
    private static byte[] Obama => File.ReadAllBytes(Path.Combine(Models.Faces, "obama.jpg"));

    [Fact]
    public void Empty_input_is_refused() =>
        Assert.Equal(ImageProblem.Empty, Assert.Throws<FaceImageException>(() => Models.Engine.Decode([])).Problem);

    [Fact]
    public void Text_is_not_an_image() =>
        Assert.Equal(ImageProblem.NotAnImage, Assert.Throws<FaceImageException>(() => Models.Engine.Decode("faces/alice/photo.jpg"u8)).Problem);

    [Fact]
    public void A_truncated_jpeg_is_reported_as_truncated()
    {
        var e = Assert.Throws<FaceImageException>(() => Models.Engine.Decode(Obama.AsSpan(0, Obama.Length / 2)));
        Assert.Equal(ImageProblem.Truncated, e.Problem);
    }

    [Fact]
    public void A_jpeg_whose_data_is_garbage_after_the_header_is_refused()
    {
        var bytes = Obama.AsSpan(0, 4000).ToArray(); // SOI marker, then the bytes are noise
        new Random(1).NextBytes(bytes.AsSpan(2));
        var e = Assert.Throws<FaceImageException>(() => Models.Engine.Decode(bytes));
        Assert.Contains(e.Problem, new[] { ImageProblem.Truncated, ImageProblem.NotAnImage });
    }

    [Fact]
    public void A_huge_picture_is_refused_from_its_header_before_decoding()
    {
        // a BMP header claiming 30000 x 30000 pixels (900 MP), with no pixel data behind it
        var bmp = new byte[54];
        "BM"u8.CopyTo(bmp);
        BitConverter.TryWriteBytes(bmp.AsSpan(2), 54u + 30000u * 30000u * 3u);
        BitConverter.TryWriteBytes(bmp.AsSpan(10), 54);
        BitConverter.TryWriteBytes(bmp.AsSpan(14), 40);
        BitConverter.TryWriteBytes(bmp.AsSpan(18), 30000);
        BitConverter.TryWriteBytes(bmp.AsSpan(22), 30000);
        BitConverter.TryWriteBytes(bmp.AsSpan(26), (short)1);
        BitConverter.TryWriteBytes(bmp.AsSpan(28), (short)24);
        var e = Assert.Throws<FaceImageException>(() => Models.Engine.Decode(bmp));
        Assert.Equal(ImageProblem.TooLarge, e.Problem);
        Assert.Contains("30000x30000", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_pixel_bound_is_the_engine_s_option()
    {
        // obama.jpg is 910 x 1137 = 1,034,670 pixels
        Assert.Equal(ImageProblem.TooLarge, Assert.Throws<FaceImageException>(() => FaceImage.Decode(Obama, maxPixels: 1_000_000)).Problem);
        using var image = FaceImage.Decode(Obama, maxPixels: 1_034_670);
        Assert.Equal((910, 1137), (image.Width, image.Height));
    }

    [Fact]
    public void Raw_pixels_of_the_wrong_length_are_refused() =>
        Assert.Equal(ImageProblem.NotAnImage, Assert.Throws<FaceImageException>(() => FaceImage.FromRgba(new byte[100], 640, 480)).Problem);
}
