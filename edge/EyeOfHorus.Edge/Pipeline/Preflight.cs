namespace EyeOfHorus.Edge.Pipeline;

/// <summary>A reason the pipeline cannot run, and the exact fix.</summary>
public sealed record PreflightProblem(string Problem, string Fix)
{
    public override string ToString() => $"{Problem}\n  fix: {Fix}";
}

/// <summary>
/// Checks before the first start what would make the pipeline fail for sure: GStreamer's tools
/// missing, an element missing (x264enc, kvssink, ...), the camera device absent. A busy camera
/// is only known when the pipeline opens it: <see cref="PipelineFailure"/> reports it at run time.
/// </summary>
public static class Preflight
{
    public static async Task<IReadOnlyList<PreflightProblem>> CheckAsync(PipelineSpec spec, GstTokens pipeline, GstTools tools, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(tools);
        var problems = new List<PreflightProblem>();
        if (tools.Find(GstTools.Launch) is null)
            problems.Add(new PreflightProblem($"{GstTools.Launch} is not installed (not found on PATH)", GstInstallHints.GstToolsFix));
        if (tools.Find(GstTools.Inspect) is null)
        {
            problems.Add(new PreflightProblem($"{GstTools.Inspect} is not installed (not found on PATH)", GstInstallHints.GstToolsFix));
            return problems;
        }

        // One at a time: the first gst-inspect may rebuild GStreamer's plugin registry, and
        // several doing it at once only slow each other down.
        foreach (var element in pipeline.Elements)
        {
            if (!await tools.ElementExistsAsync(element, cancellationToken).ConfigureAwait(false))
                problems.Add(new PreflightProblem($"GStreamer element '{element}' is not installed", GstInstallHints.For(element)));
        }

        if (spec.Source is VideoSource.V4l2Device { Device: var device } && !File.Exists(device))
        {
            problems.Add(new PreflightProblem($"camera {device} is absent",
                "plug the camera in, check `horus devices` for its device, or use --source test to try the pipeline without one"));
        }
        if (spec.Source is VideoSource.VideoFile { Path: var path } && !File.Exists(path))
            problems.Add(new PreflightProblem($"video file {path} does not exist", "give an existing file: --source file:PATH"));
        return problems;
    }
}
