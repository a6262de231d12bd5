using System.Globalization;

namespace EyeOfHorus.Edge.Analysis;

/// <summary>
/// The gst-launch tokens of the analysis branch, after the tee's leaky queue: sample the raw
/// frames at <see cref="AnalysisSettings.SampleFps"/>, run OpenCV's Haar face detector on each
/// (it posts a <c>facedetect</c> bus message per frame, with or without faces), and write each
/// sampled frame as a JPEG (<c>multifilesink post-messages=true</c> posts its file name and
/// timestamp). The analyzer pairs the two messages by timestamp. At most <see cref="AnalysisSettings.MaxFrameFiles"/> frames
/// stay on disk: if the analyzer falls behind, the oldest files are deleted by the sink.
/// </summary>
public static class AnalysisBranchTokens
{
    public const string DetectorName = "horus_facedetect";
    public const string FrameSinkName = "horus_frames";

    /// <summary>The element factories the branch needs (for the preflight check).</summary>
    public static IReadOnlyList<string> Elements { get; } = ["videorate", "videoconvert", "facedetect", "jpegenc", "multifilesink"];

    public static IReadOnlyList<string> Build(AnalysisSettings settings, string frameDirectory)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var inv = CultureInfo.InvariantCulture;
        List<string> t =
        [
            // drop-only: never duplicate a frame to fill the rate.
            "videorate", "drop-only=true", "!", $"video/x-raw,framerate={settings.SampleFps.ToString(inv)}/1", "!",
            "videoconvert", "!",
            "facedetect", $"name={DetectorName}", "display=false", "updates=every_frame",
            $"min-size-width={settings.MinFaceSize.ToString(inv)}", $"min-size-height={settings.MinFaceSize.ToString(inv)}",
        ];
        if (settings.CascadeFile is { } cascade) t.Add($"profile={Quote(cascade)}");
        t.AddRange(
        [
            "!", "jpegenc", "quality=90", "!",
            "multifilesink", $"name={FrameSinkName}", $"location={Quote(Path.Combine(frameDirectory, "frame-%06d.jpg"))}",
            "post-messages=true", $"max-files={settings.MaxFrameFiles.ToString(inv)}",
        ]);
        return t;
    }

    // gst-launch reads a property value as one token; quote anything beyond a plain path.
    private static string Quote(string value) =>
        value.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '_' or '-' or '%')
            ? value
            : "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}

/// <param name="SampleFps">Frames per second handed to the detector (the issue's default: 2).</param>
/// <param name="MinFaceSize">Smallest face, in pixels, the detector looks for (Rekognition wants faces of at least ~40 px).</param>
/// <param name="CascadeFile">Haar cascade; null: facedetect's default (Debian's haarcascade_frontalface_default.xml).</param>
/// <param name="MaxFrameFiles">Sampled frames kept on disk at most (the sink deletes the oldest).</param>
public sealed record AnalysisSettings(int SampleFps = 2, int MinFaceSize = 40, string? CascadeFile = null, int MaxFrameFiles = 16);
