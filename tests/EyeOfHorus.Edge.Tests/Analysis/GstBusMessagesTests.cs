using EyeOfHorus.Edge.Analysis;

namespace EyeOfHorus.Edge.Tests.Analysis;

public class GstBusMessagesTests
{
    // A line exactly as gst-launch-1.0 -m (GStreamer 1.22) printed it on this machine.
    private const string File = """Got message #113 from element "horus_frames" (element): GstMultiFileSink, filename=(string)/tmp/edgetry/frame-000001.jpg, index=(int)1, timestamp=(guint64)750000000, stream-time=(guint64)750000000, running-time=(guint64)750000000, duration=(guint64)500000000, offset=(guint64)18446744073709551615, offset-end=(guint64)18446744073709551615;""";

    [Fact]
    public void Reads_the_frame_file_with_its_index_and_timestamp()
    {
        Assert.True(GstBusMessages.TryParseFrameFile(File, "horus_frames", out var file));
        Assert.Equal(new SampledFrame(1, TimeSpan.FromMilliseconds(750), "/tmp/edgetry/frame-000001.jpg"), file);
    }

    [Fact]
    public void A_quoted_file_name_is_unescaped()
    {
        const string line = """Got message #5 from element "horus_frames" (element): GstMultiFileSink, filename=(string)"/tmp/my\ frames/frame-000002.jpg", index=(int)2, timestamp=(guint64)1000000000;""";
        Assert.True(GstBusMessages.TryParseFrameFile(line, "horus_frames", out var file));
        Assert.Equal("/tmp/my frames/frame-000002.jpg", file!.Path);
    }

    [Theory]
    [InlineData("""Got message #18 from element "horus_frames" (state-changed): GstMessageStateChanged, old-state=(GstState)null, new-state=(GstState)ready;""")]
    [InlineData("""Got message #113 from element "other_frames" (element): GstMultiFileSink, filename=(string)/tmp/f.jpg, index=(int)1, timestamp=(guint64)0;""")]
    [InlineData("""Got message #113 from element "horus_frames" (element): GstMultiFileSink, filename=(string)/tmp/f.jpg, index=(int)1, timestamp=(guint64)18446744073709551615;""")]
    [InlineData("""Got message #113 from element "horus_frames" (element): GstMultiFileSink, index=(int)1, timestamp=(guint64)0;""")]
    [InlineData("""Got message #43 from element "horus_facedetect" (element): facedetect, timestamp=(guint64)0, faces=(int){  };""")]
    [InlineData("Setting pipeline to PLAYING ...")]
    [InlineData("")]
    public void Other_lines_are_not_frames(string line)
    {
        Assert.False(GstBusMessages.TryParseFrameFile(line, "horus_frames", out _));
    }
}
