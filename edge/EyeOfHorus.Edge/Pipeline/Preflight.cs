namespace EyeOfHorus.Edge.Pipeline;

/// <summary>A reason the pipeline cannot run, and the exact fix.</summary>
public sealed record PreflightProblem(string Problem, string Fix)
{
    public override string ToString() => $"{Problem}\n  fix: {Fix}";
}

/// <summary>One thing preflight looked at (a tool, an element, the camera) and its problem, null when it passed.</summary>
public sealed record PreflightCheck(string Subject, PreflightProblem? Problem)
{
    public bool Passed => Problem is null;
}

/// <summary>
/// Checks before the first start what would make the pipeline fail for sure: GStreamer's tools
/// missing, an element missing (x264enc, kvssink, ...), the camera device absent. A busy camera
/// is only known when the pipeline opens it: <see cref="PipelineFailure"/> reports it at run time.
/// <c>horus publish</c> stops on the problems; <c>horus doctor</c> prints every check.
/// </summary>
public static class Preflight
{
    public static async Task<IReadOnlyList<PreflightProblem>> CheckAsync(PipelineSpec spec, GstTokens pipeline, GstTools tools, CancellationToken cancellationToken)
    {
        var checks = await CheckEachAsync(spec, pipeline, tools, cancellationToken).ConfigureAwait(false);
        return [.. checks.Select(c => c.Problem).OfType<PreflightProblem>()];
    }

    public static async Task<IReadOnlyList<PreflightCheck>> CheckEachAsync(PipelineSpec spec, GstTokens pipeline, GstTools tools, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(tools);
        var checks = new List<PreflightCheck>();
        foreach (var tool in (string[])[GstTools.Launch, GstTools.Inspect])
        {
            checks.Add(new PreflightCheck(tool, tools.Find(tool) is null
                ? new PreflightProblem($"{tool} is not installed (not found on PATH)", GstInstallHints.GstToolsFix)
                : null));
        }

        // Elements can only be looked up with gst-inspect. One at a time: the first gst-inspect may
        // rebuild GStreamer's plugin registry, and several doing it at once only slow each other down.
        if (checks[^1].Passed)
        {
            foreach (var element in pipeline.Elements)
            {
                checks.Add(new PreflightCheck($"element {element}", await tools.ElementExistsAsync(element, cancellationToken).ConfigureAwait(false)
                    ? null
                    : new PreflightProblem($"GStreamer element '{element}' is not installed", GstInstallHints.For(element))));
            }
        }

        if (spec.Source is VideoSource.V4l2Device { Device: var device })
        {
            checks.Add(new PreflightCheck($"camera {device}", File.Exists(device) ? null : new PreflightProblem($"camera {device} is absent",
                "plug the camera in, check `horus devices` for its device, or use --source test to try the pipeline without one")));
        }
        if (spec.Source is VideoSource.VideoFile { Path: var path })
        {
            checks.Add(new PreflightCheck($"video file {path}", File.Exists(path) ? null
                : new PreflightProblem($"video file {path} does not exist", "give an existing file: --source file:PATH")));
        }
        return checks;
    }
}
