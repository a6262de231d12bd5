using EyeOfHorus.Contract;
using EyeOfHorus.Recognition.Faces;

namespace EyeOfHorus.Recognition.Tests;

/// <summary>
/// JPEG structures camera and phone files use that the 16x16 baseline fixture lacks: restart
/// markers, progressive multi-scan images, fill bytes, empty segments, 0xFF right at the start of
/// the entropy-coded data. Each must be usable when complete and truncated when cut.
/// </summary>
public class FacesPhotoStructureTests
{
    // Made here: a 48x16 videotestsrc frame through cjpeg (libjpeg-turbo-progs) -restart 1B -progressive -quality 90:
    // SOF2, a DRI segment, 10 scans with DHTs between them, restart markers RST0-RST7 inside the scans.
    private static readonly byte[] ProgressiveWithRestarts = Convert.FromBase64String("/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAMCAgMCAgMDAwMEAwMEBQgFBQQEBQoHBwYIDAoMDAsKCwsNDhIQDQ4RDgsLEBYQERMUFRUVDA8XGBYUGBIUFRT/2wBDAQMEBAUEBQkFBQkUDQsNFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBT/wgARCAAQADADASIAAhEBAxEB/8QAFwABAQEBAAAAAAAAAAAAAAAABgcIBf/EABYBAQEBAAAAAAAAAAAAAAAAAAYFBP/dAAQAAf/aAAwDAQACEAMQAAAB0+LybpmZj//QYB+VP6gr/9EHP0VUUL//xAAeEAABBAIDAQAAAAAAAAAAAAAEAwUGMwASAQIHE//aAAgBAQABBQImn//Qc6P/0Tc//9Jyv//TJu//1CL/AP/VU9LkSnT/1kYo9bf/1zzHErP/0AZtyml//9Hcx8L/AP/SBFj3x//EACkRAAECAwMNAAAAAAAAAAAAAAECAwAEEQUGEhQVFiEiIzFBUWFzgaH/2gAIAQMBAT8BnGc4SLsmk4SvmeHulT8j/9C5bOj1pZZiD6Ugjd1rteQNx//RvHbTFtyrKGEKSU6zip07Ex//xAAjEQABAwIFBQAAAAAAAAAAAAABAgURAwQABhMhMjFBYWJy/9oACAECAQE/AXLLdzQf7W/VURppG/LsT6+Rj//QS3VmnMRcrmNNQgR14gY//9Fgc6LS5XV3WBKahMR9TvMY/8QAKxAAAQIFAQQLAAAAAAAAAAAAAQIDAAQREyEUBTFRcgYSFSMkQVKBg9Lw/9oACAEBAAY/AlR//9BPNH//0UR//9Icsf/TVH//1HOYx//VKe0KfC39Y//W8T0j1KPToUJz7GP/10Wp2xSte6Sqsf/QInpTXu1w5ct0HCgEf//RmHpNDjDA6iQhCLgSTjKvKuf2Y//SCZvZC3nGzYcmEuui48CBu3ZyaAncRwr/AP/EACEQAAIBBAICAwAAAAAAAAAAAAERACExobFBUWHBcZHw/9oACAEBAAE/IdLc/9DGaM//0fZ6n//SxWzP/9PS1P/U/M7n/9W/A5k//9Yo7fSk9n8n3P/XytyF3a2Z/9C5SfDIVDuy/M//0QTGAEbgAZIhgmjQoKP/0hKjgE1ABO9FFgVP/9oADAMBAAIAAwAAABCD/9CH/9Gb/8QAGxEBAQEBAAMBAAAAAAAAAAAAAREhADFBUWH/2gAIAQMBAT8QQ3FCs2bGWek/nf/Q0aGkEjECwiNRzBJ3/9F1jQBlBKdR8xnxe//EABoRAQEBAQEBAQAAAAAAAAAAAAERIQBhQVH/2gAIAQIBAT8QdaFQ1UoCXDw3x7//0GXD6FSKyZH9nnf/0X1KTF1CFGPxd7//xAAeEAABBAIDAQAAAAAAAAAAAAABABEhMUHwUWFxwf/aAAgBAQABPxDe6L//0Fr/AP/RVf/SXn//097ov//U3fNf/9XFy2WYg15X/9YATPP4NOlgxqthf//X+U8coIOq/C//0HBCbJzBBgeSY4C//9EMFsrzziMwncKf/9I6MsUhlM0wigh//9k=");

    private static PhotoVerdict Inspect(params byte[] bytes) => PhotoCheck.Inspect(bytes);

    private static readonly PhotoVerdict UsableJpeg = new(PhotoFormat.Jpeg, null, null);

    [Fact]
    public void The_progressive_fixture_really_has_restart_markers_RST0_to_RST7_and_several_scans()
    {
        var pairs = ProgressiveWithRestarts.Zip(ProgressiveWithRestarts.Skip(1)).Where(p => p.First == 0xFF).Select(p => p.Second).ToList();
        Assert.Contains((byte)0xC2, pairs); // SOF2: progressive
        Assert.Contains((byte)0xDD, pairs); // DRI
        Assert.True(pairs.Count(m => m == 0xDA) >= 2);
        Assert.All(Enumerable.Range(0xD0, 8), rst => Assert.Contains((byte)rst, pairs));
    }

    [Fact]
    public void A_progressive_JPEG_with_restart_markers_is_usable_and_truncated_when_cut_anywhere()
    {
        Assert.Equal(UsableJpeg, PhotoCheck.Inspect(ProgressiveWithRestarts));
        for (var length = 3; length < ProgressiveWithRestarts.Length - 1; length++)
            Assert.True(PhotoCheck.Inspect(ProgressiveWithRestarts.AsSpan(0, length)).Rejection == PhotoRejection.TruncatedImage, $"cut at {length}");
    }

    [Theory]
    // 0xFF as the very first entropy byte (stuffed), then EOI.
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xDA, 0x00, 0x02, 0xFF, 0x00, 0xFF, 0xD9 })]
    // Stuffed 0xFF right after a restart marker, and right after another stuffed 0xFF.
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xDA, 0x00, 0x02, 0x12, 0xFF, 0xD0, 0xFF, 0x00, 0xFF, 0x00, 0x34, 0xFF, 0xD9 })]
    // RST0 and RST7, the ends of the range, in the entropy data.
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xDA, 0x00, 0x02, 0x12, 0xFF, 0xD0, 0x34, 0xFF, 0xD7, 0x56, 0xFF, 0xD9 })]
    // Fill bytes (0xFF 0xFF ...) before the marker that ends a scan.
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xDA, 0x00, 0x02, 0x12, 0xFF, 0xFF, 0xFF, 0xD9 })]
    // Fill bytes before a segment marker, and an empty (length 2) comment segment.
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xFF, 0xFE, 0x00, 0x02, 0xFF, 0xD9 })]
    // Markers without a length between segments: TEM, RST0, RST7.
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0x01, 0xFF, 0xD0, 0xFF, 0xD7, 0xFF, 0xD9 })]
    // A second scan after the first (progressive), with a segment between them.
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xDA, 0x00, 0x02, 0x12, 0xFF, 0xC4, 0x00, 0x03, 0x00, 0xFF, 0xDA, 0x00, 0x02, 0x34, 0xFF, 0xD9 })]
    public void Plausible_JPEG_structures_are_usable(byte[] jpeg) => Assert.Equal(UsableJpeg, Inspect(jpeg));

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xDA, 0x00, 0x02, 0xFF }, "no EOI marker: the file ends inside the image data")]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xDA, 0x00, 0x02, 0x12, 0x34 }, "no EOI marker: the file ends inside the image data")]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xDA, 0x00, 0x02, 0x12, 0xFF, 0xD0 }, "no EOI marker: the file ends inside the image data")]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xFF }, "no EOI marker: the file ends before the image does")]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0x00 }, "no EOI marker: the file ends inside a segment header")]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x05, 0x00 }, "no EOI marker: the file ends inside a segment")]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x02 }, "no EOI marker: the file ends before the image does")]
    public void Cut_JPEG_structures_say_where_the_file_ends(byte[] jpeg, string detail) =>
        Assert.Equal(new PhotoVerdict(PhotoFormat.Jpeg, PhotoRejection.TruncatedImage, detail), Inspect(jpeg));

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x01, 0xFF, 0xD9 }, "damaged JPEG: segment length 1 at byte 4")]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x00, 0xFF, 0xD9 }, "damaged JPEG: segment length 0 at byte 4")]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xFE, 0x00, 0x02, 0x42, 0xFF, 0xD9 }, "damaged JPEG: no marker at byte 6")]
    public void Damaged_JPEG_structures_are_not_an_image_and_say_where(byte[] jpeg, string detail) =>
        Assert.Equal(new PhotoVerdict(PhotoFormat.Jpeg, PhotoRejection.NotAnImage, detail), Inspect(jpeg));

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xD8 }, "the content is neither JPEG nor PNG")]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFE }, "the content is neither JPEG nor PNG")]
    [InlineData(new byte[] { 0xFE, 0xD8, 0xFF }, "the content is neither JPEG nor PNG")]
    [InlineData(new byte[] { 0xFF, 0xD9, 0xFF }, "the content is neither JPEG nor PNG")]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A }, "the content is neither JPEG nor PNG")]
    [InlineData(new byte[0], "the file is empty")]
    public void Almost_a_signature_is_not_an_image(byte[] content, string detail) =>
        Assert.Equal(new PhotoVerdict(null, PhotoRejection.NotAnImage, detail), Inspect(content));

    [Fact]
    public void A_PNG_ends_at_a_complete_IEND_chunk()
    {
        byte[] signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        byte[] iend = [0, 0, 0, 0, (byte)'I', (byte)'E', (byte)'N', (byte)'D', 0xAE, 0x42, 0x60, 0x82];
        byte[] text = [0, 0, 0, 1, (byte)'t', (byte)'E', (byte)'X', (byte)'t', 0x41, 1, 2, 3, 4];

        Assert.Equal(new PhotoVerdict(PhotoFormat.Png, null, null), Inspect([.. signature, .. iend]));
        Assert.Equal(new PhotoVerdict(PhotoFormat.Png, null, null), Inspect([.. signature, .. text, .. iend]));
        Assert.Equal(new PhotoVerdict(PhotoFormat.Png, PhotoRejection.TruncatedImage, "no IEND chunk: the file ends inside a chunk"), Inspect([.. signature, .. iend[..11]]));
        Assert.Equal(new PhotoVerdict(PhotoFormat.Png, PhotoRejection.TruncatedImage, "no IEND chunk: the file ends before the image does"), Inspect([.. signature, .. text, 0, 0, 0]));
        Assert.Equal(new PhotoVerdict(PhotoFormat.Png, PhotoRejection.TruncatedImage, "no IEND chunk: the file ends before the image does"), Inspect([.. signature, .. text]));
    }

    [Fact]
    public void The_size_rejection_names_the_size_and_the_limit() =>
        Assert.Equal(new PhotoVerdict(null, PhotoRejection.TooLarge, "15728641 bytes, the limit is 15728640"), PhotoCheck.CheckSize(15728641));
}
