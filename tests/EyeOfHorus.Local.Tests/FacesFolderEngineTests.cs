using EyeOfHorus.Local.Gallery;
using SkiaSharp;

namespace EyeOfHorus.Local.Tests;

/// <summary>The faces folder with the real face engine: authorising, de-authorising, the engine's reasons, the content-hash cache.</summary>
public class FacesFolderEngineTests
{
    private static void SideBySide(string left, string right, string output)
    {
        using var a = SKBitmap.Decode(RealEngine.Photo(left));
        using var b = SKBitmap.Decode(RealEngine.Photo(right));
        using var both = new SKBitmap(a.Width + b.Width, Math.Max(a.Height, b.Height));
        using (var canvas = new SKCanvas(both))
        {
            canvas.Clear(SKColors.Gray);
            using var ia = SKImage.FromBitmap(a);
            using var ib = SKImage.FromBitmap(b);
            canvas.DrawImage(ia, 0, 0, new SKSamplingOptions(SKFilterMode.Linear));
            canvas.DrawImage(ib, a.Width, 0, new SKSamplingOptions(SKFilterMode.Linear));
        }
        using var data = both.Encode(SKEncodedImageFormat.Jpeg, 90);
        File.WriteAllBytes(output, data.ToArray());
    }

    private static void NoFace(string output)
    {
        using var bitmap = new SKBitmap(320, 240);
        using (var canvas = new SKCanvas(bitmap)) { canvas.Clear(SKColors.SkyBlue); canvas.DrawCircle(160, 120, 50, new SKPaint { Color = SKColors.Orange }); }
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        File.WriteAllBytes(output, data.ToArray());
    }

    [Fact]
    public async Task Adding_a_photo_authorises_deleting_it_de_authorises_while_watched()
    {
        using var dir = new TempFolder();
        var faces = Directory.CreateDirectory(dir.File("faces")).FullName;
        using var store = dir.OpenStore();
        using var folder = new FacesFolder(faces, RealEngine.Engine, store, rescanInterval: TimeSpan.FromSeconds(30));
        using var stop = new CancellationTokenSource();
        var changes = new List<int>();
        folder.GalleryChanged += (_, g) => { lock (changes) changes.Add(g.People); };
        var watching = folder.WatchAsync(stop.Token);

        Directory.CreateDirectory(Path.Combine(faces, "obama"));
        File.Copy(RealEngine.Photo("obama.jpg"), Path.Combine(faces, "obama", "portrait.jpg"));
        await WaitFor(() => folder.Gallery.People == 1, "obama authorised");
        Assert.Equal("obama", folder.Gallery.Faces[0].Person);

        File.Delete(Path.Combine(faces, "obama", "portrait.jpg"));
        await WaitFor(() => folder.Gallery.People == 0, "obama de-authorised");
        await stop.CancelAsync();
        await watching;
        lock (changes) Assert.Equal([1, 0], changes);
    }

    [Fact]
    public async Task The_engines_reasons_and_the_cache_by_content_hash()
    {
        using var dir = new TempFolder();
        var faces = Directory.CreateDirectory(dir.File("faces")).FullName;
        Directory.CreateDirectory(Path.Combine(faces, "obama"));
        Directory.CreateDirectory(Path.Combine(faces, "group"));
        File.Copy(RealEngine.Photo("obama.jpg"), Path.Combine(faces, "obama", "a.jpg"));
        SideBySide("obama.jpg", "biden.jpg", Path.Combine(faces, "group", "two.jpg"));
        NoFace(Path.Combine(faces, "group", "sky.png"));

        var engine = new CountingEngine(RealEngine.Engine);
        using (var store = dir.OpenStore())
        using (var folder = new FacesFolder(faces, engine, store))
        {
            var statuses = await folder.ScanAsync(CancellationToken.None);
            Assert.Equal([("group", "sky.png", "no-face"), ("group", "two.jpg", "several-faces"), ("obama", "a.jpg", null)],
                statuses.Select(s => (s.Person, s.Photo, s.Rejection)).Order());
            Assert.Equal(3, engine.Enrolled);
        }

        // A restart, and the same photo under another name: no engine work.
        File.Copy(Path.Combine(faces, "obama", "a.jpg"), Path.Combine(faces, "obama", "b.jpg"));
        var again = new CountingEngine(RealEngine.Engine);
        using (var store = dir.OpenStore())
        using (var folder = new FacesFolder(faces, again, store))
        {
            await folder.ScanAsync(CancellationToken.None);
            Assert.Equal(0, again.Enrolled);
            Assert.Equal(2, folder.Gallery.Faces.Count);
            Assert.Equal(4, store.Photos().Count);
        }
    }

    private static async Task WaitFor(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"timed out waiting until {what}");
            await Task.Delay(50);
        }
    }
}
