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

/// <summary>The faces folder's own bookkeeping with a scripted engine: which photos authorise whom, what is logged and raised, what is cached.</summary>
public class FacesFolderScanTests
{
    /// <summary>Each photo's embedding is its length; biden.jpg has "no face"; a photo starting "GIF" (never here) would throw.</summary>
    private sealed class ScriptedEngine : IFaceEngine
    {
        private int _enrolled;
        public int Enrolled => _enrolled;
        public string Model { get; init; } = "scripted";
        public Func<byte[], PhotoEnrollment>? Override { get; init; }
        public IReadOnlyList<FrameFace> Analyse(Frame frame) => throw new InvalidOperationException("no frames here");
        public PhotoEnrollment Enroll(byte[] photo)
        {
            Interlocked.Increment(ref _enrolled);
            if (Override is { } o) return o(photo);
            return photo.AsSpan().SequenceEqual(File.ReadAllBytes(Photo("biden.jpg")))
                ? PhotoEnrollment.Rejected(Contract.PhotoRejection.NoFace, "no face found")
                : PhotoEnrollment.Accepted([photo.Length]);
        }
        public double Similarity(float[] a, float[] b) => 0;
    }

    private static string Photo(string name) => Path.Combine(AppContext.BaseDirectory, "faces", name);

    private static string Add(string faces, string person, string photo, string source)
    {
        var path = Path.Combine(faces, person, photo);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.Copy(Photo(source), path, overwrite: true);
        return path;
    }

    [Fact]
    public async Task A_scan_authorises_each_usable_photo_reports_each_rejection_once_and_raises_only_on_change()
    {
        using var dir = new TempFolder();
        var faces = dir.File("faces");
        Add(faces, "obama", "b.jpg", "obama2.jpg");
        Add(faces, "obama", "a.jpg", "obama.jpg");
        Add(faces, "biden", "x.jpg", "biden.jpg");
        Add(faces, ".trash", "old.jpg", "obama.jpg"); // a hidden folder: skipped like a hidden file
        using var store = dir.OpenStore();
        var log = new StringWriter();
        var engine = new ScriptedEngine();
        var at = new DateTimeOffset(2026, 12, 3, 10, 0, 0, 123, TimeSpan.Zero);
        using var folder = new FacesFolder(faces, engine, store, log, time: new Microsoft.Extensions.Time.Testing.FakeTimeProvider(at));
        var raised = new List<FaceGallery>();
        folder.GalleryChanged += (_, g) => raised.Add(g);

        var statuses = await folder.ScanAsync(CancellationToken.None);
        Assert.Equal([("biden", "x.jpg", "no-face"), ("obama", "a.jpg", null), ("obama", "b.jpg", null)], statuses.Select(s => (s.Person, s.Photo, s.Rejection)));
        Assert.All(statuses, s => Assert.Equal((64, at), (s.ContentHash.Length, s.CheckedAt)));
        Assert.Equal([("obama", "a.jpg"), ("obama", "b.jpg")], folder.Gallery.Faces.Select(f => (f.Person, f.Photo)));
        Assert.Equal((float)new FileInfo(Photo("obama.jpg")).Length, Assert.Single(folder.Gallery.Faces[0].Embedding));
        Assert.Equal(1, folder.Gallery.People);
        Assert.Same(folder.Gallery, Assert.Single(raised));
        Assert.Equal(statuses, store.Photos());
        Assert.Equal(1, folder.Scans);
        Assert.Equal(3, engine.Enrolled);
        Assert.Equal(
            "faces: biden/x.jpg rejected: no-face (no face found). No face was found in the photo. Upload a photo showing the person's face." + Environment.NewLine +
            "faces: 1 person(s), 2 photo(s) authorised" + Environment.NewLine, log.ToString());

        // Nothing changed: no event, no log line, no engine call (the hashes are remembered).
        Assert.Equal(statuses.Select(s => (s.Person, s.Photo, s.ContentHash, s.Rejection)), (await folder.ScanAsync(CancellationToken.None)).Select(s => (s.Person, s.Photo, s.ContentHash, s.Rejection)));
        Assert.Single(raised);
        Assert.Equal(2, log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal((2L, 3), (folder.Scans, engine.Enrolled));

        // A photo replaced by another content: judged again (the new content's embedding), raised.
        Add(faces, "obama", "b.jpg", "obama-480p.jpg");
        File.SetLastWriteTimeUtc(Path.Combine(faces, "obama", "b.jpg"), DateTime.UtcNow.AddMinutes(1));
        await folder.ScanAsync(CancellationToken.None);
        Assert.Equal((float)new FileInfo(Photo("obama-480p.jpg")).Length, Assert.Single(folder.Gallery.Faces[1].Embedding));
        Assert.Equal((2, 4), (raised.Count, engine.Enrolled));
        Assert.EndsWith("faces: 1 person(s), 2 photo(s) authorised" + Environment.NewLine, log.ToString(), StringComparison.Ordinal);

        // A photo deleted: de-authorised.
        File.Delete(Path.Combine(faces, "obama", "a.jpg"));
        await folder.ScanAsync(CancellationToken.None);
        Assert.Equal([("obama", "b.jpg")], folder.Gallery.Faces.Select(f => (f.Person, f.Photo)));
        Assert.Equal(3, raised.Count);
        Assert.Equal(2, store.Photos().Count);
        Assert.EndsWith("faces: 1 person(s), 1 photo(s) authorised" + Environment.NewLine, log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_photo_moved_to_another_persons_folder_authorises_that_person_instead()
    {
        using var dir = new TempFolder();
        var faces = dir.File("faces");
        var path = Add(faces, "obama", "a.jpg", "obama.jpg");
        using var store = dir.OpenStore();
        var engine = new ScriptedEngine();
        using var folder = new FacesFolder(faces, engine, store);
        var raised = new List<FaceGallery>();
        folder.GalleryChanged += (_, g) => raised.Add(g);
        await folder.ScanAsync(CancellationToken.None);
        Assert.Equal(("obama", "a.jpg"), (Assert.Single(folder.Gallery.Faces).Person, folder.Gallery.Faces[0].Photo));

        // Same file name, same content (so the same embedding, from the cache): only the person differs.
        Directory.CreateDirectory(Path.Combine(faces, "barack"));
        File.Move(path, Path.Combine(faces, "barack", "a.jpg"));
        await folder.ScanAsync(CancellationToken.None);
        Assert.Equal(("barack", "a.jpg"), (Assert.Single(folder.Gallery.Faces).Person, folder.Gallery.Faces[0].Photo));
        Assert.Equal(2, raised.Count);
        Assert.Equal(1, engine.Enrolled);
        Assert.Equal("barack", Assert.Single(store.Photos()).Person);
    }

    [Fact]
    public async Task A_second_run_reads_verdicts_from_the_cache_but_another_model_judges_again()
    {
        using var dir = new TempFolder();
        var faces = dir.File("faces");
        Add(faces, "obama", "a.jpg", "obama.jpg");
        Add(faces, "biden", "x.jpg", "biden.jpg");
        using (var store = dir.OpenStore())
        using (var first = new FacesFolder(faces, new ScriptedEngine(), store))
            await first.ScanAsync(CancellationToken.None);

        using var reopened = dir.OpenStore();
        var same = new ScriptedEngine();
        using (var again = new FacesFolder(faces, same, reopened))
        {
            var statuses = await again.ScanAsync(CancellationToken.None);
            Assert.Equal(0, same.Enrolled);
            Assert.Equal(["no-face", null], statuses.Select(s => s.Rejection));
            Assert.Equal("no face found", statuses[0].Detail);
            Assert.Single(again.Gallery.Faces);
        }
        var other = new ScriptedEngine { Model = "other" };
        using var third = new FacesFolder(faces, other, reopened);
        await third.ScanAsync(CancellationToken.None);
        Assert.Equal(2, other.Enrolled);
    }

    [Fact]
    public async Task A_photo_the_engine_cannot_decode_is_not_an_image_with_the_engines_words()
    {
        using var dir = new TempFolder();
        var faces = dir.File("faces");
        Add(faces, "obama", "a.jpg", "obama.jpg");
        using var store = dir.OpenStore();
        var log = new StringWriter();
        using var folder = new FacesFolder(faces, new ScriptedEngine { Override = _ => throw new InvalidDataException("the decoder gave up") }, store, log);
        var status = Assert.Single(await folder.ScanAsync(CancellationToken.None));
        Assert.Equal(("not-an-image", "the decoder gave up"), (status.Rejection, status.Detail));
        Assert.Empty(folder.Gallery.Faces);
        Assert.StartsWith("faces: obama/a.jpg rejected: not-an-image (the decoder gave up). The file is not a JPEG or PNG image", log.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("authorised", log.ToString(), StringComparison.Ordinal); // the gallery stayed empty: no change to announce
    }

    [Fact]
    public async Task A_missing_folder_is_an_empty_gallery_and_a_cancelled_scan_stops()
    {
        using var dir = new TempFolder();
        using var store = dir.OpenStore();
        using var folder = new FacesFolder(dir.File("nowhere"), new ScriptedEngine(), store);
        Assert.Equal(Path.GetFullPath(dir.File("nowhere")), folder.Folder);
        Assert.Empty(await folder.ScanAsync(CancellationToken.None));
        Assert.Same(FaceGallery.Empty, folder.Gallery);
        Assert.Equal(1, folder.Scans);

        Add(dir.File("nowhere"), "obama", "a.jpg", "obama.jpg");
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => folder.ScanAsync(cancelled.Token));
        Assert.Equal(1, folder.Scans);
        Assert.Equal("", FacesFolder.Advice("no-such-code"));
        Assert.StartsWith("No face was found", FacesFolder.Advice("no-face"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_any_change_the_folder_is_rescanned_every_interval_until_stopped()
    {
        using var dir = new TempFolder();
        var faces = Directory.CreateDirectory(dir.File("faces")).FullName;
        using var store = dir.OpenStore();
        using var folder = new FacesFolder(faces, new ScriptedEngine(), store, rescanInterval: TimeSpan.FromMilliseconds(200));
        using var stop = new CancellationTokenSource();
        var watching = folder.WatchAsync(stop.Token);
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
            while (folder.Scans < 2) await Task.Delay(20, timeout.Token); // rescans with nothing to report
        await stop.CancelAsync();
        await watching.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(watching.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task A_scan_the_database_refuses_is_logged_and_the_watch_goes_on_to_the_next_one()
    {
        using var dir = new TempFolder();
        var faces = Directory.CreateDirectory(dir.File("faces")).FullName;
        using var store = dir.OpenStore();
        var log = new SyncLog();
        using var folder = new FacesFolder(faces, new ScriptedEngine(), store, log, rescanInterval: TimeSpan.FromMilliseconds(200));
        using var stop = new CancellationTokenSource();
        Task watching;
        // Another program holds the database's write lock: the scan that finds the new photo cannot record it.
        using (DatabaseLock.Hold(store.Path))
        {
            Add(faces, "obama", "a.jpg", "obama.jpg");
            watching = folder.WatchAsync(stop.Token);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (!log.Text.Contains("faces: the scan of", StringComparison.Ordinal)) await Task.Delay(20, timeout.Token);
        }
        Assert.Contains($"faces: the scan of {faces} failed (", log.Text, StringComparison.Ordinal);
        Assert.Contains("database is locked", log.Text, StringComparison.Ordinal);
        Assert.Contains("); the gallery stays as it was until the next change or rescan", log.Text, StringComparison.Ordinal);
        Assert.False(watching.IsCompleted);

        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
            while (folder.Gallery.People == 0) await Task.Delay(20, timeout.Token); // the next rescan, with the lock gone
        Assert.Equal(("obama", "a.jpg"), (Assert.Single(store.Photos()).Person, Assert.Single(store.Photos()).Photo));
        await stop.CancelAsync();
        await watching.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(watching.IsCompletedSuccessfully);
    }

    /// <summary>A log the watch writes from its own thread while the test reads it.</summary>
    private sealed class SyncLog : StringWriter
    {
        private readonly Lock _lock = new();
        public string Text { get { lock (_lock) return ToString(); } }
        public override void WriteLine(string? value) { lock (_lock) base.WriteLine(value); }
    }
}
