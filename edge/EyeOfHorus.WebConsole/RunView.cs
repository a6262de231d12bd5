using EyeOfHorus.Local;
using EyeOfHorus.Local.Frames;
using EyeOfHorus.Local.Gallery;
using EyeOfHorus.Local.Live;
using EyeOfHorus.Local.State;

namespace EyeOfHorus.WebConsole;

/// <summary>
/// What the console reads of a run: its database, its faces folder, its cameras and their latest
/// frames, the snapshot folder and the match threshold. <see cref="Store"/> and <see cref="Faces"/>
/// are null until the run has started (the API answers 503 until then).
/// </summary>
public sealed class RunView(
    Func<LocalStore?> store,
    Func<FacesFolder?> faces,
    Func<IReadOnlyList<CameraFeed>> feeds,
    LiveFrames live,
    string snapshotFolder,
    double threshold)
{
    public static RunView Of(LocalRunner runner, RunPlan plan)
    {
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentNullException.ThrowIfNull(plan);
        bool Started() => runner.Started.Task.IsCompleted;
        return new RunView(
            () => Started() ? runner.Store : null,
            () => Started() ? runner.Faces : null,
            () => Started() ? runner.Feeds : [],
            runner.Live,
            plan.SnapshotFolder,
            plan.Cameras.Count > 0 ? plan.Cameras.Max(c => c.Tracks.MatchThreshold) : EyeOfHorus.Contract.FaceMatching.DefaultThreshold);
    }

    public LocalStore? Store => store();
    public FacesFolder? Faces => faces();
    public IReadOnlyList<CameraFeed> Feeds => feeds();
    public LiveFrames Live => live;
    public string SnapshotFolder { get; } = Path.GetFullPath(snapshotFolder);
    public double Threshold => threshold;
}
