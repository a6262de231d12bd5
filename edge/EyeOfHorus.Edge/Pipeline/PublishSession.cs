namespace EyeOfHorus.Edge.Pipeline;

/// <summary>
/// One <c>horus publish</c> run: the pipeline under supervision, the credential hand-off kept
/// fresh beside it, and any attachment (frame analysis) fed with the pipeline's output.
/// </summary>
public sealed class PublishSession
{
    private readonly PipelineSpec _spec;
    private readonly CredentialHandOff? _credentials;
    private readonly IReadOnlyList<IPublishAttachment> _attachments;
    private readonly TextWriter _log;
    private readonly string _gstLaunch;

    public PublishSession(PipelineSpec spec, SupervisorOptions options, CredentialHandOff? credentials = null,
        IReadOnlyList<IPublishAttachment>? attachments = null, TextWriter? log = null, string gstLaunch = GstTools.Launch)
    {
        ArgumentNullException.ThrowIfNull(spec);
        _attachments = attachments ?? [];
        _spec = _attachments.Count > 0 && spec.Analysis is null ? spec with { Analysis = _attachments[0].Branch } : spec;
        _credentials = credentials;
        _log = log ?? TextWriter.Null;
        _gstLaunch = gstLaunch;
        Pipeline = PipelineBuilder.Build(_spec);
        Supervisor = new PipelineSupervisor(options);
        foreach (var attachment in _attachments) Supervisor.OutputLine += (_, line) => attachment.OnOutputLine(line);
    }

    public PipelineSpec Spec => _spec;

    public GstTokens Pipeline { get; }

    public PipelineSupervisor Supervisor { get; }

    /// <summary>The launch for the next start: fresh credentials in the environment or the file.</summary>
    public async ValueTask<PipelineLaunch> PrepareLaunchAsync(CancellationToken cancellationToken)
    {
        IReadOnlyDictionary<string, string?>? environment = null;
        DateTimeOffset? restartBefore = null;
        if (_credentials is not null)
        {
            (environment, restartBefore) = await _credentials.PrepareAsync(cancellationToken).ConfigureAwait(false);
        }
        return PipelineLaunch.ForGstLaunch(Pipeline, printBusMessages: _spec.Analysis is not null, environment, restartBefore, _gstLaunch);
    }

    public async Task<SupervisorOutcome> RunAsync(CancellationToken stop)
    {
        using var background = CancellationTokenSource.CreateLinkedTokenSource(stop);
        var tasks = new List<Task>();
        if (_credentials is not null) tasks.Add(_credentials.KeepFreshAsync(m => _log.WriteLine("horus publish: " + m), background.Token));
        tasks.AddRange(_attachments.Select(a => a.RunAsync(background.Token)));
        try
        {
            return await Supervisor.RunAsync(PrepareLaunchAsync, stop).ConfigureAwait(false);
        }
        finally
        {
            // The pipeline has drained: let the attachments finish with what it produced.
            await background.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(tasks).ConfigureAwait(false);
        }
    }
}
