using System.CommandLine;
using EyeOfHorus.Aws;
using EyeOfHorus.Edge.Operator;
using EyeOfHorus.Edge.Operator.Replay;

namespace EyeOfHorus.Edge.Commands;

/// <summary>
/// <c>horus replay FILE</c>: puts the records of a batch the alerter could not process (an object of
/// the failed-batches bucket, downloaded) back on the data stream, where the alerter reads them again.
/// </summary>
public static class ReplayCommand
{
    private const int MaxAttempts = 5;

    public static Command Create()
    {
        var common = new CommonOptions();
        var file = new Argument<FileInfo>("FILE") { Description = "A failed batch: aws s3 cp s3://<FailedBatchesBucket>/<key> FILE" };
        var stream = new Option<string?>("--data-stream") { Description = "Kinesis data stream to put the records on (default: DataStreamName from the outputs file)" };
        var replay = new Command("replay", "Put the records of a stored failed batch back on the data stream, for the alerter to process again")
        {
            file, stream,
        };
        common.AddTo(replay);
        replay.SetAction((parse, ct) => OperatorAction.RunAsync(parse, common, ct, async (context, output, token) =>
        {
            var path = parse.GetValue(file)!;
            IReadOnlyList<StoredRecord> records;
            try { records = FailedBatch.Read(await File.ReadAllBytesAsync(path.FullName, token).ConfigureAwait(false)); }
            catch (IOException e) { throw new OperatorException(ExitCodes.Usage, $"cannot read {path}: {e.Message}", e); }
            catch (InvalidDataException e) { throw new OperatorException(ExitCodes.Usage, $"{path} is not a stored failed batch: {e.Message}", e); }
            var streamName = context.Require(parse.GetValue(stream), context.Outputs.DataStreamName, "--data-stream", "DataStreamName");
            if (records.Count == 0)
            {
                await output.WriteLineAsync($"{path.Name}: no records to replay.").ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            var pending = records.ToList();
            var kinesis = context.Kinesis();
            for (var attempt = 1; pending.Count > 0; attempt++)
            {
                var response = await kinesis.PutRecordsAsync(new PutRecordsRequest
                {
                    StreamName = streamName,
                    Records = [.. pending.Select(r => new PutRecordsRequestEntry { Data = r.Data, PartitionKey = r.PartitionKey })],
                }, token).ConfigureAwait(false);
                // A throttled entry comes back with an ErrorCode: send just those again.
                var results = response.Records ?? [];
                pending = [.. pending.Where((_, i) => i >= results.Count || results[i].ErrorCode is not null)];
                if (pending.Count > 0 && attempt == MaxAttempts)
                    throw new OperatorException(ExitCodes.AwsError,
                        $"{records.Count - pending.Count} of {records.Count} records put on {streamName}; {pending.Count} were refused {MaxAttempts} times ({results.FirstOrDefault(r => r.ErrorCode is not null)?.ErrorCode}). Run the replay again later (the cooldown keeps the alerter from alerting twice).");
                if (pending.Count > 0) await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), token).ConfigureAwait(false);
            }
            await output.WriteLineAsync($"{path.Name}: {records.Count} record{(records.Count == 1 ? "" : "s")} put back on {streamName}.").ConfigureAwait(false);
            return ExitCodes.Ok;
        }));
        return replay;
    }
}
