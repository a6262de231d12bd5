using System.Text;
using EyeOfHorus.Testing.Emulators;

namespace EyeOfHorus.Aws.Tests;

public sealed class KinesaliteFixture : IAsyncLifetime
{
    public Kinesalite Emulator { get; } = new();

    public Task InitializeAsync() => Emulator.StartAsync();

    public async Task DisposeAsync() => await Emulator.DisposeAsync();

    public KinesisClient Client() => new(new AwsClientOptions
    {
        Region = "us-east-1",
        Credentials = new StaticCredentialSource(new AwsCredentials("AKIDKINESALITE", "secret", "token")),
        Endpoint = Emulator.Endpoint,
    });

    /// <summary>CreateStream is outside the client's surface: a raw signed call through the same transport.</summary>
    public async Task<string> CreateStreamAsync(int shards)
    {
        string name = "horus-" + Guid.NewGuid().ToString("N")[..12];
        await Client().CallRawAsync("CreateStream", $"{{\"StreamName\":\"{name}\",\"ShardCount\":{shards}}}");
        return name;
    }
}

/// <summary>The Kinesis operations against kinesalite (a real Kinesis wire implementation).</summary>
public sealed class KinesisEmulatorTests(KinesaliteFixture kinesalite) : IClassFixture<KinesaliteFixture>
{
    [Fact]
    public async Task Records_put_one_by_one_and_in_batches_are_read_back_with_their_keys_and_arrival_times()
    {
        string stream = await kinesalite.CreateStreamAsync(shards: 1);
        KinesisClient client = kinesalite.Client();
        DateTimeOffset before = DateTimeOffset.UtcNow.AddSeconds(-5);

        PutRecordResponse single = await client.PutRecordAsync(new PutRecordRequest
        {
            StreamName = stream, PartitionKey = "front-door", Data = Encoding.UTF8.GetBytes("{\"n\":1}"),
        });
        PutRecordsResponse batch = await client.PutRecordsAsync(new PutRecordsRequest
        {
            StreamName = stream,
            Records =
            [
                new PutRecordsRequestEntry { PartitionKey = "garage", Data = [0, 1, 2, 255] },
                new PutRecordsRequestEntry { PartitionKey = "front-door", Data = Encoding.UTF8.GetBytes("{\"n\":3}") },
            ],
        });

        Assert.Equal("shardId-000000000000", single.ShardId);
        Assert.Equal(0, batch.FailedRecordCount);
        Assert.Equal(2, batch.Records!.Count);
        Assert.All(batch.Records, r => Assert.Null(r.ErrorCode));

        ListShardsResponse shards = await client.ListShardsAsync(new ListShardsRequest { StreamName = stream });
        Shard shard = Assert.Single(shards.Shards!);
        GetShardIteratorResponse iterator = await client.GetShardIteratorAsync(new GetShardIteratorRequest
        {
            StreamName = stream, ShardId = shard.ShardId!, ShardIteratorType = "TRIM_HORIZON",
        });
        GetRecordsResponse records = await client.GetRecordsAsync(new GetRecordsRequest { ShardIterator = iterator.ShardIterator!, Limit = 10 });

        Assert.Equal(["front-door", "garage", "front-door"], records.Records!.Select(r => r.PartitionKey));
        Assert.Equal("{\"n\":1}", Encoding.UTF8.GetString(records.Records![0].Data!));
        Assert.Equal([0, 1, 2, 255], records.Records[1].Data!);
        Assert.Equal([single.SequenceNumber, batch.Records[0].SequenceNumber, batch.Records[1].SequenceNumber], records.Records.Select(r => r.SequenceNumber));
        Assert.All(records.Records, r => Assert.InRange(r.ApproximateArrivalTimestamp!.Value, before, DateTimeOffset.UtcNow.AddSeconds(5)));
        Assert.NotNull(records.NextShardIterator);
        Assert.Equal(0, records.MillisBehindLatest);

        GetRecordsResponse next = await client.GetRecordsAsync(new GetRecordsRequest { ShardIterator = records.NextShardIterator! });
        Assert.Empty(next.Records!);
    }

    [Fact]
    public async Task Shards_are_listed_and_AFTER_SEQUENCE_NUMBER_resumes_after_a_record()
    {
        string stream = await kinesalite.CreateStreamAsync(shards: 3);
        KinesisClient client = kinesalite.Client();

        // kinesalite creates a stream's shards asynchronously, even with createStreamMs 0.
        ListShardsResponse shards = await client.ListShardsAsync(new ListShardsRequest { StreamName = stream });
        for (var i = 0; i < 50 && shards.Shards!.Count < 3; i++)
        {
            await Task.Delay(100);
            shards = await client.ListShardsAsync(new ListShardsRequest { StreamName = stream });
        }
        Assert.Equal(["shardId-000000000000", "shardId-000000000001", "shardId-000000000002"], shards.Shards!.Select(s => s.ShardId));
        Assert.All(shards.Shards!, s => Assert.NotNull(s.HashKeyRange!.StartingHashKey));

        PutRecordResponse first = await client.PutRecordAsync(new PutRecordRequest { StreamName = stream, PartitionKey = "k", Data = [1] });
        PutRecordResponse second = await client.PutRecordAsync(new PutRecordRequest { StreamName = stream, PartitionKey = "k", Data = [2] });
        Assert.Equal(first.ShardId, second.ShardId); // same key, same shard

        GetShardIteratorResponse iterator = await client.GetShardIteratorAsync(new GetShardIteratorRequest
        {
            StreamName = stream, ShardId = first.ShardId!, ShardIteratorType = "AFTER_SEQUENCE_NUMBER", StartingSequenceNumber = first.SequenceNumber,
        });
        GetRecordsResponse records = await client.GetRecordsAsync(new GetRecordsRequest { ShardIterator = iterator.ShardIterator! });
        Assert.Equal([2], Assert.Single(records.Records!).Data!);
    }

    [Fact]
    public async Task A_missing_stream_is_a_ResourceNotFoundException_and_not_retried()
    {
        var e = await Assert.ThrowsAsync<AwsServiceException>(() => kinesalite.Client().GetShardIteratorAsync(new GetShardIteratorRequest
        {
            StreamName = "no-such-stream", ShardId = "shardId-000000000000", ShardIteratorType = "LATEST",
        }));

        Assert.Equal(("kinesis", "GetShardIterator", 400, "ResourceNotFoundException"), (e.Service, e.Operation, e.StatusCode, e.ErrorCode));
        Assert.False(e.IsRetryable);
        Assert.NotNull(e.RequestId);
    }

    [Fact]
    public async Task An_invalid_request_is_a_ValidationException()
    {
        string stream = await kinesalite.CreateStreamAsync(shards: 1);
        var e = await Assert.ThrowsAsync<AwsServiceException>(() => kinesalite.Client().PutRecordAsync(new PutRecordRequest
        {
            StreamName = stream, PartitionKey = "", Data = [1],
        }));

        Assert.Equal("ValidationException", e.ErrorCode);
        Assert.False(e.IsRetryable);
    }
}
