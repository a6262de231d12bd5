using System.Globalization;
using EyeOfHorus.Aws;
using EyeOfHorus.Edge.Configuration;

namespace EyeOfHorus.Edge.Operator.Processors;

/// <summary>What one command did to one camera's stream processor.</summary>
/// <param name="Outcome">For start/stop: started, stopping, already-running, already-stopped; null for status.</param>
public sealed record ProcessorReport(string Camera, string Name, DescribeStreamProcessorResponse State, string? Outcome = null);

/// <summary>The Rekognition stream processors of the deployment (stream-processor mode), one per camera.</summary>
public sealed class StreamProcessors(RekognitionClient rekognition)
{
    public static readonly string NoStreamingAccess =
        "this AWS account has no access to Rekognition streaming video (stream processors): Amazon closed it to new customers on 2026-04-30 " +
        "(or your identity lacks the rekognition:*StreamProcessor permissions). Use edge recognition instead: " +
        "`npx cdk deploy -c recognition=edge --outputs-file horus.outputs.json`, then run `horus publish` on the camera host; " +
        "it searches faces with the image APIs, which stay open to every account.";

    /// <summary>camera → processor name: the one given by --processor, else the outputs' StreamProcessors (all, or --camera's).</summary>
    public static IReadOnlyList<(string Camera, string Name)> Select(DeployOutputs outputs, string? camera, string? processorName)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        if (processorName is not null) return [(camera ?? "-", processorName)];
        if (outputs.IsEdgeRecognition)
            throw new OperatorException(ExitCodes.Configuration,
                "this deployment uses recognition=edge: there is no stream processor; the camera host recognises faces (`horus publish`). " +
                "Switch with `npx cdk deploy -c recognition=stream-processor --outputs-file horus.outputs.json` if your account has Rekognition streaming.");
        if (outputs.StreamProcessors.Count == 0)
            throw new OperatorException(ExitCodes.Configuration,
                ReferenceEquals(outputs, DeployOutputs.Empty)
                    ? $"No stream processors known: no {DeployOutputs.DefaultFileName} here and no --processor given. {DeployOutputs.DeployHint}"
                    : $"The deploy outputs list no StreamProcessors: is the stack deployed and up to date? {DeployOutputs.DeployHint}");
        if (camera is null) return [.. outputs.StreamProcessors.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => (p.Key, p.Value))];
        return outputs.StreamProcessors.TryGetValue(camera, out var name)
            ? [(camera, name)]
            : throw new OperatorException(ExitCodes.Usage,
                $"No camera '{camera}' in this deployment; cameras: {string.Join(", ", outputs.StreamProcessors.Keys.Order(StringComparer.Ordinal))}.");
    }

    public async Task<ProcessorReport> StatusAsync(string camera, string name, CancellationToken cancellationToken) =>
        new(camera, name, await DescribeAsync(name, cancellationToken).ConfigureAwait(false));

    /// <summary>Starts a stopped or failed processor; one already starting or running is left alone.</summary>
    public async Task<ProcessorReport> StartAsync(string camera, string name, CancellationToken cancellationToken)
    {
        var before = await DescribeAsync(name, cancellationToken).ConfigureAwait(false);
        if (before.Status is "RUNNING" or "STARTING") return new(camera, name, before, "already-running");
        try
        {
            await Guard(() => rekognition.StartStreamProcessorAsync(new StartStreamProcessorRequest { Name = name }, cancellationToken)).ConfigureAwait(false);
        }
        catch (AwsServiceException ex) when (ex.ErrorCode == "ResourceInUseException")
        {
            return new(camera, name, await DescribeAsync(name, cancellationToken).ConfigureAwait(false), "already-running");
        }
        return new(camera, name, await DescribeAsync(name, cancellationToken).ConfigureAwait(false), "started");
    }

    /// <summary>Stops a running processor; one already stopped or stopping is left alone.</summary>
    public async Task<ProcessorReport> StopAsync(string camera, string name, CancellationToken cancellationToken)
    {
        var before = await DescribeAsync(name, cancellationToken).ConfigureAwait(false);
        if (before.Status is not ("RUNNING" or "STARTING")) return new(camera, name, before, "already-stopped");
        try
        {
            await Guard(() => rekognition.StopStreamProcessorAsync(new StopStreamProcessorRequest { Name = name }, cancellationToken)).ConfigureAwait(false);
        }
        catch (AwsServiceException ex) when (ex.ErrorCode == "ResourceInUseException")
        {
            return new(camera, name, await DescribeAsync(name, cancellationToken).ConfigureAwait(false), "already-stopped");
        }
        return new(camera, name, await DescribeAsync(name, cancellationToken).ConfigureAwait(false), "stopping");
    }

    private Task<DescribeStreamProcessorResponse> DescribeAsync(string name, CancellationToken cancellationToken) =>
        Guard(async () =>
        {
            try
            {
                return await rekognition.DescribeStreamProcessorAsync(new DescribeStreamProcessorRequest { Name = name }, cancellationToken).ConfigureAwait(false);
            }
            catch (AwsServiceException ex) when (ex.ErrorCode == "ResourceNotFoundException")
            {
                throw new OperatorException(ExitCodes.Configuration,
                    $"no stream processor named {name} in this region: is the stack deployed here (check --region / the outputs file)? {DeployOutputs.DeployHint}", ex);
            }
        });

    private static async Task<T> Guard<T>(Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (AwsServiceException ex) when (AwsAdvice.IsAccessDenied(ex.ErrorCode))
        {
            throw new OperatorException(ExitCodes.Configuration, NoStreamingAccess + $" ({ex.Operation}: {ex.ErrorCode})", ex);
        }
    }

    public static ProcessorListing Listing(ProcessorReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var s = report.State;
        return new ProcessorListing(report.Camera, report.Name, s.Status, s.StatusMessage, s.Settings?.FaceSearch?.CollectionId,
            s.Settings?.FaceSearch?.FaceMatchThreshold, s.Input?.KinesisVideoStream?.Arn, s.Output?.KinesisDataStream?.Arn,
            s.LastUpdateTimestamp?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
    }
}
