using System.CommandLine;
using Amazon.S3;
using EyeOfHorus.Aws;
using EyeOfHorus.Contract;
using EyeOfHorus.Edge.Configuration;
using EyeOfHorus.Edge.Operator;
using EyeOfHorus.Edge.Pipeline;
using EyeOfHorus.FaceEngine;
using Engine = EyeOfHorus.FaceEngine.FaceEngine;

namespace EyeOfHorus.Edge.Analysis;

/// <summary>The AWS clients the analysis talks through (Rekognition, the data stream, the snapshot bucket).</summary>
public sealed record AnalysisClients(RekognitionClient Rekognition, KinesisClient Kinesis, IAmazonS3 S3);

/// <summary>
/// <c>horus publish --analyze</c>: the edge recognition's frame analysis beside the camera pipeline.
/// On by default when the deploy outputs say Recognition=edge; <c>--analyze false</c> turns it off,
/// <c>--analyze</c> turns it on. The data stream, bucket, collection and face-match threshold come from
/// the deploy outputs; the face engine's models from <c>--models</c> (as for <c>horus run</c>). Missing
/// or altered models stop the run before the pipeline starts (<see cref="FaceModelException"/>: exit 3).
/// </summary>
public sealed class AnalysisExtension : IPublishExtension
{
    private readonly Func<PublishContext, string, AnalysisClients>? _clients;
    private readonly Func<string, Engine>? _loadEngine;

    /// <param name="clients">Makes the clients for a run (tests aim them at local servers); null: the CLI's credential chain and AWS_ENDPOINT_URL_&lt;SERVICE&gt;.</param>
    /// <param name="loadEngine">Gives the face engine for a model folder; the caller keeps it and disposes it. Null: loaded from the folder, disposed with the run.</param>
    public AnalysisExtension(Func<PublishContext, string, AnalysisClients>? clients = null, Func<string, Engine>? loadEngine = null)
    {
        _clients = clients;
        _loadEngine = loadEngine;
    }

    public Option<bool> Analyze { get; } = new("--analyze")
    {
        Description = "Recognise faces at the edge: sample frames, detect faces, search them in the collection and put match records on the data stream " +
                      "(default: on when the deploy outputs say Recognition=edge; --analyze false turns it off)",
    };

    public Option<int> AnalyzeFps { get; } = new("--analyze-fps")
    {
        Description = "Frames per second the analysis samples",
        DefaultValueFactory = _ => 2,
    };

    public Option<string?> Models { get; } = new("--models")
    {
        Description = "With --analyze: the face engine's model folder (default $HORUS_MODELS, else models/ beside horus, else ./models)",
        HelpName = "DIR",
    };

    public Option<string?> State { get; } = new("--state")
    {
        Description = "With --analyze in local mode: where the copy of the faces bucket and its face cache live (default $STATE_DIRECTORY, else ./horus-state)",
        HelpName = "DIR",
    };

    public IReadOnlyList<Option> Options => [Analyze, AnalyzeFps, Models, State];

    public async ValueTask<IPublishAttachment?> AttachAsync(ParseResult parse, PublishContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(context);
        var given = parse.GetResult(Analyze) is { Implicit: false };
        var local = context.Outputs.IsLocalRecognition;
        var enabled = given ? parse.GetValue(Analyze) : context.Outputs.IsEdgeRecognition || local;
        if (!enabled) return null;

        var fps = parse.GetValue(AnalyzeFps);
        if (fps < 1 || fps > context.Encoding.Fps)
            throw new DeployOutputsException($"--analyze-fps must be between 1 and the pipeline's frame rate ({context.Encoding.Fps}), not {fps}");

        var outputs = context.Outputs;
        var missing = new List<string>();
        if (outputs.DataStreamName is null) missing.Add("DataStreamName");
        if (outputs.DataStreamArn is null) missing.Add("DataStreamArn");
        if (outputs.FacesBucket is null) missing.Add("FacesBucket");
        if (outputs.CollectionId is null && !local) missing.Add("CollectionId"); // local mode has no collection
        if (missing.Count > 0)
            throw new DeployOutputsException(
                $"--analyze needs {string.Join(", ", missing)} from the deploy outputs of an edge- or local-recognition stack (deploy with -c recognition=edge or local), " +
                $"or pass --analyze false. {DeployOutputs.DeployHint}");

        var camera = context.Camera ?? (outputs.Cameras.Count == 1 ? outputs.Cameras[0] : outputs.CameraStreams.Count == 1 ? outputs.CameraStreams.Keys.First() : null)
            ?? throw new DeployOutputsException(outputs.Cameras.Count == 0
                ? "--analyze needs the camera's name: pass --camera (the deploy outputs list no cameras)"
                : $"the deploy outputs list several cameras ({string.Join(", ", outputs.Cameras)}): choose one with --camera");
        var videoStream = outputs.VideoStreamFor(camera) ?? ResourceNames.VideoStream(camera);
        var region = context.Region
            ?? throw new DeployOutputsException("AWS region unknown: pass --region, keep the deploy outputs (Region), or set AWS_REGION");

        var models = parse.GetValue(Models) ?? ModelFiles.DefaultDirectory();
        var engine = _loadEngine?.Invoke(models) ?? Engine.Load(models); // FaceModelException: the install hint
        var clients = _clients?.Invoke(context, region) ?? DefaultClients(context, region);
        var config = new AnalysisConfig(camera, outputs.CollectionId ?? "", outputs.DataStreamName!,
            AnalysisSession.VideoStreamArnFor(outputs.DataStreamArn!, videoStream), outputs.FacesBucket, new AnalysisSettings(SampleFps: fps),
            FaceMatchThreshold: (float)outputs.FaceMatchThreshold);
        BucketGallery? gallery = null;
        IFaceSearch search;
        if (local)
        {
            // Local mode: the bucket's photos mirrored and judged on this host, searched with the same engine.
            var state = parse.GetValue(State) ?? (Environment.GetEnvironmentVariable("STATE_DIRECTORY") is { Length: > 0 } dir ? dir : "horus-state");
            gallery = new BucketGallery(new FacesMirror(clients.S3, outputs.FacesBucket!, state, context.Log), new EyeOfHorus.Local.Gallery.LocalFaceEngine(engine), state, context.Log);
            await gallery.StartAsync(cancellationToken).ConfigureAwait(false);
            search = new LocalFaceSearch(engine, () => gallery.Gallery, config.FaceMatchThreshold);
        }
        else search = AnalysisSession.RekognitionSearch(config, clients.Rekognition, context.Log);
        var session = new AnalysisSession(config, engine, search, clients.Kinesis, clients.S3, context.Log);
        return new AnalysisAttachment(session, clients.S3, _loadEngine is null ? engine : null, gallery);
    }

    private static AnalysisClients DefaultClients(PublishContext context, string region)
    {
        var aws = new OperatorContext(context.Outputs, region, context.Profile, context.Log);
        try
        {
            return new AnalysisClients(aws.Rekognition(), aws.Kinesis(), aws.S3());
        }
        catch (OperatorException ex)
        {
            throw new DeployOutputsException(ex.Message);
        }
    }

    /// <summary>The analysis attached to a publish run.</summary>
    public sealed class AnalysisAttachment(AnalysisSession session, IAmazonS3 s3, IDisposable? ownedEngine, BucketGallery? gallery = null) : IPublishAttachment
    {
        public AnalysisSession Session { get; } = session;

        public AnalysisBranch Branch { get; } = new(session.BranchTokens, AnalysisSession.BranchElements);

        // Bus messages (gst-launch -m) come on stdout; stderr carries only warnings and errors.
        public void OnOutputLine(PipelineOutputLine line)
        {
            ArgumentNullException.ThrowIfNull(line);
            if (!line.IsStandardError) Session.OnPipelineOutput(line.Text);
        }

        /// <summary>Local mode's gallery, synced from the faces bucket while the pipeline runs; null in edge mode.</summary>
        public BucketGallery? Gallery { get; } = gallery;

        public Task RunAsync(CancellationToken stop) =>
            Gallery is null ? Session.RunAsync(stop) : Task.WhenAll(Session.RunAsync(stop), Gallery.RunAsync(stop));

        public ValueTask DisposeAsync()
        {
            Session.Dispose();
            Gallery?.Dispose();
            s3.Dispose();
            ownedEngine?.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
