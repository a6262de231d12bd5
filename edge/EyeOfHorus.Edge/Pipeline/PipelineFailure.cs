using System.Text.RegularExpressions;

namespace EyeOfHorus.Edge.Pipeline;

public enum PipelineFailureKind
{
    /// <summary>Exited non-zero with no recognised error line.</summary>
    Unknown,

    /// <summary>gst-launch could not build the pipeline: the same arguments will fail again.</summary>
    InvalidPipeline,

    /// <summary>An element is not installed: the same arguments will fail again.</summary>
    MissingElement,
    CameraAbsent,
    CameraBusy,
    CameraPermission,

    /// <summary>An element reported an error while running (network, stream, device).</summary>
    RuntimeError,
}

/// <summary>Why a pipeline run ended, read from gst-launch's output, with what to do about it.</summary>
public sealed partial record PipelineFailure(PipelineFailureKind Kind, string Message, string? Fix)
{
    /// <summary>Restarting cannot help: the pipeline description itself is wrong or needs a plugin.</summary>
    public bool IsPermanent => Kind is PipelineFailureKind.InvalidPipeline or PipelineFailureKind.MissingElement;

    public override string ToString() => Fix is null ? Message : $"{Message} ({Fix})";

    /// <summary>
    /// Classifies one output line, or null when it says nothing about a failure. The first
    /// element error of a run is the cause; later lines are consequences ("doesn't want to preroll").
    /// </summary>
    public static PipelineFailure? FromLine(string line)
    {
        var m = NoElement().Match(line);
        if (m.Success)
        {
            var element = m.Groups["element"].Value;
            return new PipelineFailure(PipelineFailureKind.MissingElement, $"GStreamer element '{element}' is not installed", GstInstallHints.For(element));
        }
        m = ErroneousPipeline().Match(line);
        if (m.Success)
        {
            return new PipelineFailure(PipelineFailureKind.InvalidPipeline, $"invalid pipeline: {m.Groups["reason"].Value.Trim()}",
                "check the flags; `horus publish --print` shows the pipeline");
        }
        m = CannotIdentifyDevice().Match(line);
        if (m.Success)
        {
            return new PipelineFailure(PipelineFailureKind.CameraAbsent, $"camera {m.Groups["device"].Value} is absent",
                "plug it in or pick another with --source (see `horus devices`)");
        }
        m = DeviceBusy().Match(line);
        if (m.Success)
        {
            return new PipelineFailure(PipelineFailureKind.CameraBusy, $"camera {m.Groups["device"].Value} is busy",
                $"another program holds it; find it with `fuser -v {m.Groups["device"].Value}`");
        }
        if (line.Contains("Permission denied", StringComparison.Ordinal) && line.Contains("/dev/video", StringComparison.Ordinal)
            || CouldNotOpenDevice().IsMatch(line) && line.Contains("Permission denied", StringComparison.Ordinal))
        {
            return new PipelineFailure(PipelineFailureKind.CameraPermission, "no permission to open the camera",
                "add the service user to the 'video' group: `sudo usermod -aG video $USER`");
        }
        m = ElementError().Match(line);
        if (m.Success)
        {
            var path = m.Groups["path"].Value;
            var element = path[(path.LastIndexOf(':') + 1)..];
            return new PipelineFailure(PipelineFailureKind.RuntimeError, $"{element}: {m.Groups["message"].Value.Trim()}", null);
        }
        return null;
    }

    [GeneratedRegex("erroneous pipeline: no element \"(?<element>[^\"]+)\"")]
    private static partial Regex NoElement();

    [GeneratedRegex("erroneous pipeline: (?<reason>.+)$")]
    private static partial Regex ErroneousPipeline();

    [GeneratedRegex("Cannot identify device '(?<device>[^']+)'")]
    private static partial Regex CannotIdentifyDevice();

    [GeneratedRegex("Device '(?<device>[^']+)' is busy")]
    private static partial Regex DeviceBusy();

    [GeneratedRegex("Could not open device '(?<device>[^']+)'")]
    private static partial Regex CouldNotOpenDevice();

    [GeneratedRegex(@"^ERROR: from element (?<path>\S+): (?<message>.+)$")]
    private static partial Regex ElementError();
}
