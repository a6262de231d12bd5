using EyeOfHorus.Contract;
using EyeOfHorus.Local;
using EyeOfHorus.Local.Alerts;
using EyeOfHorus.Local.Frames;
using EyeOfHorus.Local.Tracking;

namespace EyeOfHorus.WebConsole.Tests;

/// <summary>What the console reads of a real <c>horus run</c>: nothing until it has started, then its own store, faces and feeds.</summary>
public sealed class RunViewTests
{
    private static RunCamera Camera(string name, double threshold) =>
        new(new CameraSource(name, ["videotestsrc", "is-live=true"], Finite: false, Width: 8, Height: 8), LocalAlertSettings.Default, TrackRules.Default with { MatchThreshold = threshold });

    [Fact]
    public void The_threshold_is_the_strictest_cameras_or_the_default_without_cameras()
    {
        var root = Path.Combine(Path.GetTempPath(), "horus-view");
        var plan = new RunPlan([Camera("a", 85), Camera("b", 92.5), Camera("c", 88)], Path.Combine(root, "faces"), Path.Combine(root, "state", "..", "state"));
        var runner = new LocalRunner(plan, RealEngine.Engine, TextWriter.Null, TextWriter.Null);
        var view = RunView.Of(runner, plan);
        Assert.Equal(92.5, view.Threshold);
        Assert.Equal(Path.Combine(root, "state", "snapshots"), view.SnapshotFolder);
        Assert.Same(runner.Live, view.Live);

        var none = plan with { Cameras = [] };
        Assert.Equal(FaceMatching.DefaultThreshold, RunView.Of(new LocalRunner(none, RealEngine.Engine, TextWriter.Null, TextWriter.Null), none).Threshold);
        Assert.Throws<ArgumentNullException>(() => RunView.Of(null!, plan));
        Assert.Throws<ArgumentNullException>(() => RunView.Of(runner, null!));
    }

    [Fact]
    public async Task Before_the_run_has_started_the_view_holds_nothing_and_then_the_runs_own_parts()
    {
        var root = Directory.CreateTempSubdirectory("horus-view-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(root, "faces"));
            var plan = new RunPlan([Camera("door", 90)], Path.Combine(root, "faces"), Path.Combine(root, "state"));
            var runner = new LocalRunner(plan, RealEngine.Engine, TextWriter.Null, TextWriter.Null);
            var view = RunView.Of(runner, plan);
            Assert.Null(view.Store);
            Assert.Null(view.Faces);
            Assert.Empty(view.Feeds);

            using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            var running = runner.RunAsync(stop.Token);
            await runner.Started.Task;
            try
            {
                Assert.Same(runner.Store, view.Store);
                Assert.NotNull(view.Store);
                Assert.Same(runner.Faces, view.Faces);
                Assert.NotNull(view.Faces);
                Assert.Equal(["door"], view.Feeds.Select(f => f.Source.Camera));
            }
            finally
            {
                await stop.CancelAsync();
                await running;
            }
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
