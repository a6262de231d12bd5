using System.Globalization;
using Amazon.S3;
using EyeOfHorus.Aws;
using EyeOfHorus.Contract;
using Engine = EyeOfHorus.FaceEngine.FaceEngine;

namespace EyeOfHorus.Edge.Analysis;

/// <summary>Where the edge analysis sends its work (from the deploy outputs and flags).</summary>
/// <param name="DataStreamName">The Kinesis data stream the records go to (output DataStreamName).</param>
/// <param name="SnapshotBucket">The bucket for frame snapshots (output FacesBucket); null: no snapshots.</param>
/// <param name="FaceMatchThreshold">The deployment's threshold (output FaceMatchThreshold): SearchFacesByImage returns matches from it.</param>
/// <param name="CropMargin">How much of a face's size the crop sent to the search adds on every side.</param>
public sealed record AnalysisConfig(
    string Camera,
    string CollectionId,
    string DataStreamName,
    string VideoStreamArn,
    string? SnapshotBucket,
    AnalysisSettings Settings,
    float FaceMatchThreshold = (float)FaceMatching.DefaultThreshold,
    TrackerOptions? Tracker = null,
    double CropMargin = 0.5,
    bool Gating = true,
    int RecordQueueCapacity = 64,
    int FrameBacklog = 4);

/// <summary>
/// What <c>horus publish --analyze</c> runs next to the pipeline: the branch to put after the tee,
/// the handler for the pipeline's stdout lines, and the analyzer and publisher loops. Frames are
/// written to a private temporary folder that is removed at the end. The face engine (loaded once,
/// shared, thread-safe) gates the frames; <paramref name="search"/> identifies the faces it lets through.
/// </summary>
public sealed class AnalysisSession : IDisposable
{
    private readonly RecordPublisher _publisher;
    private readonly TextWriter _log;

    public AnalysisSession(AnalysisConfig config, Engine engine, IFaceSearch search, KinesisClient kinesis, IAmazonS3? s3,
        TextWriter? log = null, TimeProvider? time = null, TimeSpan? retryDelay = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        _log = log ?? TextWriter.Null;
        Config = config;
        FrameDirectory = Directory.CreateTempSubdirectory("horus-frames-").FullName;
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(FrameDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        _publisher = new RecordPublisher(kinesis, config.DataStreamName, s3, config.SnapshotBucket, config.RecordQueueCapacity, retryDelay, time, _log);
        Analyzer = new FrameAnalyzer(
            new AnalyzerOptions(config.Camera, config.VideoStreamArn, config.Gating, config.Tracker, config.FrameBacklog),
            new FaceGate(engine), search, _publisher, time, _log);
        Search = search;
    }

    public AnalysisConfig Config { get; }
    public string FrameDirectory { get; }
    public FrameAnalyzer Analyzer { get; }

    /// <summary>Who the gated faces are (edge mode: <see cref="RekognitionFaceSearch"/>).</summary>
    public IFaceSearch Search { get; }
    public RecordPublisher Publisher => _publisher;

    /// <summary>The gst-launch tokens to link after the tee's leaky queue.</summary>
    public IReadOnlyList<string> BranchTokens => AnalysisBranchTokens.Build(Config.Settings, FrameDirectory);

    public static IReadOnlyList<string> BranchElements => AnalysisBranchTokens.Elements;

    /// <summary>Hand every stdout line of the pipeline process here.</summary>
    public void OnPipelineOutput(string line) => Analyzer.OnBusLine(line);

    /// <summary>Edge mode's search: SearchFacesByImage on the deployment's collection, at its threshold.</summary>
    public static RekognitionFaceSearch RekognitionSearch(AnalysisConfig config, RekognitionClient rekognition, TextWriter? log = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new RekognitionFaceSearch(rekognition, config.CollectionId, config.FaceMatchThreshold, cropMargin: config.CropMargin, log: log);
    }

    /// <summary>Runs until <paramref name="stop"/>; then gives the records already made <paramref name="drainTimeout"/> to reach Kinesis.</summary>
    public async Task RunAsync(CancellationToken stop, TimeSpan? drainTimeout = null)
    {
        using var publishing = new CancellationTokenSource();
        var publisher = _publisher.RunAsync(publishing.Token);
        await Analyzer.RunAsync(stop).ConfigureAwait(false);
        if (!await _publisher.DrainAsync(drainTimeout ?? TimeSpan.FromSeconds(5), CancellationToken.None).ConfigureAwait(false))
            _log.WriteLine($"analysis: stopping with {_publisher.Waiting} record(s) not put");
        await publishing.CancelAsync().ConfigureAwait(false);
        await publisher.ConfigureAwait(false);
        _log.WriteLine(StatusLine);
    }

    public string StatusLine
    {
        get
        {
            var a = Analyzer.Counters;
            var p = _publisher.Counters;
            return string.Create(CultureInfo.InvariantCulture,
                $"analysis: frames {a.Frames} (with faces {a.FramesWithFaces}, dropped {a.FramesDropped + a.UnreadableFrames}), faces not searched (small, blurred, turned, clipped) {a.FacesNotSearched}, searches {a.Searches} (failed {a.SearchFailures}, not a face {a.NotAFace}), records {a.Records}: put {p.Published}, dropped {p.DroppedOldest}, rejected {p.Rejected}, waiting {_publisher.Waiting}");
        }
    }

    /// <summary>
    /// The camera's Kinesis video stream ARN for the records' InputInformation. The deploy outputs
    /// name the stream; the account and region come from the data stream's ARN (same stack). The
    /// stream's creation time, the ARN's last part, is not known at the edge: 0 stands for it.
    /// </summary>
    public static string VideoStreamArnFor(string dataStreamArn, string videoStreamName)
    {
        ArgumentNullException.ThrowIfNull(dataStreamArn);
        var parts = dataStreamArn.Split(':');
        if (parts.Length < 6 || parts[0] != "arn" || parts[2] != "kinesis")
            throw new ArgumentException($"Not a Kinesis data stream ARN: '{dataStreamArn}'.", nameof(dataStreamArn));
        return $"arn:{parts[1]}:kinesisvideo:{parts[3]}:{parts[4]}:stream/{videoStreamName}/0";
    }

    public void Dispose()
    {
        try { Directory.Delete(FrameDirectory, recursive: true); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { }
    }
}
