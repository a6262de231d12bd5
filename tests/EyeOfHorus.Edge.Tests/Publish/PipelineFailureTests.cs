using EyeOfHorus.Edge.Pipeline;

namespace EyeOfHorus.Edge.Tests.Publish;

/// <summary>Lines as gst-launch-1.0 1.22 prints them (v4l2 strings from gst-plugins-good's v4l2_calls.c).</summary>
public sealed class PipelineFailureTests
{
    [Theory]
    [InlineData("ERROR: from element /GstPipeline:pipeline0/GstV4l2Src:v4l2src0: Cannot identify device '/dev/video0'.", PipelineFailureKind.CameraAbsent, "/dev/video0")]
    [InlineData("ERROR: from element /GstPipeline:pipeline0/GstV4l2Src:v4l2src0: Device '/dev/video1' is busy", PipelineFailureKind.CameraBusy, "fuser -v /dev/video1")]
    [InlineData("WARNING: erroneous pipeline: no element \"kvssink\"", PipelineFailureKind.MissingElement, "GST_PLUGIN_PATH")]
    [InlineData("WARNING: erroneous pipeline: no element \"x264enc\"", PipelineFailureKind.MissingElement, "gstreamer1.0-plugins-ugly")]
    [InlineData("WARNING: erroneous pipeline: no property \"nosuchprop\" in element \"videotestsrc\"", PipelineFailureKind.InvalidPipeline, "nosuchprop")]
    [InlineData("ERROR: from element /GstPipeline:pipeline0/GstRTSPSrc:rtspsrc0: Could not open resource for reading and writing.", PipelineFailureKind.RuntimeError, "rtspsrc0")]
    public void Error_lines_are_classified_with_a_fix(string line, PipelineFailureKind kind, string mentioned)
    {
        var failure = PipelineFailure.FromLine(line);

        Assert.NotNull(failure);
        Assert.Equal(kind, failure.Kind);
        Assert.Contains(mentioned, failure.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Permission_denied_on_the_detail_line_of_a_camera_error_means_no_permission()
    {
        string[] output =
        [
            "Setting pipeline to PAUSED ...",
            "ERROR: from element /GstPipeline:pipeline0/GstV4l2Src:v4l2src0: Could not open device '/dev/video0' for reading and writing.",
            "Additional debug info:",
            "../sys/v4l2/v4l2_calls.c(621): gst_v4l2_open (): /GstPipeline:pipeline0/GstV4l2Src:v4l2src0:",
            "system error: Permission denied",
            "ERROR: pipeline doesn't want to preroll.",
        ];

        var failure = output.Aggregate((PipelineFailure?)null, PipelineFailure.Refine);

        Assert.Equal(PipelineFailureKind.CameraPermission, failure!.Kind);
        Assert.Contains("usermod -aG video", failure.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void The_first_error_of_a_run_is_its_cause()
    {
        string[] output =
        [
            "ERROR: from element /GstPipeline:pipeline0/GstFileSrc:filesrc0: Resource not found.",
            "ERROR: from element /GstPipeline:pipeline0/GstFileSrc:filesrc0: GStreamer error: state change failed and some element failed to post a proper error message with the reason for the failure.",
        ];

        var failure = output.Aggregate((PipelineFailure?)null, PipelineFailure.Refine);

        Assert.Equal("filesrc0: Resource not found.", failure!.Message);
    }

    [Theory]
    [InlineData("Setting pipeline to PAUSED ...")]
    [InlineData("Additional debug info:")]
    [InlineData("Got message #12 from element \"horus_facedetect\" (element): facedetect, timestamp=(guint64)0;")]
    public void Other_lines_are_not_failures(string line) => Assert.Null(PipelineFailure.FromLine(line));

    [Fact]
    public void Only_construction_errors_are_permanent()
    {
        Assert.True(new PipelineFailure(PipelineFailureKind.MissingElement, "", null).IsPermanent);
        Assert.True(new PipelineFailure(PipelineFailureKind.InvalidPipeline, "", null).IsPermanent);
        Assert.False(new PipelineFailure(PipelineFailureKind.CameraBusy, "", null).IsPermanent);
        Assert.False(new PipelineFailure(PipelineFailureKind.CameraAbsent, "", null).IsPermanent);
    }

    [Fact]
    public async Task An_absent_camera_is_reported_by_the_real_v4l2src_and_retried()
    {
        var tokens = new GstTokens().Element("v4l2src", ("device", "/dev/video-horus-absent")).Link().Element("fakesink");
        var supervisor = new PipelineSupervisor(new SupervisorOptions { InitialBackoff = TimeSpan.FromMilliseconds(20), MaxRestarts = 1 });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        var outcome = await supervisor.RunAsync(_ => ValueTask.FromResult(PipelineLaunch.ForGstLaunch(tokens)), timeout.Token);

        Assert.Equal(SupervisorOutcomeKind.GaveUp, outcome.Kind);
        Assert.Equal(1, outcome.Restarts);
        Assert.Equal(PipelineFailureKind.CameraAbsent, outcome.LastError!.Kind);
        Assert.Contains("/dev/video-horus-absent", outcome.LastError.Message, StringComparison.Ordinal);
    }
}
