using EyeOfHorus.Contract;
using EyeOfHorus.FaceEngine;
using EyeOfHorus.FaceIndexer;
using EyeOfHorus.Local.Gallery;
using EyeOfHorus.Local.State;
using EyeOfHorus.Recognition.Faces;
using EyeOfHorus.Testing;
using EyeOfHorus.Testing.Rekognition;
using SkiaSharp;

namespace EyeOfHorus.Edge.Tests.Gallery;

/// <summary>
/// In local mode the FaceIndexer tags each photo with the verdict the camera hosts will reach when they
/// build their gallery from the bucket: both enroll by the engine's rule. Here both judge the same real
/// photos, one for every rejection kind, and must agree on the reason and its detail.
/// </summary>
public sealed class EnrollmentParityTests : IDisposable
{
    private static readonly string Shared = Path.Combine(RepoPaths.Root, "tests", "EyeOfHorus.FaceEngine.Tests", "Vectors", "faces");
    private static readonly Lazy<LocalPortraitCheck> Lambda = new(() => new LocalPortraitCheck(LocalEngineFaces.SharedEngine));
    private static readonly Lazy<LocalFaceEngine> Host = new(() => new LocalFaceEngine(LocalEngineFaces.SharedEngine));
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("horus-parity-");

    public void Dispose() => _dir.Delete(recursive: true);

    private static byte[] Photo(string name) => File.ReadAllBytes(Path.Combine(Shared, name));

    private static byte[] Encode(SKImage image, SKEncodedImageFormat format = SKEncodedImageFormat.Jpeg)
    {
        using var data = image.Encode(format, 90);
        return data.ToArray();
    }

    private static byte[] Draw(int width, int height, Action<SKCanvas> draw, SKEncodedImageFormat format = SKEncodedImageFormat.Jpeg)
    {
        using var surface = SKSurface.Create(new SKImageInfo(width, height));
        draw(surface.Canvas);
        using var image = surface.Snapshot();
        return Encode(image, format);
    }

    private static byte[] Png(string name)
    {
        using var image = SKImage.FromEncodedData(Photo(name));
        return Encode(image, SKEncodedImageFormat.Png);
    }

    private static byte[] Blurred(string name)
    {
        using var image = SKImage.FromEncodedData(Photo(name));
        using var paint = new SKPaint { ImageFilter = SKImageFilter.CreateBlur(6, 6) };
        return Draw(image.Width, image.Height, c => c.DrawImage(image, new SKRect(0, 0, image.Width, image.Height), new SKSamplingOptions(SKFilterMode.Linear), paint));
    }

    private static byte[] Shrunk(string name, float factor)
    {
        using var image = SKImage.FromEncodedData(Photo(name));
        var (w, h) = ((int)(image.Width * factor), (int)(image.Height * factor));
        return Draw(w, h, c => c.DrawImage(image, new SKRect(0, 0, w, h), new SKSamplingOptions(SKFilterMode.Linear)));
    }

    private static byte[] SideBySide(string left, string right)
    {
        using var a = SKImage.FromEncodedData(Photo(left));
        using var b = SKImage.FromEncodedData(Photo(right));
        const int height = 400;
        var (wa, wb) = (a.Width * height / a.Height, b.Width * height / b.Height);
        return Draw(wa + wb, height, c =>
        {
            c.DrawImage(a, new SKRect(0, 0, wa, height), new SKSamplingOptions(SKFilterMode.Linear));
            c.DrawImage(b, new SKRect(wa, 0, wa + wb, height), new SKSamplingOptions(SKFilterMode.Linear));
        });
    }

    /// <summary>A complete PNG (signature, IHDR, an empty IDAT, IEND) declaring <paramref name="width"/> x <paramref name="height"/> grey pixels: a few bytes, a decompression bomb if decoded.</summary>
    private static byte[] PngHeaderOnly(int width, int height)
    {
        var header = new byte[13];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header, width);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bit depth; colour type 0 (grey), default compression, filter and interlace
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. Chunk("IHDR", header), .. Chunk("IDAT", []), .. Chunk("IEND", [])];
    }

    private static byte[] Chunk(string type, byte[] data)
    {
        byte[] typed = [.. System.Text.Encoding.ASCII.GetBytes(type), .. data];
        var crc = 0xFFFFFFFFu;
        foreach (var b in typed)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
        }
        var chunk = new byte[12 + data.Length];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(chunk, data.Length);
        typed.CopyTo(chunk, 4);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + data.Length), ~crc);
        return chunk;
    }

    /// <summary>Each photo, and the verdict both must reach (the rejection code, or null: enrolled).</summary>
    public static TheoryData<string, string?> Cases => new()
    {
        { "portrait", null },
        { "png-portrait", null },
        { "text", PhotoRejection.NotAnImage.Code },
        { "truncated", PhotoRejection.TruncatedImage.Code },
        { "16-megabytes", PhotoRejection.TooLarge.Code },
        { "50-megapixels", PhotoRejection.TooLarge.Code },
        { "blank", PhotoRejection.NoFace.Code },
        { "two-faces", PhotoRejection.SeveralFaces.Code },
        { "blurred", PhotoRejection.LowQuality.Code },
        { "tiny-face", PhotoRejection.LowQuality.Code },
        { "clipped", PhotoRejection.LowQuality.Code },
    };

    private static byte[] Content(string name) => name switch
    {
        "portrait" => Photo("obama.jpg"),
        "png-portrait" => Png("biden2.jpg"),
        "text" => "These are my holiday notes, not a photo.\n"u8.ToArray(),
        "truncated" => Photo("obama.jpg")[..(Photo("obama.jpg").Length / 2)],
        "16-megabytes" => [.. Photo("obama.jpg"), .. new byte[16 * 1024 * 1024]],
        "50-megapixels" => PngHeaderOnly(10_000, 5_000),
        "blank" => Draw(320, 240, c => c.Clear(SKColors.Gray)),
        "two-faces" => SideBySide("obama.jpg", "biden.jpg"),
        "blurred" => Blurred("obama.jpg"),
        "tiny-face" => Shrunk("obama.jpg", 0.15f),
        "clipped" => Photo("obama_partial_face.jpg"), // the face runs off the picture's left edge
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    /// <summary>The FaceIndexer's local-mode path (PhotoIndexer): the size from HeadObject, the bytes' checks, then the engine.</summary>
    private static (string? Code, string? Detail) LambdaVerdict(byte[] content)
    {
        var verdict = PhotoCheck.CheckSize(content.Length) ?? PhotoCheck.Inspect(content);
        if (verdict.Rejection is { } rejected) return (rejected.Code, verdict.Detail);
        var portrait = Lambda.Value.Check(content);
        return (portrait.Rejection?.Code, portrait.Detail);
    }

    /// <summary>A camera host's path: the photo in its faces folder, judged by the gallery scan.</summary>
    private async Task<(string? Code, string? Detail)> HostVerdictAsync(string name, byte[] content)
    {
        var faces = Path.Combine(_dir.FullName, "faces");
        Directory.CreateDirectory(Path.Combine(faces, "alice"));
        await File.WriteAllBytesAsync(Path.Combine(faces, "alice", name + ".jpg"), content);
        using var store = new LocalStore(Path.Combine(_dir.FullName, "state.db"));
        using var folder = new FacesFolder(faces, Host.Value, store);
        var status = Assert.Single(await folder.ScanAsync(CancellationToken.None));
        return (status.Rejection, status.Detail);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task The_FaceIndexer_and_a_camera_host_reach_the_same_verdict_on_a_photo(string name, string? expected)
    {
        var content = Content(name);

        var lambda = LambdaVerdict(content);
        var host = await HostVerdictAsync(name, content);

        Assert.Equal(expected, lambda.Code);
        Assert.Equal(lambda, host);
    }

    [Fact]
    public void Every_rejection_kind_has_a_case_and_both_map_every_engine_problem_alike()
    {
        var covered = Cases.Select(c => (string?)c[1]).OfType<string>().ToHashSet();
        Assert.Equal(PhotoRejection.All.Select(r => r.Code).Where(c => c != PhotoRejection.BadName.Code).Order(), covered.Order());
        foreach (var problem in Enum.GetValues<EnrollmentProblem>().Where(p => p != EnrollmentProblem.None))
            Assert.Equal(LocalPortraitCheck.RejectionOf(problem), LocalFaceEngine.RejectionOf(problem));
    }

    [Theory]
    [InlineData("blurred", "blurred")]
    [InlineData("tiny-face", "too small")]
    [InlineData("clipped", "clipped by the picture's edge")]
    [InlineData("two-faces", "2 faces detected")]
    public void The_engine_names_the_problem(string name, string detail) =>
        Assert.Equal(detail, LocalEngineFaces.SharedEngine.Enroll(Content(name)).Detail);
}
