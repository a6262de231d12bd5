using System.CommandLine;
using EyeOfHorus.Aws;
using EyeOfHorus.Contract;
using EyeOfHorus.Edge.Configuration;
using EyeOfHorus.Edge.Operator;
using EyeOfHorus.Edge.Operator.Watch;
using EyeOfHorus.Recognition.Alerts;
using EyeOfHorus.Recognition.Records;

namespace EyeOfHorus.Edge.Commands;

/// <summary><c>horus watch</c>: the match records on the data stream, live, one line per face.</summary>
public static class WatchCommand
{
    public static Command Create()
    {
        var common = new CommonOptions();
        var camera = new Option<string?>("--camera") { Description = "Only faces seen by this camera" };
        var since = new Option<string?>("--since")
        {
            Description = "Start from this time (2026-11-25T08:00:00Z) or this long ago (15m, 2h) instead of now; the stream keeps 24 h",
            HelpName = "TIME",
        };
        var json = new Option<bool>("--json") { Description = "One JSON object per face instead of text" };
        var stream = new Option<string?>("--data-stream") { Description = "Kinesis data stream of match records (default: DataStreamName from the outputs file)", HelpName = "NAME" };
        var watch = new Command("watch", "Print each face the cameras see, as the recognition writes it to the data stream, until Ctrl-C")
        {
            camera, since, json, stream,
        };
        common.AddTo(watch);
        watch.SetAction((parse, ct) => OperatorAction.RunAsync(parse, common, ct, async (context, output, token) =>
        {
            var error = parse.InvocationConfiguration.Error;
            DateTimeOffset? from = null;
            if (parse.GetValue(since) is { } sinceText)
            {
                from = DurationParser.ParseSince(sinceText, DateTimeOffset.UtcNow, out var problem);
                if (from is null) throw new OperatorException(ExitCodes.Usage, problem!);
            }
            var onlyCamera = parse.GetValue(camera);
            var streamName = context.Require(parse.GetValue(stream), context.Outputs.DataStreamName, "--data-stream", StackOutputKeys.DataStreamName);
            if (onlyCamera is not null && context.Outputs.Cameras.Count > 0 && !context.Outputs.Cameras.Contains(onlyCamera))
                await error.WriteLineAsync($"horus: warning: '{onlyCamera}' is not among this deployment's cameras ({string.Join(", ", context.Outputs.Cameras)}).").ConfigureAwait(false);
            var asJson = parse.GetValue(json);

            var reading = new MatchReading(CameraDirectory.FromCameraStreams(context.Outputs.CameraStreams), context.Outputs.FaceMatchThreshold);
            var origin = from is null ? "now" : from.Value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
            var watcher = new ShardWatcher(context.Kinesis(), streamName, from,
                warn: message => error.WriteLine("horus: " + message),
                positioned: shards => error.WriteLine($"watching {streamName} ({shards} shard{(shards == 1 ? "" : "s")}) from {origin}; Ctrl-C to stop."));
            try
            {
                await foreach (var item in watcher.WatchAsync(token).ConfigureAwait(false))
                {
                    var data = item.Record.Data ?? [];
                    if (!MatchRecordCodec.TryDecode(data, out var record, out var problem))
                    {
                        await error.WriteLineAsync($"horus: skipped record {item.Record.SequenceNumber} of {item.ShardId}: {problem}").ConfigureAwait(false);
                        continue;
                    }
                    foreach (var sighting in MatchLines.Sightings(record!, item, reading))
                    {
                        if (onlyCamera is not null && !string.Equals(sighting.Camera, onlyCamera, StringComparison.Ordinal)) continue;
                        await output.WriteLineAsync(asJson ? MatchLines.Json(sighting) : MatchLines.Text(sighting)).ConfigureAwait(false);
                    }
                    await output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                await error.WriteLineAsync("stopped.").ConfigureAwait(false);
                return ExitCodes.Ok;
            }
            catch (AwsServiceException ex) when (ex.ErrorCode == "ResourceNotFoundException")
            {
                throw new OperatorException(ExitCodes.Configuration,
                    $"no data stream {streamName}{OperatorAction.RegionNote(context)}: is the stack deployed in this region and account? {DeployOutputs.DeployHint}", ex);
            }
            return ExitCodes.Ok;
        }));
        return watch;
    }
}
