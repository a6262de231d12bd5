using System.Text;
using System.Text.Json.Nodes;
using EyeOfHorus.Aws;
using EyeOfHorus.Recognition;
using EyeOfHorus.Testing.Emulators;

namespace EyeOfHorus.Edge.Tests.Operator;

/// <summary><c>horus replay</c>: a stored failed batch (Lambda's S3 on-failure invocation record) back onto kinesalite.</summary>
public sealed class ReplayCliTests : IAsyncLifetime
{
    private const string Stream = "eye-of-horus-matches";
    private readonly Kinesalite _kinesalite = new();
    private KinesisTestKit _kit = null!;
    private OutputsFolder _folder = null!;
    private Dictionary<string, string?> _env = null!;

    public async Task InitializeAsync()
    {
        await _kinesalite.StartAsync();
        _kit = new KinesisTestKit(_kinesalite.Endpoint);
        await _kit.CreateStreamAsync(Stream, 1);
        _folder = new OutputsFolder(new Dictionary<string, string>
        {
            ["Region"] = KinesisTestKit.Region,
            ["Recognition"] = "stream-processor",
            ["DataStreamName"] = Stream,
        });
        _env = HorusProcess.Environment();
        _env["AWS_ENDPOINT_URL_KINESIS"] = _kinesalite.Endpoint.ToString();
    }

    public async Task DisposeAsync()
    {
        _folder.Dispose();
        _kit.Dispose();
        await _kinesalite.DisposeAsync();
    }

    // The invocation record as Lambda stores it: metadata, and the Kinesis event the function got.
    private static string InvocationRecord(bool payloadAsString, params (byte[] Data, string Key)[] records)
    {
        var kinesisEvent = new JsonObject
        {
            ["Records"] = new JsonArray([.. records.Select((r, i) => (JsonNode)new JsonObject
            {
                ["kinesis"] = new JsonObject
                {
                    ["kinesisSchemaVersion"] = "1.0",
                    ["partitionKey"] = r.Key,
                    ["sequenceNumber"] = $"4959033168068728800640617838620310123415240018600{i}",
                    ["data"] = Convert.ToBase64String(r.Data),
                    ["approximateArrivalTimestamp"] = 1764061923.455,
                },
                ["eventSource"] = "aws:kinesis",
                ["eventSourceARN"] = "arn:aws:kinesis:us-east-1:123456789012:stream/eye-of-horus-matches",
            })]),
        };
        return new JsonObject
        {
            ["requestContext"] = new JsonObject { ["requestId"] = "c9b8fa9f", ["condition"] = "RetryAttemptsExhausted", ["approximateInvokeCount"] = 4 },
            ["responseContext"] = new JsonObject { ["statusCode"] = 200, ["executedVersion"] = "$LATEST", ["functionError"] = "Unhandled" },
            ["version"] = "1.0",
            ["timestamp"] = "2026-12-02T09:12:03.455Z",
            ["KinesisBatchInfo"] = new JsonObject { ["shardId"] = "shardId-000000000000", ["batchSize"] = records.Length, ["streamArn"] = "arn:aws:kinesis:us-east-1:123456789012:stream/eye-of-horus-matches" },
            ["payload"] = payloadAsString ? kinesisEvent.ToJsonString() : kinesisEvent,
        }.ToJsonString();
    }

    private async Task<List<(byte[] Data, string Key)>> ReadStreamAsync()
    {
        var shard = (await _kit.ShardsAsync(Stream))[0];
        var iterator = (await _kit.Client.GetShardIteratorAsync(new GetShardIteratorRequest { StreamName = Stream, ShardId = shard.ShardId!, ShardIteratorType = "TRIM_HORIZON" })).ShardIterator!;
        var records = (await _kit.Client.GetRecordsAsync(new GetRecordsRequest { ShardIterator = iterator })).Records ?? [];
        return [.. records.Select(r => (r.Data!, r.PartitionKey!))];
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Puts_every_record_of_the_batch_back_on_the_data_stream_byte_for_byte(bool payloadAsString)
    {
        var alice = Matches.StreamProcessor("eye-of-horus-front-door", FaceNaming.Encode("Alice Smith", "alice.jpg"));
        var unknown = Matches.Edge("garage", null);
        var file = Path.Combine(_folder.Path, "batch.json");
        await File.WriteAllTextAsync(file, InvocationRecord(payloadAsString, (alice, "front-door"), (unknown, "garage")));

        await using var horus = await HorusProcess.RunAsync(_env, _folder.Path, "replay", "batch.json");

        Assert.Equal(0, horus.ExitCode);
        Assert.Equal(["batch.json: 2 records put back on eye-of-horus-matches."], horus.Stdout);
        var onStream = await ReadStreamAsync();
        Assert.Equal([(alice, "front-door"), (unknown, "garage")], onStream.Select(r => (r.Data, r.Key)), new RecordComparer());
    }

    [Fact]
    public async Task A_file_that_is_not_a_stored_batch_is_refused_as_bad_input_and_nothing_is_put()
    {
        var file = Path.Combine(_folder.Path, "queue-message.json");
        // What the old SQS destination kept: metadata only, no records.
        await File.WriteAllTextAsync(file, """{"requestContext":{"condition":"RetryAttemptsExhausted"},"KinesisBatchInfo":{"shardId":"shardId-000000000000"}}""");

        await using var horus = await HorusProcess.RunAsync(_env, _folder.Path, "replay", "queue-message.json");

        Assert.Equal(2, horus.ExitCode);
        Assert.Contains(horus.Stderr, l => l.Contains("is not a stored failed batch: no \"payload\"", StringComparison.Ordinal));
        Assert.Empty(await ReadStreamAsync());
    }

    private sealed class RecordComparer : IEqualityComparer<(byte[] Data, string Key)>
    {
        public bool Equals((byte[] Data, string Key) x, (byte[] Data, string Key) y) => x.Key == y.Key && x.Data.SequenceEqual(y.Data);

        public int GetHashCode((byte[] Data, string Key) obj) => obj.Key.GetHashCode(StringComparison.Ordinal);
    }
}
