using System.Globalization;

namespace EyeOfHorus.Edge.Analysis;

/// <summary>
/// The gst-launch tokens of the analysis branch, after the tee's leaky queue: sample the raw
/// frames at <see cref="AnalysisSettings.SampleFps"/> and write each sampled frame as a JPEG
/// (<c>multifilesink post-messages=true</c> posts its file name and timestamp on the bus). Faces are
/// found in the process, by the project's face engine (<see cref="FrameAnalyzer"/>): the JPEG is
/// what the analyzer needs anyway (the record's snapshot, the crops it sends), and stdout already
/// carries the bus messages. At most <see cref="AnalysisSettings.MaxFrameFiles"/> frames stay on
/// disk: if the analyzer falls behind, the oldest files are deleted by the sink.
/// </summary>
public static class AnalysisBranchTokens
{
    public const string FrameSinkName = "horus_frames";

    /// <summary>The element factories the branch needs (for the preflight check).</summary>
    public static IReadOnlyList<string> Elements { get; } = ["videorate", "videoconvert", "jpegenc", "multifilesink"];

    public static IReadOnlyList<string> Build(AnalysisSettings settings, string frameDirectory)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var inv = CultureInfo.InvariantCulture;
        return
        [
            // drop-only: never duplicate a frame to fill the rate.
            "videorate", "drop-only=true", "!", $"video/x-raw,framerate={settings.SampleFps.ToString(inv)}/1", "!",
            "videoconvert", "!", "jpegenc", "quality=90", "!",
            "multifilesink", $"name={FrameSinkName}", $"location={Quote(Path.Combine(frameDirectory, "frame-%06d.jpg"))}",
            "post-messages=true", $"max-files={settings.MaxFrameFiles.ToString(inv)}",
        ];
    }

    // gst-launch reads a property value as one token; quote anything beyond a plain path.
    private static string Quote(string value) =>
        value.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '_' or '-' or '%')
            ? value
            : "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}

/// <param name="SampleFps">Frames per second handed to the analyzer (the issue's default: 2).</param>
/// <param name="MaxFrameFiles">Sampled frames kept on disk at most (the sink deletes the oldest).</param>
public sealed record AnalysisSettings(int SampleFps = 2, int MaxFrameFiles = 16);
