using System.Globalization;
using EyeOfHorus.Aws;
using EyeOfHorus.Recognition;
using EyeOfHorus.Recognition.Alerts;
using EyeOfHorus.Recognition.Records;
using BoundingBox = EyeOfHorus.Recognition.Records.BoundingBox;
using EyeOfHorus.Testing.Emulators;
using EyeOfHorus.Testing.Faults;
using EyeOfHorus.Testing.Sns;

namespace EyeOfHorus.MatchAlerter.Tests;

/// <summary>dynalite behind a fault-injecting proxy, the SNS stand-in, and the alerter wired to them.</summary>
public sealed class AlerterHarness : IAsyncLifetime
{
    public const string Topic = "arn:aws:sns:us-east-1:123456789012:eye-of-horus-alerts";
    public const string CameraStreams = "front-door=eye-of-horus-front-door,garage=eye-of-horus-garage";
    private readonly Dynalite _dynalite = new();
    private FaultInjectingProxy? _proxy;
    private int _tables;

    public SnsStandIn Sns { get; } = new();
    public FaultInjectingProxy DynamoProxy => _proxy!;

    /// <summary>dynalite itself, not through the proxy (to read or change items behind the alerter's back).</summary>
    public Uri DynaliteEndpoint => _dynalite.Endpoint;
    public List<string> Log { get; } = [];

    public async Task InitializeAsync()
    {
        await Task.WhenAll(_dynalite.StartAsync(), Sns.StartAsync());
        _proxy = new FaultInjectingProxy(_dynalite.Endpoint);
        await _proxy.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_proxy is not null) await _proxy.DisposeAsync();
        await Sns.DisposeAsync();
        await _dynalite.DisposeAsync();
    }

    /// <summary>The alerter's DynamoDB client, through the fault-injecting proxy.</summary>
    public DynamoDbClient Dynamo(TimeSpan? timeout = null, int maxErrorRetry = 1) =>
        CooldownTables.AlerterClient(_proxy!.Endpoint, timeout, maxErrorRetry);

    public SnsClient SnsClient(TimeSpan? timeout = null, int maxAttempts = 2) => new(new AwsClientOptions
    {
        Region = "us-east-1",
        Credentials = new StaticCredentialSource(new AwsCredentials("AKIDTEST", "test-secret")),
        Endpoint = Sns.Endpoint,
        Timeout = timeout ?? TimeSpan.FromSeconds(5),
        MaxAttempts = maxAttempts,
        RetryBaseDelay = TimeSpan.FromMilliseconds(1),
        RetryMaxDelay = TimeSpan.FromMilliseconds(5),
    });

    /// <summary>Clears what the previous test left (published messages, queued and random faults, the log) and returns a fresh cooldown table.</summary>
    public Task<string> ResetAsync()
    {
        Sns.ClearPublished();
        Sns.ClearQueuedFaults();
        lock (Log) Log.Clear();
        Sns.FaultPolicy = null;
        DynamoProxy.FaultPolicy = null;
        return CreateTableAsync();
    }

    /// <summary>A fresh cooldown table (pk S, on-demand), created without faults.</summary>
    public async Task<string> CreateTableAsync()
    {
        var name = "cooldown-" + Interlocked.Increment(ref _tables).ToString(CultureInfo.InvariantCulture);
        return await CooldownTables.CreateAsync(_dynalite.Endpoint, name);
    }

    public static AlerterConfiguration Configuration(string table, AlertSettings? settings = null, string? snapshotBucket = null) =>
        new(Topic, table, snapshotBucket, CameraDirectory.Parse(CameraStreams), settings ?? new AlertSettings());

    public Function Function(string table, DynamoDbClient dynamo, SnsClient sns, AlertSettings? settings = null, S3PresignedUrls? s3 = null, string? bucket = null, TimeProvider? clock = null) =>
        new(Configuration(table, settings, bucket), dynamo, sns, s3, line => { lock (Log) Log.Add(line); }, clock);
}

/// <summary>Builds stream-processor records and Lambda Kinesis events.</summary>
public static class Records
{
    public static readonly DateTimeOffset Start = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);

    public static string StreamArn(string stream) => $"arn:aws:kinesisvideo:us-east-1:123456789012:stream/{stream}/1604277868692";

    /// <summary>A record with one face: matched to <paramref name="person"/> (null: unknown face) with the given similarity.</summary>
    public static MatchRecord Face(string stream, string? person, DateTimeOffset time, double similarity = 99.1, double confidence = 99.9, double size = 0.3) =>
        Faces(stream, time, (person, similarity, confidence, size));

    /// <summary><paramref name="time"/> is the frame's (the producer's fragment time); the server received it 0.2 s later.</summary>
    public static MatchRecord Faces(string stream, DateTimeOffset time, params (string? Person, double Similarity, double Confidence, double Size)[] faces) =>
        new(new InputInformation(new KinesisVideoFrame(time.ToUnixTimeMilliseconds() / 1000.0 + 0.2, time.ToUnixTimeMilliseconds() / 1000.0, StreamArn(stream),
                "91343852333181432392682062607743920146264156412", 0)),
            faces.Select(f => new FaceSearchResult(
                new DetectedFace(new BoundingBox(f.Size, f.Size, 0.1, 0.1), f.Confidence),
                f.Person is null ? [] : [new MatchedFace(f.Similarity, new CollectionFace(Guid.NewGuid().ToString(), ExternalImageId: FaceNaming.Encode(f.Person, "photo.jpg")))]))
                .ToList(),
            new StreamProcessorInformation("RUNNING"));

    public static string Sequence(long n) => "4959033827149025660855969253836157109592157598" + n.ToString("D10", CultureInfo.InvariantCulture);

    public static KinesisEventRecord Event(long n, byte[] data, string shard = "shardId-000000000000") =>
        new(new KinesisData(Sequence(n), Convert.ToBase64String(data), "p", 1764061200.5), $"{shard}:{Sequence(n)}",
            "arn:aws:kinesis:us-east-1:123456789012:stream/eye-of-horus-matches");

    public static KinesisEventRecord Event(long n, MatchRecord record) => Event(n, MatchRecordCodec.Encode(record));

    public static KinesisEvent Batch(params KinesisEventRecord[] records) => new(records);
}
