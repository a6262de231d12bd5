using System.CommandLine;
using EyeOfHorus.Aws;
using EyeOfHorus.Edge.Configuration;
using EyeOfHorus.Edge.Devices;
using EyeOfHorus.Edge.Operator;
using EyeOfHorus.Edge.Pipeline;
using EyeOfHorus.FaceEngine;

namespace EyeOfHorus.Edge.Commands;

/// <summary>
/// <c>horus publish</c>: the camera host's pipeline to Kinesis Video Streams (or a local file),
/// latency-tuned, supervised, credentials kept off the command line.
/// </summary>
public static class PublishCommand
{
    /// <summary>Upper bound of --stop-timeout: Program.cs gives actions this long (plus margin) after Ctrl-C/SIGTERM.</summary>
    public const int MaxStopTimeoutSeconds = 25;

    private sealed class Flags
    {
        public Option<string> Source { get; } = new("--source") { Description = $"Video source: {VideoSource.Syntax}", DefaultValueFactory = _ => "auto", HelpName = "SOURCE" };
        public Option<string> Preset { get; } = new("--preset") { Description = "quality = 1280x720@20 500 kbit/s, low-latency = 640x480@20 300 kbit/s", DefaultValueFactory = _ => EncodingPresets.QualityName };
        public Option<int?> Width { get; } = new("--width") { Description = "Frame width (overrides the preset)" };
        public Option<int?> Height { get; } = new("--height") { Description = "Frame height (overrides the preset)" };
        public Option<int?> Fps { get; } = new("--fps") { Description = "Frames per second; also the keyframe interval in frames (one keyframe a second)" };
        public Option<int?> Bitrate { get; } = new("--bitrate") { Description = "Bitrate in kbit/s (overrides the preset)" };
        public Option<string> SpeedPreset { get; } = new("--speed-preset") { Description = "x264 speed preset (CPU against quality)", DefaultValueFactory = _ => EncodingSettings.DefaultSpeedPreset };
        public Option<string> Sink { get; } = new("--sink") { Description = $"Where the video goes: {PipelineSink.Syntax}", DefaultValueFactory = _ => "kvs", HelpName = "SINK" };
        public Option<string?> VideoStream { get; } = new("--video-stream") { Description = "Kinesis video stream the camera goes to (default: the camera's stream from the deploy outputs)", HelpName = "NAME" };
        public Option<string?> Camera { get; } = new("--camera") { Description = "Camera name from the deploy outputs (needed when it lists several)" };
        public CommonOptions Common { get; } = new();
        public Option<string> Credentials { get; } = new("--credentials") { Description = "How kvssink gets credentials: file (a private file renewed before expiry) or env (its environment; the pipeline restarts before expiry)", DefaultValueFactory = _ => "file" };
        public Option<bool> Print { get; } = new("--print") { Description = "Print the pipeline command (it holds no secret) instead of running it" };
        public Option<int?> MaxRestarts { get; } = new("--max-restarts") { Description = "Give up after this many failures in a row (default: never)" };
        public Option<double> StopTimeout { get; } = new("--stop-timeout") { Description = $"Seconds EOS may take after Ctrl-C/SIGTERM before the pipeline is killed (max {MaxStopTimeoutSeconds})", DefaultValueFactory = _ => 10 };
        public Option<double> StatusInterval { get; } = new("--status-interval") { Description = "Seconds between status lines while running (0: only on changes)", DefaultValueFactory = _ => 60 };

        public IEnumerable<Option> All =>
        [
            Source, Preset, Width, Height, Fps, Bitrate, SpeedPreset, Sink, VideoStream, Camera, Common.Region, Common.Profile, Common.Outputs,
            Credentials, Print, MaxRestarts, StopTimeout, StatusInterval,
        ];
    }

    public static Command Create(params IPublishExtension[] extensions)
    {
        var flags = new Flags();
        var command = new Command("publish",
            "Stream the camera to Kinesis Video Streams with a latency-tuned GStreamer pipeline (H.264 Constrained Baseline, " +
            "no B-frames, no look-ahead, a keyframe every second), restarted with backoff when it fails; Ctrl-C/SIGTERM ends it with EOS.");
        foreach (var option in flags.All) command.Options.Add(option);
        foreach (var option in extensions.SelectMany(e => e.Options)) command.Options.Add(option);
        command.SetAction((parse, ct) => RunAsync(parse, flags, extensions, ct));
        return command;
    }

    private sealed class UsageException(int exitCode, string message) : Exception(message)
    {
        public int ExitCode { get; } = exitCode;
    }

    private static async Task<int> RunAsync(ParseResult parse, Flags flags, IPublishExtension[] extensions, CancellationToken ct)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        try
        {
            return await RunCheckedAsync(parse, flags, extensions, output, error, ct).ConfigureAwait(false);
        }
        catch (UsageException ex)
        {
            await error.WriteLineAsync($"horus publish: {ex.Message}").ConfigureAwait(false);
            return ex.ExitCode;
        }
        catch (DeployOutputsException ex)
        {
            await error.WriteLineAsync($"horus publish: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Configuration;
        }
        catch (FaceModelException ex)
        {
            // --analyze: the face engine's models are missing or altered (the message says how to install them).
            await error.WriteLineAsync($"horus publish: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Configuration;
        }
    }

    private static async Task<int> RunCheckedAsync(ParseResult parse, Flags flags, IPublishExtension[] extensions, TextWriter output, TextWriter error, CancellationToken ct)
    {
        var encoding = ResolveEncoding(parse, flags);
        if (!VideoSource.TryParse(parse.GetValue(flags.Source)!, out var requested, out var sourceError))
            throw new UsageException(ExitCodes.Usage, sourceError!);
        var handOffMode = parse.GetValue(flags.Credentials) switch
        {
            "file" => CredentialHandOffMode.File,
            "env" => CredentialHandOffMode.Environment,
            var other => throw new UsageException(ExitCodes.Usage, $"--credentials must be file or env, not '{other}'"),
        };
        var stopTimeout = parse.GetValue(flags.StopTimeout);
        if (stopTimeout is <= 0 or > MaxStopTimeoutSeconds)
            throw new UsageException(ExitCodes.Usage, $"--stop-timeout must be more than 0 and at most {MaxStopTimeoutSeconds} seconds");
        var maxRestarts = parse.GetValue(flags.MaxRestarts);
        if (maxRestarts is < 0) throw new UsageException(ExitCodes.Usage, "--max-restarts must be 0 or more");
        var statusInterval = parse.GetValue(flags.StatusInterval);
        if (statusInterval < 0) throw new UsageException(ExitCodes.Usage, "--status-interval must be 0 or more");

        var tools = new GstTools();
        var (source, detectError) = await SourceDetection.ResolveAsync(requested!, SourceDetection.Current,
            token => DeviceMonitor.ListCamerasAsync(tools, token), File.Exists, ct).ConfigureAwait(false);
        if (source is null) throw new UsageException(ExitCodes.Preflight, detectError!);

        var sinkText = parse.GetValue(flags.Sink)!;
        var print = parse.GetValue(flags.Print);
        var outputs = DeployOutputs.LoadOrDefault(parse.GetValue(flags.Common.Outputs));
        var camera = parse.GetValue(flags.Camera);
        var profile = parse.GetValue(flags.Common.Profile);
        PipelineSink sink;
        var region = parse.GetValue(flags.Common.Region) ?? outputs.Region
            ?? NonEmpty(Environment.GetEnvironmentVariable("AWS_REGION")) ?? NonEmpty(Environment.GetEnvironmentVariable("AWS_DEFAULT_REGION"));
        var credentialFolder = CredentialHandOff.DefaultPrivateFolder();
        var isKvs = PipelineSink.IsKvs(sinkText);
        if (isKvs)
        {
            var streamName = parse.GetValue(flags.VideoStream) ?? outputs.VideoStreamFor(camera)
                ?? throw new UsageException(ExitCodes.Configuration, MissingStreamMessage(outputs, camera));
            if (region is null)
                throw new UsageException(ExitCodes.Configuration, "AWS region unknown: pass --region, keep the deploy outputs (Region), or set AWS_REGION");
            sink = new PipelineSink.Kvs(streamName, region,
                handOffMode == CredentialHandOffMode.File ? Path.Combine(credentialFolder, CredentialHandOff.FileName) : null);
        }
        else if (PipelineSink.TryParseFile(sinkText, out var fileSink, out var sinkError))
        {
            sink = fileSink!;
        }
        else
        {
            throw new UsageException(ExitCodes.Usage, sinkError!);
        }

        var context = new PublishContext(camera, outputs, region, profile, encoding, error);
        var attachments = new List<IPublishAttachment>();
        CredentialHandOff? handOff = null;
        try
        {
            foreach (var extension in extensions)
            {
                if (await extension.AttachAsync(parse, context, ct).ConfigureAwait(false) is { } attachment) attachments.Add(attachment);
            }
            var spec = new PipelineSpec(source, encoding, sink, attachments.Count > 0 ? attachments[0].Branch : null);
            var pipeline = PipelineBuilder.Build(spec);
            if (print)
            {
                var launch = PipelineLaunch.ForGstLaunch(pipeline, printBusMessages: spec.Analysis is not null);
                await output.WriteLineAsync(launch.CommandLine).ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            var problems = await Preflight.CheckAsync(spec, pipeline, tools, ct).ConfigureAwait(false);
            if (problems.Count > 0)
            {
                foreach (var problem in problems) await error.WriteLineAsync($"horus publish: {problem}").ConfigureAwait(false);
                return ExitCodes.Preflight;
            }

            if (isKvs) handOff = new CredentialHandOff(ResolveCredentials(profile, region!), handOffMode, credentialFolder);
            var options = new SupervisorOptions { StopTimeout = TimeSpan.FromSeconds(stopTimeout), MaxRestarts = maxRestarts };
            var session = new PublishSession(spec, options, handOff, attachments, error);
            await error.WriteLineAsync($"horus publish: {Describe(spec)}").ConfigureAwait(false);
            var outcome = await RunWithStatusAsync(session, error, statusInterval, ct).ConfigureAwait(false);
            return outcome.Kind switch
            {
                SupervisorOutcomeKind.Completed or SupervisorOutcomeKind.Stopped => ExitCodes.Ok,
                SupervisorOutcomeKind.StopTimedOut => ExitCodes.TimedOut,
                SupervisorOutcomeKind.PermanentFailure => ExitCodes.PipelineInvalid,
                SupervisorOutcomeKind.GaveUp => ExitCodes.GaveUp,
                _ => ExitCodes.Unexpected,
            };
        }
        finally
        {
            handOff?.Dispose();
            foreach (var attachment in attachments) await attachment.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>AWSSDK.Core's chain (environment, profiles, SSO, container/instance roles), refreshed before expiry.</summary>
    private static ICredentialSource ResolveCredentials(string? profile, string region)
    {
        try
        {
            return AwsClientOptions.ForCli("kinesisvideo", profile, region).Credentials;
        }
        catch (Exception ex) when (ex is InvalidOperationException or Amazon.Runtime.AmazonClientException)
        {
            throw new UsageException(ExitCodes.Configuration,
                $"no AWS credentials for kvssink: {FirstLine(ex.Message)} Configure a profile (`aws configure` or `aws sso login`, then --profile), " +
                "or on the systemd unit LoadCredential= a credentials file (see the README).");
        }
    }

    private static string FirstLine(string text) => text.Split('\n')[0].Trim();

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static async Task<SupervisorOutcome> RunWithStatusAsync(PublishSession session, TextWriter error, double statusInterval, CancellationToken ct)
    {
        var supervisor = session.Supervisor;
        var gate = new Lock();
        void Print(PipelineStatus status)
        {
            lock (gate) error.WriteLine(StatusLine.Format(status, DateTimeOffset.UtcNow));
        }
        supervisor.StatusChanged += (_, status) => Print(status);
        using var ticker = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var periodic = statusInterval > 0 ? Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(statusInterval));
            try
            {
                while (await timer.WaitForNextTickAsync(ticker.Token).ConfigureAwait(false))
                {
                    if (supervisor.Status.State == PipelineState.Running) Print(supervisor.Status);
                }
            }
            catch (OperationCanceledException)
            {
            }
        }, CancellationToken.None) : Task.CompletedTask;
        try
        {
            return await session.RunAsync(ct).ConfigureAwait(false);
        }
        finally
        {
            await ticker.CancelAsync().ConfigureAwait(false);
            await periodic.ConfigureAwait(false);
        }
    }

    private static EncodingSettings ResolveEncoding(ParseResult parse, Flags flags)
    {
        var presetName = parse.GetValue(flags.Preset)!;
        var preset = EncodingPresets.Find(presetName)
            ?? throw new UsageException(ExitCodes.Usage, $"--preset must be one of {string.Join(", ", EncodingPresets.Names)}, not '{presetName}'");
        var encoding = new EncodingSettings(
            parse.GetValue(flags.Width) ?? preset.Width,
            parse.GetValue(flags.Height) ?? preset.Height,
            parse.GetValue(flags.Fps) ?? preset.Fps,
            parse.GetValue(flags.Bitrate) ?? preset.BitrateKbps,
            parse.GetValue(flags.SpeedPreset)!);
        if (encoding.Validate() is { } problem) throw new UsageException(ExitCodes.Usage, problem);
        return encoding;
    }

    private static string MissingStreamMessage(DeployOutputs outputs, string? camera)
    {
        if (outputs.CameraStreams.Count == 0)
            return $"no video stream: pass --video-stream, or deploy outputs with --outputs. {DeployOutputs.DeployHint}";
        var cameras = string.Join(", ", outputs.CameraStreams.Keys);
        return camera is null
            ? $"the deploy outputs list several cameras ({cameras}): choose one with --camera"
            : $"camera '{camera}' is not in the deploy outputs (cameras: {cameras})";
    }

    private static string DescribeSource(VideoSource source) => source switch
    {
        VideoSource.TestPattern t => $"test pattern ({t.Pattern})",
        VideoSource.VideoFile f => $"file {f.Path}",
        VideoSource.Rtsp r => $"RTSP {r.Url}",
        VideoSource.V4l2Device v => $"camera {v.Device}",
        VideoSource.AvfDevice a => a.DeviceIndex is { } i ? $"camera #{i}" : "default camera",
        VideoSource.MfDevice m => m.DevicePath ?? "default camera",
        _ => source.ToString(),
    };

    private static string Describe(PipelineSpec spec)
    {
        var e = spec.Encoding;
        var to = spec.Sink switch
        {
            PipelineSink.Kvs kvs => $"Kinesis Video stream {kvs.StreamName} in {kvs.Region}",
            PipelineSink.LocalFile file => file.Path,
            _ => "?",
        };
        return $"{DescribeSource(spec.Source)} -> H.264 {e.Width}x{e.Height}@{e.Fps} {e.BitrateKbps} kbit/s, keyframe every {e.KeyframeInterval} frames -> {to}";
    }
}
