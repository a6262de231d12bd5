using EyeOfHorus.Edge.Pipeline;

namespace EyeOfHorus.Edge.Tests.Publish;

public sealed class PipelineModelTests
{
    [Theory]
    [InlineData("auto", typeof(VideoSource.Auto))]
    [InlineData("test", typeof(VideoSource.TestPattern))]
    [InlineData("file:/srv/door.mp4", typeof(VideoSource.VideoFile))]
    [InlineData("rtsp://camera.local:554/stream1", typeof(VideoSource.Rtsp))]
    [InlineData("rtsp://viewer@camera.local/stream1", typeof(VideoSource.Rtsp))]
    [InlineData("/dev/video2", typeof(VideoSource.V4l2Device))]
    [InlineData("avf:1", typeof(VideoSource.AvfDevice))]
    [InlineData("mf:", typeof(VideoSource.MfDevice))]
    public void Sources_parse(string text, Type expected)
    {
        Assert.True(VideoSource.TryParse(text, out var source, out var error), error);
        Assert.IsType(expected, source);
    }

    [Theory]
    [InlineData("rtsp://admin:hunter2@camera.local/stream1", "password")]
    [InlineData("file:", "needs a path")]
    [InlineData("avf:front", "device index")]
    [InlineData("webcam", "unknown source")]
    public void Bad_sources_are_refused_with_the_reason(string text, string reason)
    {
        Assert.False(VideoSource.TryParse(text, out var source, out var error));
        Assert.Null(source);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_encoder_has_no_B_frames_no_look_ahead_and_a_keyframe_every_second_only()
    {
        var spec = new PipelineSpec(new VideoSource.V4l2Device("/dev/video0"), EncodingPresets.LowLatency with { Fps = 15 },
            new PipelineSink.Kvs("eye-of-horus-front-door", "eu-west-1", "/run/horus/kvs-credentials"));

        var tokens = PipelineBuilder.Build(spec).Tokens;

        var encoder = tokens.SkipWhile(t => t != "x264enc").TakeWhile(t => t != "!").ToList();
        Assert.Equal(["x264enc", "bframes=0", "key-int-max=15", "tune=zerolatency", "speed-preset=veryfast", "bitrate=300", "option-string=scenecut=0"], encoder);
        Assert.Contains("video/x-raw,format=I420,width=640,height=480,framerate=15/1", tokens);
        Assert.Contains("video/x-h264,stream-format=avc,alignment=au,profile=baseline", tokens);
        Assert.Equal(["kvssink", "stream-name=eye-of-horus-front-door", "aws-region=eu-west-1", "credential-file-path=/run/horus/kvs-credentials"], tokens.TakeLast(4));
        Assert.Equal(["v4l2src", "device=/dev/video0", "do-timestamp=true"], tokens.Take(3));
    }

    [Fact]
    public void Values_with_spaces_or_quotes_are_quoted_for_gst_launch_and_the_shell()
    {
        var spec = new PipelineSpec(new VideoSource.VideoFile("/srv/my \"door\".mp4"), EncodingPresets.Quality, new PipelineSink.LocalFile("/tmp/out.mkv"));

        var tokens = PipelineBuilder.Build(spec).Tokens;

        Assert.Equal("location=\"/srv/my \\\"door\\\".mp4\"", tokens[1]);
        Assert.Contains("'location=\"/srv/my \\\"door\\\".mp4\"'", GstTokens.ToShellString(tokens), StringComparison.Ordinal);
    }

    [Fact]
    public void Without_an_analysis_branch_there_is_no_tee()
    {
        var spec = new PipelineSpec(new VideoSource.TestPattern(), EncodingPresets.Quality, new PipelineSink.LocalFile("/tmp/a.mp4"));

        var built = PipelineBuilder.Build(spec);

        Assert.DoesNotContain("tee", built.Elements);
        Assert.Equal(["videotestsrc", "videoconvert", "videoscale", "videorate", "x264enc", "mp4mux", "filesink"], built.Elements);
    }

    [Fact]
    public void With_an_analysis_branch_the_encoder_and_the_branch_each_get_a_queue_after_the_tee()
    {
        var branch = new GstTokens().Element("fakesink", ("name", "analysis"));
        var spec = new PipelineSpec(new VideoSource.TestPattern(), EncodingPresets.Quality, new PipelineSink.LocalFile("/tmp/a.mkv"),
            new AnalysisBranch(branch.Tokens, branch.Elements));

        var text = string.Join(' ', PipelineBuilder.Build(spec).Tokens);

        Assert.Contains("framerate=20/1 ! tee name=horus_tee ! queue ! x264enc", text, StringComparison.Ordinal);
        Assert.EndsWith("filesink location=/tmp/a.mkv horus_tee. ! queue leaky=downstream max-size-buffers=1 max-size-bytes=0 max-size-time=0 ! fakesink name=analysis", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(641, 480, 20, 300, "width")]
    [InlineData(640, 0, 20, 300, "height")]
    [InlineData(640, 480, 0, 300, "fps")]
    [InlineData(640, 480, 20, 1, "bitrate")]
    public void Encoding_values_out_of_range_are_named(int width, int height, int fps, int bitrate, string named)
    {
        Assert.StartsWith(named, new EncodingSettings(width, height, fps, bitrate).Validate(), StringComparison.Ordinal);
    }

    [Fact]
    public void Presets_are_the_seeds()
    {
        Assert.Equal(new EncodingSettings(1280, 720, 20, 500), EncodingPresets.Find("quality"));
        Assert.Equal(new EncodingSettings(640, 480, 20, 300), EncodingPresets.Find("low-latency"));
        Assert.Null(EncodingPresets.Find("fast"));
    }
}
