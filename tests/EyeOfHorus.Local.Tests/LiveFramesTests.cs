using EyeOfHorus.Local.Frames;
using EyeOfHorus.Local.Live;
using EyeOfHorus.Local.Tracking;
using Microsoft.Extensions.Time.Testing;

namespace EyeOfHorus.Local.Tests;

public class LiveFramesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);
    private static Frame Frame(string camera, long index) => new(camera, index, T0, 4, 4, new byte[Local.Frames.Frame.SizeOf(4, 4)]);
    private static readonly FaceBox Box = new(1, 1, 2, 2);
    private static readonly float[] Embedding = [1, 0];

    [Fact]
    public void A_face_is_named_only_when_its_frames_match_reaches_the_threshold()
    {
        var time = new FakeTimeProvider(T0);
        var live = new LiveFrames(time);
        FrameFace[] faces =
        [
            new(Box, 0.9, null, Embedding, new GalleryMatch("obama", "a.jpg", 90)),       // exactly at the threshold
            new(Box, 0.9, null, Embedding, new GalleryMatch("obama", "a.jpg", 89.99)),    // just below: unknown, its similarity kept
            new(Box, 0.9, null, Embedding, null),                                          // an empty gallery
            new(Box, 0.9, "blurred", null, new GalleryMatch("obama", "a.jpg", 99)),       // unusable: why, never a name
            new(Box, 0.9, null, null, null),                                               // no embedding
        ];
        var frame = Frame("front-door", 3);
        live.Publish(frame, faces, threshold: 90);

        var latest = live.Latest("front-door")!;
        Assert.Same(frame, latest.Frame);
        Assert.Equal(T0, latest.AnalysedAt);
        Assert.Equal(
            [new LiveFace(Box, "obama", 90, null), new LiveFace(Box, null, 89.99, null), new LiveFace(Box, null, null, null),
             new LiveFace(Box, null, null, "blurred"), new LiveFace(Box, null, null, "no embedding")],
            latest.Faces);
        Assert.Null(live.Latest("garage"));
    }

    [Fact]
    public void The_latest_frame_replaces_the_one_before_per_camera()
    {
        var live = new LiveFrames(new FakeTimeProvider(T0));
        live.Publish(Frame("front-door", 1), [], 90);
        live.Publish(Frame("garage", 1), [], 90);
        live.Publish(Frame("front-door", 2), [], 90);
        Assert.Equal((2L, 1L), (live.Latest("front-door")!.Frame.Index, live.Latest("garage")!.Frame.Index));
        Assert.Empty(live.Latest("front-door")!.Faces);
    }

    [Fact]
    public void The_analysis_rate_counts_the_frames_of_the_last_five_seconds_inclusive()
    {
        var time = new FakeTimeProvider(T0);
        var live = new LiveFrames(time);
        Assert.Equal(0, live.AnalysedPerSecond("front-door"));
        for (var i = 0; i < 10; i++)
        {
            live.Publish(Frame("front-door", i), [], 90);
            time.Advance(TimeSpan.FromSeconds(0.5));
        }
        // Frames at 0, 0.5 ... 4.5 s; now 5 s: all ten are within the window, the first exactly at its edge.
        Assert.Equal(2, live.AnalysedPerSecond("front-door"));
        Assert.Equal(0, live.AnalysedPerSecond("garage"));
        time.Advance(TimeSpan.FromTicks(1));
        Assert.Equal(1.8, live.AnalysedPerSecond("front-door"));
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(0, live.AnalysedPerSecond("front-door"));

        // A frame exactly one window old still counts after newer ones were published.
        live.Publish(Frame("front-door", 10), [], 90);
        time.Advance(LiveFrames.RateWindow);
        live.Publish(Frame("front-door", 11), [], 90);
        Assert.Equal(0.4, live.AnalysedPerSecond("front-door"));
    }

    [Fact]
    public void Publishing_needs_a_frame_and_its_faces()
    {
        var live = new LiveFrames();
        Assert.Equal("frame", Assert.Throws<ArgumentNullException>(() => live.Publish(null!, [], 90)).ParamName);
        Assert.Equal("faces", Assert.Throws<ArgumentNullException>(() => live.Publish(Frame("x", 0), null!, 90)).ParamName);
        Assert.Equal(LiveFrames.RateWindow, TimeSpan.FromSeconds(5));
    }
}
