using EyeOfHorus.Aws;

namespace EyeOfHorus.StreamProcessorLifecycle;

/// <summary>A lifecycle step did not finish in time or was refused; the message is what CloudFormation shows.</summary>
public sealed class LifecycleException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>How long the handler may wait in total, and how often it looks again.</summary>
public sealed record LifecycleTiming(TimeSpan Budget, TimeSpan PollInterval)
{
    public static LifecycleTiming Default { get; } = new(TimeSpan.FromMinutes(9), TimeSpan.FromSeconds(5));
}

/// <summary>
/// Owns one face search stream processor from creation to deletion. Every face search setting is
/// create-only, so a changed setting means: stop, wait until STOPPED (STOPPING is not stopped), delete,
/// wait until the name is free again, create, start. Every step first looks at the processor as it is,
/// so a retried or repeated request does no harm. Every wait is bounded by one budget per request.
/// </summary>
/// <remarks>
/// When a processor runs: a new one is started at once; a replacement runs if the one it replaces was
/// running (or failed, i.e. meant to run), and stays stopped if an operator had stopped it
/// (<c>horus processor stop</c>). See the README ("When the stream processor runs").
/// </remarks>
public sealed class ProcessorLifecycle(RekognitionClient rekognition, LifecycleTiming timing, TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    /// <summary>Create (or adopt one left with our name and settings) and start it. Returns its ARN.</summary>
    public Task<string> CreateAsync(ProcessorSpec spec, CancellationToken ct = default) =>
        ConvergeAsync(spec, startIfReplaced: true, Deadline(), ct);

    /// <summary>
    /// Apply new properties: nothing to do if the processor already has them, else replace it. A renamed
    /// processor is deleted first: Rekognition takes one processor per video stream, so the new one
    /// could not be created beside it (CloudFormation's Delete of the old name then finds nothing).
    /// </summary>
    public async Task<string> UpdateAsync(ProcessorSpec spec, string? oldName, CancellationToken ct = default)
    {
        var deadline = Deadline();
        var startIfReplaced = false;
        if (oldName is not null && oldName != spec.Name)
        {
            var old = await DescribeAsync(oldName, ct).ConfigureAwait(false);
            if (old is not null)
            {
                startIfReplaced = old.Status is not "STOPPED";
                await StopAndDeleteAsync(old, deadline, ct).ConfigureAwait(false);
            }
        }
        return await ConvergeAsync(spec, startIfReplaced, deadline, ct).ConfigureAwait(false);
    }

    /// <summary>Stop, wait until stopped, delete, wait until gone. A processor that is not there is already deleted.</summary>
    public async Task DeleteAsync(string name, CancellationToken ct = default)
    {
        var deadline = Deadline();
        var current = await DescribeAsync(name, ct).ConfigureAwait(false);
        if (current is null) return;
        await StopAndDeleteAsync(current, deadline, ct).ConfigureAwait(false);
    }

    private async Task<string> ConvergeAsync(ProcessorSpec spec, bool startIfReplaced, DateTimeOffset deadline, CancellationToken ct)
    {
        var current = await DescribeAsync(spec.Name, ct).ConfigureAwait(false);
        if (current is not null && HasSettings(current, spec))
        {
            // A retried Create, or an Update that changed nothing Rekognition holds.
            if (startIfReplaced && current.Status is "STOPPED" or "FAILED") await StartAsync(spec.Name, deadline, ct).ConfigureAwait(false);
            return current.StreamProcessorArn ?? "";
        }

        var run = current is null || startIfReplaced || current.Status is not "STOPPED";
        if (current is not null) await StopAndDeleteAsync(current, deadline, ct).ConfigureAwait(false);
        var arn = await CreateWhenNameIsFreeAsync(spec, deadline, ct).ConfigureAwait(false);
        if (run) await StartAsync(spec.Name, deadline, ct).ConfigureAwait(false);
        return arn;
    }

    private static bool HasSettings(DescribeStreamProcessorResponse p, ProcessorSpec spec) =>
        p.Settings?.FaceSearch is { } search
        && search.CollectionId == spec.CollectionId
        && search.FaceMatchThreshold is { } threshold && Math.Abs(threshold - spec.FaceMatchThreshold) < 0.001
        && p.Input?.KinesisVideoStream?.Arn == spec.KinesisVideoStreamArn
        && p.Output?.KinesisDataStream?.Arn == spec.KinesisDataStreamArn
        && p.RoleArn == spec.RoleArn
        && p.DataSharingPreference?.OptIn != true;

    private async Task StopAndDeleteAsync(DescribeStreamProcessorResponse current, DateTimeOffset deadline, CancellationToken ct)
    {
        var name = current.Name!;
        var status = await WaitWhileAsync(name, ["UPDATING", "STARTING"], deadline, ct).ConfigureAwait(false);
        if (status is "RUNNING")
        {
            try { await rekognition.StopStreamProcessorAsync(new StopStreamProcessorRequest { Name = name }, ct).ConfigureAwait(false); }
            catch (AwsServiceException e) when (e.ErrorCode is "ResourceInUseException" or "ResourceNotFoundException")
            {
                // Stopped meanwhile, or gone: the waits below find out which.
            }
        }
        if (await WaitWhileAsync(name, ["RUNNING", "STOPPING"], deadline, ct).ConfigureAwait(false) is null) return;

        while (true)
        {
            try
            {
                await rekognition.DeleteStreamProcessorAsync(new DeleteStreamProcessorRequest { Name = name }, ct).ConfigureAwait(false);
                break;
            }
            catch (AwsServiceException e) when (e.ErrorCode == "ResourceNotFoundException")
            {
                return;
            }
            catch (AwsServiceException e) when (e.ErrorCode == "ResourceInUseException")
            {
                await PauseAsync(deadline, $"Stream processor {name} still refuses deletion ({e.ErrorMessage})", ct).ConfigureAwait(false);
            }
        }
        await WaitWhileAsync(name, ["STOPPED", "FAILED", "RUNNING", "STARTING", "STOPPING", "UPDATING"], deadline, ct).ConfigureAwait(false);
    }

    private async Task<string> CreateWhenNameIsFreeAsync(ProcessorSpec spec, DateTimeOffset deadline, CancellationToken ct)
    {
        var request = new CreateStreamProcessorRequest
        {
            Name = spec.Name,
            Input = new StreamProcessorInput { KinesisVideoStream = new KinesisVideoStream { Arn = spec.KinesisVideoStreamArn } },
            Output = new StreamProcessorOutput { KinesisDataStream = new KinesisDataStream { Arn = spec.KinesisDataStreamArn } },
            RoleArn = spec.RoleArn,
            Settings = new StreamProcessorSettings
            {
                FaceSearch = new FaceSearchSettings { CollectionId = spec.CollectionId, FaceMatchThreshold = (float)spec.FaceMatchThreshold },
            },
            DataSharingPreference = new StreamProcessorDataSharingPreference { OptIn = false },
        };
        while (true)
        {
            try
            {
                var created = await rekognition.CreateStreamProcessorAsync(request, ct).ConfigureAwait(false);
                return created.StreamProcessorArn ?? "";
            }
            catch (AwsServiceException e) when (e.ErrorCode == "ResourceInUseException")
            {
                // A just-deleted name is not usable for a few seconds.
                await PauseAsync(deadline, $"The name {spec.Name} did not become free for a new stream processor ({e.ErrorMessage})", ct).ConfigureAwait(false);
            }
            catch (AwsServiceException e) when (e.ErrorCode == "AccessDeniedException")
            {
                throw new LifecycleException(
                    $"Rekognition refused CreateStreamProcessor {spec.Name} ({e.ErrorCode}: {e.ErrorMessage}). Rekognition streaming video is closed to " +
                    "accounts that did not use it in the 12 months before 2026-04-30: deploy with -c recognition=edge instead.", e);
            }
        }
    }

    private async Task StartAsync(string name, DateTimeOffset deadline, CancellationToken ct)
    {
        try { await rekognition.StartStreamProcessorAsync(new StartStreamProcessorRequest { Name = name }, ct).ConfigureAwait(false); }
        catch (AwsServiceException e) when (e.ErrorCode == "ResourceInUseException")
        {
            // Already starting or running (a retried request).
        }
        var status = await WaitWhileAsync(name, ["STARTING", "STOPPED"], deadline, ct).ConfigureAwait(false);
        if (status is not "RUNNING")
            throw new LifecycleException($"Stream processor {name} did not start: it is {status ?? "gone"}. Check its role's access to the video and data streams, then `horus processor start`.");
    }

    /// <summary>Polls until the status is none of <paramref name="statuses"/>; returns it (null: the processor is gone).</summary>
    private async Task<string?> WaitWhileAsync(string name, string[] statuses, DateTimeOffset deadline, CancellationToken ct)
    {
        while (true)
        {
            var status = (await DescribeAsync(name, ct).ConfigureAwait(false))?.Status;
            if (status is null || !statuses.Contains(status)) return status;
            await PauseAsync(deadline, $"Stream processor {name} is still {status}", ct).ConfigureAwait(false);
        }
    }

    private async Task PauseAsync(DateTimeOffset deadline, string what, CancellationToken ct)
    {
        var left = deadline - _clock.GetUtcNow();
        if (left <= TimeSpan.Zero)
            throw new LifecycleException($"{what} after {timing.Budget.TotalSeconds:0.#} s, the most this handler waits. Every step looks at the processor as it is, so deploying again continues from here.");
        await Task.Delay(left < timing.PollInterval ? left : timing.PollInterval, _clock, ct).ConfigureAwait(false);
    }

    private async Task<DescribeStreamProcessorResponse?> DescribeAsync(string name, CancellationToken ct)
    {
        try { return await rekognition.DescribeStreamProcessorAsync(new DescribeStreamProcessorRequest { Name = name }, ct).ConfigureAwait(false); }
        catch (AwsServiceException e) when (e.ErrorCode == "ResourceNotFoundException") { return null; }
        catch (AwsServiceException e) when (e.ErrorCode == "AccessDeniedException")
        {
            throw new LifecycleException(
                $"Rekognition refused DescribeStreamProcessor {name} ({e.ErrorCode}: {e.ErrorMessage}). Rekognition streaming video is closed to " +
                "accounts that did not use it in the 12 months before 2026-04-30: deploy with -c recognition=edge instead.", e);
        }
    }

    private DateTimeOffset Deadline() => _clock.GetUtcNow() + timing.Budget;
}
