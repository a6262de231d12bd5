using EyeOfHorus.Edge.Analysis;

namespace EyeOfHorus.Edge.Tests.Analysis;

public class GstBusMessagesTests
{
    // Lines exactly as gst-launch-1.0 -m (GStreamer 1.22) printed them on this machine.
    private const string TwoFaces = """Got message #43 from element "horus_facedetect" (element): facedetect, timestamp=(guint64)1500000000, stream-time=(guint64)1500000000, running-time=(guint64)1500000000, duration=(guint64)500000000, faces=(structure){ "face\,\ x\=\(uint\)337\,\ y\=\(uint\)426\,\ width\=\(uint\)179\,\ height\=\(uint\)179\;", "face\,\ x\=\(uint\)1254\,\ y\=\(uint\)1927\,\ width\=\(uint\)158\,\ height\=\(uint\)158\;" };""";
    private const string NoFace = """Got message #112 from element "horus_facedetect" (element): facedetect, timestamp=(guint64)750000000, stream-time=(guint64)750000000, running-time=(guint64)750000000, duration=(guint64)500000000, faces=(int){  };""";
    private const string File = """Got message #113 from element "horus_frames" (element): GstMultiFileSink, filename=(string)/tmp/edgetry/frame-000001.jpg, index=(int)1, timestamp=(guint64)750000000, stream-time=(guint64)750000000, running-time=(guint64)750000000, duration=(guint64)500000000, offset=(guint64)18446744073709551615, offset-end=(guint64)18446744073709551615;""";

    [Fact]
    public void Reads_every_face_rectangle_and_the_timestamp()
    {
        Assert.True(GstBusMessages.TryParseDetection(TwoFaces, "horus_facedetect", out var detection));
        Assert.Equal(TimeSpan.FromSeconds(1.5), detection!.Timestamp);
        Assert.Equal([new FaceRect(337, 426, 179, 179), new FaceRect(1254, 1927, 158, 158)], detection.Faces);
    }

    [Fact]
    public void A_frame_without_faces_has_an_empty_list()
    {
        Assert.True(GstBusMessages.TryParseDetection(NoFace, "horus_facedetect", out var detection));
        Assert.Equal(TimeSpan.FromMilliseconds(750), detection!.Timestamp);
        Assert.Empty(detection.Faces);
    }

    [Fact]
    public void Face_features_from_extra_cascades_do_not_confuse_the_rectangle()
    {
        // With nose/mouth/eyes cascades installed, each face structure carries more fields.
        const string line = """Got message #9 from element "horus_facedetect" (element): facedetect, timestamp=(guint64)0, faces=(structure){ "face\,\ x\=\(uint\)10\,\ y\=\(uint\)20\,\ width\=\(uint\)30\,\ height\=\(uint\)40\,\ nose-\>x\=\(double\)25\,\ nose-\>y\=\(double\)35\,\ nose-\>width\=\(uint\)5\;" };""";
        Assert.True(GstBusMessages.TryParseDetection(line, "horus_facedetect", out var detection));
        Assert.Equal([new FaceRect(10, 20, 30, 40)], detection!.Faces);
    }

    [Fact]
    public void Reads_the_frame_file_with_its_index_and_timestamp()
    {
        Assert.True(GstBusMessages.TryParseFrameFile(File, "horus_frames", out var file));
        Assert.Equal(new FrameFile(TimeSpan.FromMilliseconds(750), 1, "/tmp/edgetry/frame-000001.jpg"), file);
    }

    [Fact]
    public void A_quoted_file_name_is_unescaped()
    {
        const string line = """Got message #5 from element "horus_frames" (element): GstMultiFileSink, filename=(string)"/tmp/my\ frames/frame-000002.jpg", index=(int)2, timestamp=(guint64)1000000000;""";
        Assert.True(GstBusMessages.TryParseFrameFile(line, "horus_frames", out var file));
        Assert.Equal("/tmp/my frames/frame-000002.jpg", file!.Path);
    }

    [Theory]
    [InlineData("""Got message #18 from element "horus_facedetect" (state-changed): GstMessageStateChanged, old-state=(GstState)null, new-state=(GstState)ready;""")]
    [InlineData("""Got message #43 from element "other_facedetect" (element): facedetect, timestamp=(guint64)0, faces=(int){  };""")]
    [InlineData("""Got message #43 from element "horus_facedetect" (element): facedetect, timestamp=(guint64)18446744073709551615, faces=(int){  };""")]
    [InlineData("Setting pipeline to PLAYING ...")]
    [InlineData("")]
    public void Other_lines_are_not_detections(string line)
    {
        Assert.False(GstBusMessages.TryParseDetection(line, "horus_facedetect", out _));
        Assert.False(GstBusMessages.TryParseFrameFile(line, "horus_frames", out _));
    }

    [Fact]
    public void The_pairer_joins_a_detection_with_the_file_of_the_same_buffer()
    {
        var pairer = new FramePairer("horus_facedetect", "horus_frames");
        Assert.Null(pairer.Accept(TwoFaces));
        Assert.Null(pairer.Accept(NoFace));
        var frame = pairer.Accept(File);
        Assert.NotNull(frame);
        Assert.Equal((1L, TimeSpan.FromMilliseconds(750), "/tmp/edgetry/frame-000001.jpg"), (frame.Index, frame.Timestamp, frame.Path));
        Assert.Empty(frame.Faces);
        // The file of a buffer whose detection never came is counted, not invented.
        Assert.Null(pairer.Accept(File));
        Assert.Equal(1, pairer.Unpaired);
    }
}
