using System.Diagnostics;
using EyeOfHorus.Local.Frames;
using EyeOfHorus.Local.Gallery;
using EyeOfHorus.Local.Tracking;

namespace EyeOfHorus.Local.Tests;

/// <summary>The project's face engine, loaded once from the repository's models/ (scripts/models.sh writes them before the tests).</summary>
internal static class RealEngine
{
    public static string Root { get; } = FindRoot();
    public static string ModelDirectory => Path.Combine(Root, "models");
    private static readonly Lazy<LocalFaceEngine> Shared = new(() => LocalFaceEngine.Load(ModelDirectory));
    public static LocalFaceEngine Engine => Shared.Value;
    public static string Photo(string name) => Path.Combine(AppContext.BaseDirectory, "faces", name);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "EyeOfHorus.sln"))) return dir.FullName;
        throw new InvalidOperationException($"EyeOfHorus.sln not found above {AppContext.BaseDirectory}");
    }
}

/// <summary>Delegates to the real engine and counts the photos it was asked to enroll (to see the content-hash cache work).</summary>
internal sealed class CountingEngine(IFaceEngine inner) : IFaceEngine
{
    private int _enrolled;
    public int Enrolled => _enrolled;
    public string Model => inner.Model;
    public IReadOnlyList<FrameFace> Analyse(Frame frame) => inner.Analyse(frame);
    public PhotoEnrollment Enroll(byte[] photo) { Interlocked.Increment(ref _enrolled); return inner.Enroll(photo); }
    public double Similarity(float[] a, float[] b) => inner.Similarity(a, b);
}

/// <summary>One segment of a test clip: a photo (letterboxed to 640x480) or a test pattern without a face.</summary>
public sealed record ClipPart(double Seconds, string? Photo = null, string Pattern = "smpte");

/// <summary>Builds a 640x480 20 fps H.264 Matroska clip from photos and test patterns with Debian's GStreamer.</summary>
internal static class Clip
{
    public const int Fps = 20;

    public static async Task BuildAsync(string path, IReadOnlyList<ClipPart> parts)
    {
        var args = new List<string>(Tokens("-q concat name=c ! videoconvert ! x264enc threads=1 bframes=0 key-int-max=20 tune=zerolatency speed-preset=ultrafast ! video/x-h264,profile=baseline ! matroskamux ! filesink"))
        {
            $"location={path}",
        };
        const string Scale = "videoconvert ! videoscale ! video/x-raw,format=I420,width=640,height=480,pixel-aspect-ratio=1/1";
        foreach (var p in parts)
        {
            var frames = (int)Math.Round(p.Seconds * Fps);
            if (p.Photo is null) args.AddRange(Tokens($"videotestsrc num-buffers={frames} pattern={p.Pattern} ! {Scale},framerate={Fps}/1 ! c."));
            else
            {
                args.AddRange(["filesrc", $"location={RealEngine.Photo(p.Photo)}", "!", "jpegdec", "!"]);
                args.AddRange(Tokens($"{Scale} ! imagefreeze num-buffers={frames} ! video/x-raw,framerate={Fps}/1 ! c."));
            }
        }
        var start = new ProcessStartInfo("gst-launch-1.0") { RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"building the clip failed: {await stderr}");
    }

    public static IReadOnlyList<string> SourceTokens(string path) => ["filesrc", $"location={path}", "!", "decodebin", "!", "clocksync"];

    private static string[] Tokens(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
