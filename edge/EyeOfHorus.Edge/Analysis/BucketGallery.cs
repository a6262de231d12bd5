using EyeOfHorus.Local.Gallery;
using EyeOfHorus.Local.State;

namespace EyeOfHorus.Edge.Analysis;

/// <summary>
/// Local mode's authorised faces on the camera host: the faces bucket mirrored into the state folder
/// (<see cref="FacesMirror"/>), judged and embedded by the local engine exactly as <c>horus run</c>
/// judges its faces folder (<see cref="FacesFolder"/>: the FaceIndexer's reasons, embeddings cached by
/// content hash in <c>&lt;state&gt;/bucket-faces.db</c>). Synced every <see cref="Interval"/>, so a photo
/// added or removed in the bucket is seen within a minute.
/// </summary>
public sealed class BucketGallery : IDisposable
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(30);

    private readonly LocalStore _store;
    private readonly TextWriter _log;

    public BucketGallery(FacesMirror mirror, IFaceEngine engine, string stateDirectory, TextWriter? log = null, TimeSpan? interval = null)
    {
        ArgumentNullException.ThrowIfNull(mirror);
        ArgumentNullException.ThrowIfNull(engine);
        Mirror = mirror;
        Engine = engine;
        _log = log ?? TextWriter.Null;
        Interval = interval ?? DefaultInterval;
        _store = new LocalStore(Path.Combine(stateDirectory, "bucket-faces.db"));
        Folder = new FacesFolder(mirror.Folder, engine, _store, _log, rescanInterval: Interval);
    }

    public FacesMirror Mirror { get; }
    public IFaceEngine Engine { get; }
    public FacesFolder Folder { get; }
    public TimeSpan Interval { get; }

    /// <summary>The authorised faces as of the last sync.</summary>
    public FaceGallery Gallery => Folder.Gallery;

    /// <summary>Syncs of this run that reached the bucket, and those that did not.</summary>
    public long OnlineSyncs { get; private set; }
    public long OfflineSyncs { get; private set; }

    /// <summary>The first sync (or, offline, the last one's photos) and the gallery made from it.</summary>
    public async Task StartAsync(CancellationToken ct)
    {
        await SyncAsync(force: true, ct).ConfigureAwait(false);
    }

    /// <summary>Syncs every <see cref="Interval"/> until <paramref name="stop"/>.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
                await SyncAsync(force: false, stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException) { }
    }

    public async Task<MirrorSync> SyncAsync(bool force, CancellationToken ct)
    {
        var sync = await Mirror.SyncAsync(ct).ConfigureAwait(false);
        if (sync.Online) OnlineSyncs++;
        else OfflineSyncs++;
        if (force || sync.Changed) await Folder.ScanAsync(ct).ConfigureAwait(false);
        return sync;
    }

    public void Dispose()
    {
        Folder.Dispose();
        _store.Dispose();
    }
}
