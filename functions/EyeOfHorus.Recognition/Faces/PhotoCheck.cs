using System.Buffers.Binary;
using EyeOfHorus.Contract;

namespace EyeOfHorus.Recognition.Faces;

public enum PhotoFormat { Jpeg, Png }

/// <summary>The verdict on a photo's bytes: its format when usable, else why not (and where it went wrong).</summary>
public sealed record PhotoVerdict(PhotoFormat? Format, PhotoRejection? Rejection, string? Detail)
{
    public bool IsUsable => Rejection is null;
}

/// <summary>
/// Checks a photo before Rekognition sees it: the format by magic bytes (JPEG or PNG, whatever the
/// file's name), the size limit, and that the file is complete (a JPEG reaches its EOI marker, a PNG
/// its IEND chunk), so an interrupted upload is named as such rather than as a face problem.
/// </summary>
public static class PhotoCheck
{
    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Rejects a photo by its size alone (before reading it): over <see cref="BucketLayout.MaxPhotoBytes"/>.</summary>
    public static PhotoVerdict? CheckSize(long sizeInBytes) =>
        sizeInBytes > BucketLayout.MaxPhotoBytes
            ? new PhotoVerdict(null, PhotoRejection.TooLarge, $"{sizeInBytes} bytes, the limit is {BucketLayout.MaxPhotoBytes}")
            : null;

    public static PhotoVerdict Inspect(ReadOnlySpan<byte> content)
    {
        if (CheckSize(content.Length) is { } tooLarge) return tooLarge;
        if (content.Length >= 3 && content[0] == 0xFF && content[1] == 0xD8 && content[2] == 0xFF) return InspectJpeg(content);
        if (content.StartsWith(PngSignature)) return InspectPng(content);
        return new(null, PhotoRejection.NotAnImage, content.Length == 0 ? "the file is empty" : "the content is neither JPEG nor PNG");
    }

    /// <summary>Walks the JPEG's segments and entropy-coded scans to the EOI marker.</summary>
    private static PhotoVerdict InspectJpeg(ReadOnlySpan<byte> b)
    {
        var pos = 2;
        while (true)
        {
            if (pos >= b.Length) return Truncated(PhotoFormat.Jpeg, "no EOI marker: the file ends before the image does");
            if (b[pos] != 0xFF) return new(PhotoFormat.Jpeg, PhotoRejection.NotAnImage, $"damaged JPEG: no marker at byte {pos}");
            while (pos < b.Length && b[pos] == 0xFF) pos++; // fill bytes
            if (pos >= b.Length) return Truncated(PhotoFormat.Jpeg, "no EOI marker: the file ends before the image does");
            var marker = b[pos++];
            if (marker == 0xD9) return new(PhotoFormat.Jpeg, null, null);
            if (marker is 0x01 or (>= 0xD0 and <= 0xD7)) continue; // markers without a length
            if (pos + 2 > b.Length) return Truncated(PhotoFormat.Jpeg, "no EOI marker: the file ends inside a segment header");
            var length = BinaryPrimitives.ReadUInt16BigEndian(b[pos..]);
            if (length < 2) return new(PhotoFormat.Jpeg, PhotoRejection.NotAnImage, $"damaged JPEG: segment length {length} at byte {pos}");
            pos += length;
            if (pos > b.Length) return Truncated(PhotoFormat.Jpeg, "no EOI marker: the file ends inside a segment");
            if (marker != 0xDA) continue;
            // After SOS comes entropy-coded data, in which 0xFF is always followed by 0x00 (stuffing) or a restart marker.
            while (true)
            {
                var ff = b[pos..].IndexOf((byte)0xFF);
                if (ff < 0 || pos + ff + 1 >= b.Length) return Truncated(PhotoFormat.Jpeg, "no EOI marker: the file ends inside the image data");
                pos += ff;
                var next = b[pos + 1];
                if (next == 0x00 || next is >= 0xD0 and <= 0xD7) { pos += 2; continue; }
                if (next == 0xFF) { pos += 1; continue; }
                break;
            }
        }
    }

    /// <summary>Walks the PNG's chunks to IEND.</summary>
    private static PhotoVerdict InspectPng(ReadOnlySpan<byte> b)
    {
        var pos = PngSignature.Length;
        while (true)
        {
            if (pos + 8 > b.Length) return Truncated(PhotoFormat.Png, "no IEND chunk: the file ends before the image does");
            var length = BinaryPrimitives.ReadUInt32BigEndian(b[pos..]);
            var type = b.Slice(pos + 4, 4);
            var end = (long)pos + 12 + length;
            if (end > b.Length) return Truncated(PhotoFormat.Png, "no IEND chunk: the file ends inside a chunk");
            if (type.SequenceEqual("IEND"u8)) return new(PhotoFormat.Png, null, null);
            pos = (int)end;
        }
    }

    private static PhotoVerdict Truncated(PhotoFormat format, string detail) => new(format, PhotoRejection.TruncatedImage, detail);
}
