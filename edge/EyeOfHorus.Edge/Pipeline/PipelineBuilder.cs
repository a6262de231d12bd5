using System.Globalization;

namespace EyeOfHorus.Edge.Pipeline;

/// <summary>
/// Renders a <see cref="PipelineSpec"/> as gst-launch-1.0 arguments:
/// <c>&lt;source&gt; ! videoconvert ! videoscale ! videorate ! video/x-raw,format=I420,... [! tee ...] !
/// x264enc ... ! video/x-h264,...,profile=baseline ! &lt;sink&gt;</c>.
/// </summary>
public static class PipelineBuilder
{
    public const string TeeName = "horus_tee";

    public static GstTokens Build(PipelineSpec spec)
    {
        var t = new GstTokens();
        AddSource(t, spec.Source);
        var e = spec.Encoding;
        // videoscale/videorate pass through when the source already has the size and rate; they
        // let a camera or file with another mode negotiate instead of failing with not-negotiated.
        t.Link().Element("videoconvert").Link().Element("videoscale").Link().Element("videorate").Link()
         .Caps(string.Create(CultureInfo.InvariantCulture, $"video/x-raw,format=I420,width={e.Width},height={e.Height},framerate={e.Fps}/1"));

        if (spec.Analysis is { } analysis)
        {
            t.Link().Element("tee", ("name", TeeName)).Link().Element("queue");
        }
        t.Link();
        AddEncoder(t, e);
        t.Link();
        AddSink(t, spec.Sink);

        if (spec.Analysis is { } branch)
        {
            // Leaky: when analysis falls behind it loses frames, the video never waits for it.
            t.Reference(TeeName).Link()
             .Element("queue", ("leaky", "downstream"), ("max-size-buffers", "1"), ("max-size-bytes", "0"), ("max-size-time", "0"))
             .Link()
             .Append(branch.Tokens, branch.Elements);
        }
        return t;
    }

    /// <summary>
    /// Latency-tuned H.264 for KVS and Rekognition: no B-frames and no look-ahead
    /// (tune=zerolatency), a keyframe every second and only then (scenecut=0: x264 otherwise adds
    /// keyframes at scene changes, and every keyframe starts a new, shorter KVS fragment),
    /// Constrained Baseline, AVC with one access unit per buffer as kvssink requires.
    /// </summary>
    public static void AddEncoder(GstTokens t, EncodingSettings e)
    {
        var inv = CultureInfo.InvariantCulture;
        t.Element("x264enc",
                ("bframes", "0"),
                ("key-int-max", e.KeyframeInterval.ToString(inv)),
                ("tune", "zerolatency"),
                ("speed-preset", e.SpeedPreset),
                ("bitrate", e.BitrateKbps.ToString(inv)),
                ("option-string", "scenecut=0"))
         .Link()
         .Caps("video/x-h264,stream-format=avc,alignment=au,profile=baseline");
    }

    /// <summary>The source's own tokens (what comes before <c>! videoconvert</c>), for pipelines other than publish's (<c>horus run</c>).</summary>
    public static IReadOnlyList<string> SourceTokens(VideoSource source)
    {
        var t = new GstTokens();
        AddSource(t, source);
        return t.Tokens;
    }

    private static void AddSource(GstTokens t, VideoSource source)
    {
        switch (source)
        {
            case VideoSource.TestPattern test:
                var props = new List<(string, string)> { ("is-live", "true"), ("pattern", test.Pattern) };
                if (test.FrameCount is { } n) props.Add(("num-buffers", n.ToString(CultureInfo.InvariantCulture)));
                t.Element("videotestsrc", [.. props]);
                break;
            case VideoSource.VideoFile file:
                // clocksync replays the file in real time, as a camera would deliver it.
                t.Element("filesrc", ("location", file.Path)).Link().Element("decodebin").Link().Element("clocksync");
                break;
            case VideoSource.Rtsp rtsp:
                t.Element("rtspsrc", ("location", rtsp.Url.OriginalString), ("latency", "200")).Link().Element("decodebin");
                break;
            case VideoSource.V4l2Device v4l2:
                t.Element("v4l2src", ("device", v4l2.Device), ("do-timestamp", "true"));
                break;
            case VideoSource.AvfDevice avf:
                if (avf.DeviceIndex is { } index) t.Element("avfvideosrc", ("device-index", index.ToString(CultureInfo.InvariantCulture)), ("do-timestamp", "true"));
                else t.Element("avfvideosrc", ("do-timestamp", "true"));
                break;
            case VideoSource.MfDevice mf:
                if (mf.DevicePath is { } path) t.Element("mfvideosrc", ("device-path", path), ("do-timestamp", "true"));
                else t.Element("mfvideosrc", ("do-timestamp", "true"));
                break;
            case VideoSource.Auto:
                throw new InvalidOperationException("Resolve --source auto with SourceDetection before building the pipeline.");
            default:
                throw new InvalidOperationException($"Unhandled source {source.GetType().Name}.");
        }
    }

    private static void AddSink(GstTokens t, PipelineSink sink)
    {
        switch (sink)
        {
            case PipelineSink.Kvs kvs:
                var props = new List<(string, string)> { ("stream-name", kvs.StreamName), ("aws-region", kvs.Region) };
                if (kvs.CredentialFilePath is { } path) props.Add(("credential-file-path", path));
                t.Element("kvssink", [.. props]);
                break;
            case PipelineSink.LocalFile file:
                t.Element(file.IsMp4 ? "mp4mux" : "matroskamux").Link().Element("filesink", ("location", file.Path));
                break;
            default:
                throw new InvalidOperationException($"Unhandled sink {sink.GetType().Name}.");
        }
    }
}
