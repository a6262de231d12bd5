using Microsoft.Data.Sqlite;
using System.Security.Cryptography;
using EyeOfHorus.Local.State;
using EyeOfHorus.Contract;
using EyeOfHorus.Recognition.Faces;

namespace EyeOfHorus.Local.Gallery;

/// <summary>
/// The authorised people as a folder with the faces bucket's layout: <c>&lt;folder&gt;/&lt;person&gt;/&lt;photo&gt;</c>.
/// Adding a photo authorises, deleting it de-authorises, while <c>horus run</c> runs: a file watcher
/// triggers a rescan (debounced), and a periodic rescan catches what the watcher misses (network
/// shares, overflow). Each photo is judged as the FaceIndexer judges an upload, with its reasons:
/// bad name, too large, not an image, truncated, then the engine's no face / several faces / low
/// quality. Verdicts and embeddings are cached in the <see cref="LocalStore"/> by content hash (and
/// model), so a restart or a renamed photo costs no engine time. A rejection is printed once per content.
/// </summary>
public sealed class FacesFolder : IDisposable
{
    private readonly string _folder;
    private readonly IFaceEngine _engine;
    private readonly LocalStore _store;
    private readonly TextWriter _log;
    private readonly TimeProvider _time;
    private readonly TimeSpan _rescanInterval;
    private readonly Dictionary<string, (long Length, DateTime Modified, string Hash)> _hashes = new(StringComparer.Ordinal);
    private readonly HashSet<(string Path, string Hash)> _reported = [];
    private readonly SemaphoreSlim _changed = new(0, 1);
    private readonly SemaphoreSlim _scanning = new(1, 1);
    private FileSystemWatcher? _watcher;
    private volatile FaceGallery _gallery = FaceGallery.Empty;
    private long _scans;

    public FacesFolder(string folder, IFaceEngine engine, LocalStore store, TextWriter? log = null, TimeSpan? rescanInterval = null, TimeProvider? time = null)
    {
        _folder = Path.GetFullPath(folder);
        _engine = engine;
        _store = store;
        _log = log ?? TextWriter.Null;
        _time = time ?? TimeProvider.System;
        _rescanInterval = rescanInterval ?? TimeSpan.FromSeconds(30);
    }

    public string Folder => _folder;

    /// <summary>The authorised faces as of the last scan.</summary>
    public FaceGallery Gallery => _gallery;

    public long Scans => Interlocked.Read(ref _scans);

    /// <summary>Raised after a scan that changed the gallery.</summary>
    public event EventHandler<FaceGallery>? GalleryChanged;

    /// <summary>Reads the folder once and publishes the gallery; returns every photo's status.</summary>
    public async Task<IReadOnlyList<PhotoStatus>> ScanAsync(CancellationToken ct)
    {
        await _scanning.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var statuses = new List<PhotoStatus>();
            var faces = new List<GalleryFace>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            if (Directory.Exists(_folder))
            {
                foreach (var path in Directory.EnumerateFiles(_folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                {
                    ct.ThrowIfCancellationRequested();
                    var relative = Path.GetRelativePath(_folder, path).Replace(Path.DirectorySeparatorChar, '/');
                    if (relative.Split('/').Any(part => part.StartsWith('.'))) continue; // editors' and copy tools' temporary files
                    seen.Add(path);
                    var (status, face) = await JudgeAsync(path, relative, ct).ConfigureAwait(false);
                    if (status is null) continue;
                    statuses.Add(status);
                    if (face is not null) faces.Add(face);
                    if (status.Rejection is not null && _reported.Add((relative, status.ContentHash)))
                        _log.WriteLine($"faces: {relative} rejected: {status.Rejection} ({status.Detail}). {Advice(status.Rejection)}");
                }
            }
            foreach (var gone in _hashes.Keys.Where(p => !seen.Contains(p)).ToList()) _hashes.Remove(gone);
            _store.ReplacePhotos(statuses);
            Interlocked.Increment(ref _scans);
            var gallery = new FaceGallery(faces);
            if (!SameFaces(gallery, _gallery))
            {
                _gallery = gallery;
                _log.WriteLine($"faces: {gallery.People} person(s), {gallery.Faces.Count} photo(s) authorised");
                GalleryChanged?.Invoke(this, gallery);
            }
            return statuses;
        }
        finally
        {
            _scanning.Release();
        }
    }

    private async Task<(PhotoStatus? Status, GalleryFace? Face)> JudgeAsync(string path, string relative, CancellationToken ct)
    {
        var now = _time.GetUtcNow();
        var key = FaceKey.FromKey("faces/" + relative);
        var parts = relative.Split('/', 2);
        var (person, photo) = parts.Length == 2 ? (parts[0], parts[1]) : ("", parts[0]);
        if (key.Kind != FaceKeyKind.Photo)
            return (new PhotoStatus(person, photo, "", PhotoRejection.BadName.Code, key.Problem, now), null);

        FileInfo info;
        try { info = new FileInfo(path); _ = info.Length; }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { return (null, null); } // gone meanwhile
        if (PhotoCheck.CheckSize(info.Length) is { } tooLarge)
            return (new PhotoStatus(person, photo, "", tooLarge.Rejection!.Code, tooLarge.Detail, now), null);

        string hash;
        byte[]? bytes = null;
        if (_hashes.TryGetValue(path, out var known) && known.Length == info.Length && known.Modified == info.LastWriteTimeUtc) hash = known.Hash;
        else
        {
            try { bytes = await File.ReadAllBytesAsync(path, ct).ConfigureAwait(false); }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { return (null, null); }
            hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
            _hashes[path] = (info.Length, info.LastWriteTimeUtc, hash);
        }

        var cached = _store.FindFace(hash, _engine.Model);
        if (cached is null)
        {
            if (bytes is null)
            {
                try { bytes = await File.ReadAllBytesAsync(path, ct).ConfigureAwait(false); }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { return (null, null); }
            }
            cached = Judge(hash, bytes);
            // A truncated file may still be being copied: judge it again when it changes, and do not cache the verdict.
            if (cached.Rejection != PhotoRejection.TruncatedImage.Code) _store.SaveFace(cached);
        }
        var status = new PhotoStatus(person, photo, hash, cached.Rejection, cached.Detail, now);
        return (status, cached.Embedding is { } e ? new GalleryFace(person, photo, e) : null);
    }

    private CachedFace Judge(string hash, byte[] bytes)
    {
        var verdict = PhotoCheck.Inspect(bytes);
        if (!verdict.IsUsable) return new CachedFace(hash, _engine.Model, null, verdict.Rejection!.Code, verdict.Detail);
        PhotoEnrollment enrollment;
        try { enrollment = _engine.Enroll(bytes); }
        catch (InvalidDataException ex) { return new CachedFace(hash, _engine.Model, null, PhotoRejection.NotAnImage.Code, ex.Message); }
        return new CachedFace(hash, _engine.Model, enrollment.Embedding, enrollment.Rejection?.Code, enrollment.Detail);
    }

    public static string Advice(string code) => PhotoRejection.Find(code)?.Advice ?? "";

    private static bool SameFaces(FaceGallery a, FaceGallery b) =>
        a.Faces.Count == b.Faces.Count && a.Faces.Zip(b.Faces).All(p => p.First.Person == p.Second.Person && p.First.Photo == p.Second.Photo && p.First.Embedding.AsSpan().SequenceEqual(p.Second.Embedding));

    /// <summary>Watches the folder and rescans on changes (debounced) and every rescan interval, until <paramref name="stop"/>.</summary>
    public async Task WatchAsync(CancellationToken stop)
    {
        Directory.CreateDirectory(_folder);
        _watcher = new FileSystemWatcher(_folder) { IncludeSubdirectories = true, NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size };
        _watcher.Created += (_, _) => Poke();
        _watcher.Changed += (_, _) => Poke();
        _watcher.Deleted += (_, _) => Poke();
        _watcher.Renamed += (_, _) => Poke();
        _watcher.Error += (_, _) => Poke();
        _watcher.EnableRaisingEvents = true;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                if (await _changed.WaitAsync(_rescanInterval, stop).ConfigureAwait(false))
                    await Task.Delay(TimeSpan.FromMilliseconds(300), stop).ConfigureAwait(false); // let a copy finish and events settle
                await ScanAsync(stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException) { return; }
            catch (Exception ex) when (ex is SqliteException or IOException or UnauthorizedAccessException)
            {
                _log.WriteLine($"faces: the scan of {_folder} failed ({ex.Message}); the gallery stays as it was until the next change or rescan");
            }
        }
    }

    private void Poke()
    {
        try { _changed.Release(); }
        catch (SemaphoreFullException) { }
    }

    public void Dispose()
    {
        _watcher?.Dispose();
        _changed.Dispose();
        _scanning.Dispose();
    }
}
