using EyeOfHorus.Contract;
using EyeOfHorus.Recognition.Faces;

namespace EyeOfHorus.Recognition.Tests;

public class FacesPhotoCheckTests
{
    // Made here with Debian's GStreamer: videotestsrc num-buffers=1 ! video/x-raw,width=16,height=16 ! jpegenc (and 8x8 ! pngenc).
    private static readonly byte[] Jpeg = Convert.FromBase64String("/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAUDBAQEAwUEBAQFBQUGBwwIBwcHBw8LCwkMEQ8SEhEPERETFhwXExQaFRERGCEYGh0dHx8fExciJCIeJBweHx7/2wBDAQUFBQcGBw4ICA4eFBEUHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh7/wAARCAAQABADAREAAhEBAxEB/8QAHwAAAQUBAQEBAQEAAAAAAAAAAAECAwQFBgcICQoL/8QAtRAAAgEDAwIEAwUFBAQAAAF9AQIDAAQRBRIhMUEGE1FhByJxFDKBkaEII0KxwRVS0fAkM2JyggkKFhcYGRolJicoKSo0NTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqDhIWGh4iJipKTlJWWl5iZmqKjpKWmp6ipqrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2uHi4+Tl5ufo6erx8vP09fb3+Pn6/8QAHwEAAwEBAQEBAQEBAQAAAAAAAAECAwQFBgcICQoL/8QAtREAAgECBAQDBAcFBAQAAQJ3AAECAxEEBSExBhJBUQdhcRMiMoEIFEKRobHBCSMzUvAVYnLRChYkNOEl8RcYGRomJygpKjU2Nzg5OkNERUZHSElKU1RVVldYWVpjZGVmZ2hpanN0dXZ3eHl6goOEhYaHiImKkpOUlZaXmJmaoqOkpaanqKmqsrO0tba3uLm6wsPExcbHyMnK0tPU1dbX2Nna4uPk5ebn6Onq8vP09fb3+Pn6/9oADAMBAAIRAxEAPwD2P4t9v8/3K+Erf8zz/uWPzTxM/wCYH/uJ/wC2nyh8W/8Aj6f/AK+D/N6/fvDz/ka4T/sBh/6VE/oDN/8AkgMr9KP/AKZZ1njHxb8Qz8ANM+JWpeMfts2t6gLOC0/syCP7HsacM29VxJuFuOCoxu68c+dR4MynNM2zDA0qfs1VjTk3eUvg5bKzkt7918z8+4XyvLuN8BGePo++k3B80vc9+0tIuKlzJLfboc18OvEGieLdUe/8UaHZX9tbaOoexuNZFl9ou1fc9yJPlx8gkHljI3MvAXc6eFgs4xOX1adbBvklCmqSej9xO9tU+y138zupYvMHl8ctxVb2lGEr048sY8kVHljG61lyq6u3d311P//Z");
    private static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAYAAADED76LAAAAOklEQVQYlWP4DwYMQAglwQwGEILgwaAAQUBoiDxUH4TdAGE0QDFQUlhYGEzfuXMHtwIWFpb/qamp/wEu3JysEJJfVAAAAABJRU5ErkJggg==");

    [Fact]
    public void A_complete_JPEG_and_PNG_are_usable_whatever_bytes_follow_the_end_marker()
    {
        Assert.Equal(new PhotoVerdict(PhotoFormat.Jpeg, null, null), PhotoCheck.Inspect(Jpeg));
        Assert.Equal(new PhotoVerdict(PhotoFormat.Png, null, null), PhotoCheck.Inspect(Png));
        Assert.True(PhotoCheck.Inspect([.. Jpeg, 0, 0, 0x42]).IsUsable); // trailers after EOI exist in camera files
    }

    [Fact]
    public void A_JPEG_cut_anywhere_before_its_EOI_marker_is_truncated()
    {
        for (var length = 3; length < Jpeg.Length - 1; length++)
        {
            var verdict = PhotoCheck.Inspect(Jpeg.AsSpan(0, length));
            Assert.True(verdict.Rejection == PhotoRejection.TruncatedImage, $"cut at {length}: {verdict}");
            Assert.Equal(PhotoFormat.Jpeg, verdict.Format);
        }
    }

    [Fact]
    public void A_PNG_cut_anywhere_before_its_IEND_chunk_is_truncated()
    {
        for (var length = 8; length < Png.Length; length++)
            Assert.Equal(PhotoRejection.TruncatedImage, PhotoCheck.Inspect(Png.AsSpan(0, length)).Rejection);
    }

    [Theory]
    [InlineData("")]
    [InlineData("hello, I am a text file named photo.jpg\n")]
    [InlineData("GIF89a")]
    [InlineData("<svg xmlns=\"http://www.w3.org/2000/svg\"/>")]
    public void Anything_but_JPEG_or_PNG_bytes_is_not_an_image(string content)
    {
        var verdict = PhotoCheck.Inspect(System.Text.Encoding.UTF8.GetBytes(content));
        Assert.Equal(PhotoRejection.NotAnImage, verdict.Rejection);
        Assert.Null(verdict.Format);
    }

    [Fact]
    public void A_JPEG_whose_segments_are_garbage_is_not_an_image()
    {
        byte[] damaged = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0x00, 0x00, 0x12, 0x34, 0x56];
        Assert.Equal(PhotoRejection.NotAnImage, PhotoCheck.Inspect(damaged).Rejection);
    }

    [Fact]
    public void Fifteen_MB_is_the_limit()
    {
        Assert.Null(PhotoCheck.CheckSize(15L * 1024 * 1024));
        Assert.Equal(PhotoRejection.TooLarge, PhotoCheck.CheckSize(15L * 1024 * 1024 + 1)?.Rejection);
        var sixteen = new byte[16 * 1024 * 1024];
        Jpeg.CopyTo(sixteen, 0);
        Assert.Equal(PhotoRejection.TooLarge, PhotoCheck.Inspect(sixteen).Rejection);
    }

    [Fact]
    public void Rejection_codes_are_a_closed_set_of_distinct_tag_values()
    {
        Assert.Equal(["not-an-image", "too-large", "truncated-image", "no-face", "several-faces", "low-quality", "bad-name"],
            PhotoRejection.All.Select(r => r.Code));
        Assert.All(PhotoRejection.All, r => Assert.Matches("^[a-z-]+$", r.Code));
        Assert.All(PhotoRejection.All, r => Assert.False(string.IsNullOrWhiteSpace(r.Advice)));
    }
}
