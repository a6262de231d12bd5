using EyeOfHorus.Local.Frames;
using EyeOfHorus.Local.Gallery;
using EyeOfHorus.Local.Tracking;

namespace EyeOfHorus.Local.Tests;

public class FacesFolderTests
{
    /// <summary>Photos these tests use are rejected before the engine would see them: calling it is a test failure.</summary>
    private sealed class EngineMustNotBeCalled : IFaceEngine
    {
        public string Model => "none";
        public IReadOnlyList<FrameFace> Analyse(Frame frame) => throw new InvalidOperationException("the engine was asked to analyse a frame");
        public PhotoEnrollment Enroll(byte[] photo) => throw new InvalidOperationException("a rejected photo reached the engine");
        public double Similarity(float[] a, float[] b) => throw new InvalidOperationException("no similarity is needed");
    }

    private static string Photo(string name) => Path.Combine(AppContext.BaseDirectory, "faces", name);

    [Fact]
    public async Task Bad_photos_get_the_face_indexers_reasons_before_the_engine_sees_them()
    {
        using var dir = new TempFolder();
        var faces = Directory.CreateDirectory(dir.File("faces")).FullName;
        Directory.CreateDirectory(Path.Combine(faces, "alice"));
        File.WriteAllText(Path.Combine(faces, "loose.jpg"), "not in a person's folder");
        File.WriteAllText(Path.Combine(faces, "alice", "notes.jpg"), "hello");
        var jpeg = File.ReadAllBytes(Photo("obama.jpg"));
        File.WriteAllBytes(Path.Combine(faces, "alice", "half.jpg"), jpeg[..(jpeg.Length / 2)]);
        using (var big = File.Create(Path.Combine(faces, "alice", "huge.jpg"))) big.SetLength(16L * 1024 * 1024);
        File.WriteAllText(Path.Combine(faces, "alice", ".partial.jpg"), "a copy tool's temporary file");

        using var store = dir.OpenStore();
        var log = new StringWriter();
        using var folder = new FacesFolder(faces, new EngineMustNotBeCalled(), store, log);
        var statuses = await folder.ScanAsync(CancellationToken.None);

        Assert.Equal(
            [("", "loose.jpg", "bad-name"), ("alice", "half.jpg", "truncated-image"), ("alice", "huge.jpg", "too-large"), ("alice", "notes.jpg", "not-an-image")],
            statuses.Select(s => (s.Person, s.Photo, s.Rejection)).Order());
        Assert.Empty(folder.Gallery.Faces);
        Assert.Equal(4, store.Photos().Count);
        Assert.Contains("alice/notes.jpg rejected: not-an-image", log.ToString(), StringComparison.Ordinal);
        Assert.Contains("Upload a JPEG or PNG photo", log.ToString(), StringComparison.Ordinal);

        await folder.ScanAsync(CancellationToken.None);
        Assert.Equal(4, log.ToString().Split('\n').Count(l => l.Contains("rejected", StringComparison.Ordinal))); // printed once each
    }

    [Fact]
    public async Task A_truncated_photo_completed_later_is_judged_again()
    {
        using var dir = new TempFolder();
        var faces = Directory.CreateDirectory(dir.File("faces")).FullName;
        Directory.CreateDirectory(Path.Combine(faces, "alice"));
        var path = Path.Combine(faces, "alice", "a.png");
        var png = new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13 };
        File.WriteAllBytes(path, png);
        using var store = dir.OpenStore();
        using var folder = new FacesFolder(faces, new EngineMustNotBeCalled(), store);
        Assert.Equal("truncated-image", Assert.Single(await folder.ScanAsync(CancellationToken.None)).Rejection);
        File.WriteAllText(path, "now it is text");
        Assert.Equal("not-an-image", Assert.Single(await folder.ScanAsync(CancellationToken.None)).Rejection);
    }
}
