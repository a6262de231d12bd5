using System.CommandLine;
using EyeOfHorus.Edge.Configuration;

namespace EyeOfHorus.Edge.Pipeline;

/// <summary>
/// Something that runs beside the pipeline of <c>horus publish</c> (the edge recognition's frame
/// analysis): it adds flags, and when they enable it, a branch at the tee plus a reader of the
/// pipeline's output lines. Register with <c>PublishCommand.Create(extension, ...)</c> in Program.cs.
/// </summary>
public interface IPublishExtension
{
    /// <summary>Flags added to <c>horus publish</c>.</summary>
    IReadOnlyList<Option> Options { get; }

    /// <summary>Null when the flags leave it off. Called once, before preflight and the first start.</summary>
    ValueTask<IPublishAttachment?> AttachAsync(ParseResult parse, PublishContext context, CancellationToken cancellationToken);
}

/// <summary>An enabled extension for one <c>horus publish</c> run.</summary>
public interface IPublishAttachment : IAsyncDisposable
{
    /// <summary>Linked after the tee's leaky queue.</summary>
    AnalysisBranch Branch { get; }

    /// <summary>Every stdout/stderr line of the pipeline process (gst-launch -m bus messages on stdout), on a thread-pool thread.</summary>
    void OnOutputLine(PipelineOutputLine line);

    /// <summary>Runs until <paramref name="stop"/> (after the pipeline has drained).</summary>
    Task RunAsync(CancellationToken stop);
}

/// <summary>What an extension may need to know about the run.</summary>
public sealed record PublishContext(
    string? Camera,
    DeployOutputs Outputs,
    string? Region,
    string? Profile,
    EncodingSettings Encoding,
    TextWriter Log);
