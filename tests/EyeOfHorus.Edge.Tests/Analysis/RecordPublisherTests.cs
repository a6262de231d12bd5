using Amazon.S3.Model;
using EyeOfHorus.Aws;
using EyeOfHorus.Edge.Analysis;
using EyeOfHorus.Recognition.Records;
using EyeOfHorus.Testing.Emulators;
using BoundingBox = EyeOfHorus.Recognition.Records.BoundingBox;

namespace EyeOfHorus.Edge.Tests.Analysis;

/// <summary>kinesalite and s3rver, started once for a test class.</summary>
public sealed class LocalEmulators : IAsyncLifetime
{
    public const string Bucket = "horus-faces";
    public Kinesalite Kinesalite { get; } = new();
    public S3rver S3rver { get; } = new(Bucket);

    public Task InitializeAsync() => Task.WhenAll(Kinesalite.StartAsync(), S3rver.StartAsync());

    public async Task DisposeAsync()
    {
        await Kinesalite.DisposeAsync();
        await S3rver.DisposeAsync();
    }
}

/// <summary>The record queue against kinesalite and s3rver, with the network switched off by the test.</summary>
public sealed class RecordPublisherTests(LocalEmulators emulators) : IClassFixture<LocalEmulators>, IAsyncLifetime
{
    private const string Bucket = LocalEmulators.Bucket;
    private readonly string Stream = "matches-" + Guid.NewGuid().ToString("N")[..8];
    private readonly Kinesalite _kinesalite = emulators.Kinesalite;
    private readonly S3rver _s3rver = emulators.S3rver;

    public Task InitializeAsync() => LocalAws.CreateStreamAsync(_kinesalite.Endpoint, Stream);

    public Task DisposeAsync() => Task.CompletedTask;

    private static PendingRecord Pending(int n, string camera = "front-door") => new(
        new MatchRecord(
            new InputInformation(new KinesisVideoFrame(ServerTimestamp: 1.7e9 + n, ProducerTimestamp: 1.7e9 + n, StreamArn: "arn:aws:kinesisvideo:us-east-1:123456789012:stream/eye-of-horus-front-door/0", FrameOffsetInSeconds: 0.5)),
            [new FaceSearchResult(new DetectedFace(new BoundingBox(0.2, 0.2, 0.4, 0.1), 99.9), [])],
            new StreamProcessorInformation("RUNNING"),
            new EdgeInformation(camera)),
        [0xFF, 0xD8, 0xFF, (byte)n],
        $"snapshots/{camera}/frame-{n:D3}.jpg");


    private static int NumberOf(EyeOfHorus.Aws.Record r)
    {
        Assert.True(MatchRecordCodec.TryDecode(r.Data, out var record, out var error), error);
        return (int)(record!.InputInformation.KinesisVideo.ProducerTimestamp - 1.7e9);
    }

    [Fact]
    public async Task Records_are_put_in_order_with_the_camera_as_partition_key_and_their_snapshot_stored()
    {
        using var s3 = LocalAws.S3(_s3rver.Endpoint);
        var kinesis = new KinesisClient(LocalAws.Options(_kinesalite.Endpoint));
        var log = new StringWriter();
        var publisher = new RecordPublisher(kinesis, Stream, s3, Bucket, capacity: 16, log: log);
        for (var n = 0; n < 10; n++) publisher.Enqueue(Pending(n));
        using var stop = new CancellationTokenSource();
        var run = publisher.RunAsync(stop.Token);
        Assert.True(await publisher.DrainAsync(TimeSpan.FromSeconds(20)));
        await stop.CancelAsync();
        await run;

        Assert.True(log.ToString().Length == 0, log.ToString());
        var records = await LocalAws.ReadAllAsync(kinesis, Stream);
        Assert.Equal(Enumerable.Range(0, 10), records.Select(NumberOf));
        Assert.All(records, r => Assert.Equal("front-door", r.PartitionKey));
        Assert.True(MatchRecordCodec.TryDecode(records[3].Data, out var third, out _));
        Assert.Equal("snapshots/front-door/frame-003.jpg", third!.EdgeInformation!.SnapshotKey);
        using var snapshot = await s3.GetObjectAsync(Bucket, "snapshots/front-door/frame-003.jpg");
        using var body = new MemoryStream();
        await snapshot.ResponseStream.CopyToAsync(body);
        Assert.Equal(new byte[] { 0xFF, 0xD8, 0xFF, 3 }, body.ToArray());
        Assert.Equal(new PublisherCounters(10, 10, 0, 0, 0, 0), publisher.Counters);
    }

    [Fact]
    public async Task During_an_outage_memory_stays_bounded_the_oldest_records_are_dropped_and_the_rest_arrive_in_order()
    {
        using var network = new NetworkSwitch { Down = true };
        using var http = new HttpClient(network);
        var kinesis = new KinesisClient(LocalAws.Options(_kinesalite.Endpoint, http, maxAttempts: 2));
        var publisher = new RecordPublisher(kinesis, Stream, s3: null, bucket: null, capacity: 5, retryDelay: TimeSpan.FromMilliseconds(50));
        using var stop = new CancellationTokenSource();
        var run = publisher.RunAsync(stop.Token);

        publisher.Enqueue(Pending(0));
        while (network.Refused == 0) await Task.Delay(10); // record 0 is in flight, failing
        for (var n = 1; n <= 20; n++) publisher.Enqueue(Pending(n));
        Assert.Equal(5, publisher.Waiting);                 // bounded
        Assert.Equal(15, publisher.Counters.DroppedOldest); // 1..15 dropped, oldest first

        while (publisher.Counters.RetriedPuts == 0) await Task.Delay(10); // the client gave up on record 0 at least once
        network.Down = false;
        Assert.True(await publisher.DrainAsync(TimeSpan.FromSeconds(20)));
        await stop.CancelAsync();
        await run;

        var records = await LocalAws.ReadAllAsync(new KinesisClient(LocalAws.Options(_kinesalite.Endpoint)), Stream);
        Assert.Equal([0, 16, 17, 18, 19, 20], records.Select(NumberOf));
        var counters = publisher.Counters;
        Assert.Equal((21L, 6L, 15L, 0L), (counters.Enqueued, counters.Published, counters.DroppedOldest, counters.Rejected));
        Assert.True(counters.RetriedPuts >= 1);
    }

    [Fact]
    public async Task A_record_the_service_rejects_for_good_is_counted_and_does_not_block_the_next()
    {
        var kinesis = new KinesisClient(LocalAws.Options(_kinesalite.Endpoint));
        var publisher = new RecordPublisher(kinesis, "no-such-stream", s3: null, bucket: null);
        publisher.Enqueue(Pending(1));
        publisher.Enqueue(Pending(2));
        using var stop = new CancellationTokenSource();
        var run = publisher.RunAsync(stop.Token);
        Assert.True(await publisher.DrainAsync(TimeSpan.FromSeconds(20)));
        await stop.CancelAsync();
        await run;
        Assert.Equal(new PublisherCounters(2, 0, 0, 2, 0, 0), publisher.Counters);
    }

    [Fact]
    public async Task A_snapshot_that_cannot_be_stored_does_not_hold_the_record_back()
    {
        using var s3 = LocalAws.S3(_s3rver.Endpoint);
        var kinesis = new KinesisClient(LocalAws.Options(_kinesalite.Endpoint));
        var publisher = new RecordPublisher(kinesis, Stream, s3, "no-such-bucket");
        publisher.Enqueue(Pending(7));
        using var stop = new CancellationTokenSource();
        var run = publisher.RunAsync(stop.Token);
        Assert.True(await publisher.DrainAsync(TimeSpan.FromSeconds(20)));
        await stop.CancelAsync();
        await run;
        var record = Assert.Single(await LocalAws.ReadAllAsync(kinesis, Stream));
        Assert.True(MatchRecordCodec.TryDecode(record.Data, out var decoded, out _));
        Assert.Null(decoded!.EdgeInformation!.SnapshotKey);
        Assert.Equal(1, publisher.Counters.SnapshotFailures);
    }
}
