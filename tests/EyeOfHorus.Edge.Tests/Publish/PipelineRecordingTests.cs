using EyeOfHorus.Edge.Pipeline;

namespace EyeOfHorus.Edge.Tests.Publish;

/// <summary>The real pipeline, Debian's GStreamer, test pattern in, file out, read back.</summary>
public sealed class PipelineRecordingTests
{
    public static TheoryData<string, string> PresetsAndContainers => new()
    {
        { EncodingPresets.LowLatencyName, "mkv" },
        { EncodingPresets.QualityName, "mp4" },
    };

    [Theory]
    [MemberData(nameof(PresetsAndContainers))]
    public async Task Preset_records_constrained_baseline_at_its_size_and_rate_with_a_keyframe_every_second(string preset, string container)
    {
        using var folder = new TempFolder();
        var encoding = EncodingPresets.Find(preset)!;
        var path = folder.File($"out.{container}");
        // 3.5 s of video at the preset's rate: keyframes expected at 0, 1, 2, 3 s.
        var frames = encoding.Fps * 7 / 2;
        var spec = new PipelineSpec(new VideoSource.TestPattern(FrameCount: frames), encoding, new PipelineSink.LocalFile(path));
        var launch = PipelineLaunch.ForGstLaunch(PipelineBuilder.Build(spec));

        var supervisor = new PipelineSupervisor(new SupervisorOptions { MaxRestarts = 0 });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var outcome = await supervisor.RunAsync(_ => ValueTask.FromResult(launch), timeout.Token);

        Assert.Equal(SupervisorOutcomeKind.Completed, outcome.Kind);
        var info = await GstMedia.DiscoverAsync(path);
        Assert.Equal("H.264 (Constrained Baseline Profile)", info.Codec);
        Assert.Equal(encoding.Width, info.Width);
        Assert.Equal(encoding.Height, info.Height);
        Assert.Equal($"{encoding.Fps}/1", info.FrameRate);
        var keyframes = await GstMedia.KeyframeTimesAsync(path);
        Assert.Equal([0.0, 1.0, 2.0, 3.0], keyframes.Select(t => Math.Round(t, 3)));
    }
}

public sealed class AnalysisBranchTests
{
    [Fact]
    public async Task An_analysis_branch_at_the_tee_samples_frames_while_the_recording_stays_intact()
    {
        using var folder = new TempFolder();
        var path = folder.File("out.mkv");
        var branch = new GstTokens()
            .Element("videorate").Link().Caps("video/x-raw,framerate=2/1").Link()
            .Element("jpegenc").Link().Element("multifilesink", ("location", folder.File("frame-%05d.jpg")));
        var encoding = EncodingPresets.LowLatency;
        var spec = new PipelineSpec(new VideoSource.TestPattern(FrameCount: 2 * encoding.Fps), encoding, new PipelineSink.LocalFile(path),
            new AnalysisBranch(branch.Tokens, branch.Elements));
        var tokens = PipelineBuilder.Build(spec);
        Assert.Contains("multifilesink", tokens.Elements);
        Assert.Contains("tee", tokens.Elements);

        var supervisor = new PipelineSupervisor(new SupervisorOptions { MaxRestarts = 0 });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var outcome = await supervisor.RunAsync(_ => ValueTask.FromResult(PipelineLaunch.ForGstLaunch(tokens)), timeout.Token);

        Assert.Equal(SupervisorOutcomeKind.Completed, outcome.Kind);
        var info = await GstMedia.DiscoverAsync(path);
        Assert.Equal("H.264 (Constrained Baseline Profile)", info.Codec);
        // 2 s sampled at 2 fps: 4 frames, and videorate may add one at each end.
        var jpegs = Directory.GetFiles(folder.Path, "frame-*.jpg");
        Assert.InRange(jpegs.Length, 4, 6);
    }
}
