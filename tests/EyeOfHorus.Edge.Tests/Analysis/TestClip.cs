using System.Globalization;

namespace EyeOfHorus.Edge.Tests.Analysis;

/// <summary>One segment of the test clip: a still (or two side by side), or a test pattern with no face.</summary>
public sealed record ClipSegment(double Seconds, string? Left = null, string? Right = null, string Pattern = "smpte")
{
    public bool HasFaces => Left is not null;
    public static ClipSegment Blank(double seconds, string pattern = "smpte") => new(seconds, Pattern: pattern);
    public static ClipSegment Face(double seconds, string photo) => new(seconds, photo);
    public static ClipSegment Pair(double seconds, string left, string right) => new(seconds, left, right);
}

/// <summary>
/// Builds the test clip with GStreamer: 640x480 at 20 fps, H.264 (Constrained Baseline, like the
/// camera pipeline) in Matroska, from the face stills (letterboxed) and test patterns, joined with
/// concat. One encoder thread: x264's threaded rate control makes every build of the clip decode to
/// different pixels; with one thread every build is the same clip. Constant quality (not bitrate): at
/// a cut from a test pattern to a face, a bitrate-starved frame is too blocky for the embedder to
/// recognise the person, which a camera, with no cuts, does not produce.
/// </summary>
public static class TestClip
{
    public const int Width = 640, Height = 480, Fps = 20;
    public static string FacesDirectory => Path.Combine(AppContext.BaseDirectory, "Analysis", "faces");
    public static string Photo(string name) => Path.Combine(FacesDirectory, name);

    public static async Task BuildAsync(string path, IReadOnlyList<ClipSegment> segments)
    {
        var inv = CultureInfo.InvariantCulture;
        var args = new List<string>();
        args.AddRange(GstLaunch.Tokens($"-q concat name=c ! videoconvert ! x264enc threads=1 pass=qual quantizer=20 bframes=0 key-int-max={Fps} tune=zerolatency speed-preset=ultrafast ! video/x-h264,profile=baseline ! matroskamux ! filesink"));
        args.Add($"location={path}");
        var i = 0;
        foreach (var s in segments)
        {
            var frames = (int)Math.Round(s.Seconds * Fps);
            if (!s.HasFaces)
            {
                args.AddRange(GstLaunch.Tokens($"videotestsrc num-buffers={frames.ToString(inv)} pattern={s.Pattern} ! {Scale(Width)},framerate={Fps}/1 ! c."));
            }
            else if (s.Right is null)
            {
                args.AddRange(Still(s.Left!, Width, frames));
                args.Add("c.");
            }
            else
            {
                var m = $"m{i++}";
                args.AddRange(GstLaunch.Tokens($"compositor name={m} sink_1::xpos={Width / 2} ! video/x-raw,width={Width},height={Height},framerate={Fps}/1 ! {Scale(Width)} ! c."));
                args.AddRange(Still(s.Left!, Width / 2, frames));
                args.Add($"{m}.");
                args.AddRange(Still(s.Right, Width / 2, frames));
                args.Add($"{m}.");
            }
        }
        await GstLaunch.RunAsync(args, TimeSpan.FromSeconds(60));
    }

    private static string Scale(int width) =>
        $"videoconvert ! videoscale ! video/x-raw,format=I420,width={width},height={Height},pixel-aspect-ratio=1/1";

    private static string[] Still(string photo, int width, int frames) =>
    [
        "filesrc", $"location={Photo(photo)}", "!", "jpegdec", "!",
        .. GstLaunch.Tokens($"{Scale(width)} ! imagefreeze num-buffers={frames} ! video/x-raw,framerate={Fps}/1 !"),
    ];
}
