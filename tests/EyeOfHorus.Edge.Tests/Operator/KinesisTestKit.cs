using System.Collections.Concurrent;
using System.Net;
using System.Numerics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EyeOfHorus.Aws;
using EyeOfHorus.Recognition.Records;

namespace EyeOfHorus.Edge.Tests.Operator;

/// <summary>
/// Kinesis operations the client has no business with (create, split, merge streams), sent to
/// kinesalite as raw Signature V4 signed JSON 1.1 calls, and records put where the test wants them.
/// </summary>
public sealed class KinesisTestKit(Uri endpoint) : IDisposable
{
    // s3rver accepts only its own key pair; kinesalite and the Rekognition stand-in accept any.
    public static readonly AwsCredentials Credentials = new("S3RVER", "S3RVER");
    public const string Region = "us-east-1";
    private readonly HttpClient _http = new();

    public static AwsClientOptions Options(Uri endpoint, HttpClient? http = null, int maxAttempts = 4) => new()
    {
        Region = Region,
        Credentials = new StaticCredentialSource(Credentials),
        Endpoint = endpoint,
        HttpClient = http,
        MaxAttempts = maxAttempts,
        RetryBaseDelay = TimeSpan.FromMilliseconds(10),
        RetryMaxDelay = TimeSpan.FromMilliseconds(50),
    };

    public KinesisClient Client { get; } = new(Options(endpoint));

    public async Task<JsonNode?> CallAsync(string operation, object body)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(body);
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint);
        var headers = new List<KeyValuePair<string, string>>
        {
            new("Host", endpoint.Authority),
            new("Content-Type", "application/x-amz-json-1.1"),
            new("X-Amz-Target", "Kinesis_20131202." + operation),
        };
        var signature = SigV4.Sign(new SigV4Request("POST", "/", "", headers, payload), Credentials, Region, "kinesis", DateTimeOffset.UtcNow);
        request.Content = new ByteArrayContent(payload);
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-amz-json-1.1");
        request.Headers.TryAddWithoutValidation("X-Amz-Target", "Kinesis_20131202." + operation);
        foreach (var (name, value) in signature.AddedHeaders) request.Headers.TryAddWithoutValidation(name, value);
        request.Headers.TryAddWithoutValidation("Authorization", signature.Authorization);
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"{operation}: {(int)response.StatusCode} {text}");
        return text.Length == 0 ? null : JsonNode.Parse(text);
    }

    public async Task CreateStreamAsync(string name, int shards)
    {
        await CallAsync("CreateStream", new { StreamName = name, ShardCount = shards });
        await WaitActiveAsync(name);
    }

    public async Task SplitShardAsync(string stream, string shardId, BigInteger newStartingHashKey)
    {
        await CallAsync("SplitShard", new { StreamName = stream, ShardToSplit = shardId, NewStartingHashKey = newStartingHashKey.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        await WaitActiveAsync(stream);
    }

    public async Task MergeShardsAsync(string stream, string shardId, string adjacentShardId)
    {
        await CallAsync("MergeShards", new { StreamName = stream, ShardToMerge = shardId, AdjacentShardToMerge = adjacentShardId });
        await WaitActiveAsync(stream);
    }

    private async Task WaitActiveAsync(string stream)
    {
        for (var i = 0; i < 200; i++)
        {
            var summary = await CallAsync("DescribeStreamSummary", new { StreamName = stream });
            if ((string?)summary?["StreamDescriptionSummary"]?["StreamStatus"] == "ACTIVE") return;
            await Task.Delay(25);
        }
        throw new TimeoutException($"Stream {stream} did not become ACTIVE.");
    }

    public async Task<IReadOnlyList<Shard>> ShardsAsync(string stream) =>
        (await Client.ListShardsAsync(new ListShardsRequest { StreamName = stream })).Shards ?? [];

    /// <summary>Puts a record into the open shard whose hash range holds <paramref name="hashKey"/>.</summary>
    public async Task<PutRecordResponse> PutAsync(string stream, byte[] data, BigInteger hashKey) =>
        await Client.PutRecordAsync(new PutRecordRequest
        {
            StreamName = stream,
            Data = data,
            PartitionKey = "pk",
            ExplicitHashKey = hashKey.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

    /// <summary>Puts a record into the given (open) shard.</summary>
    public async Task<PutRecordResponse> PutToShardAsync(string stream, string shardId, byte[] data)
    {
        var shard = (await ShardsAsync(stream)).Single(s => s.ShardId == shardId);
        return await PutAsync(stream, data, BigInteger.Parse(shard.HashKeyRange!.StartingHashKey!, System.Globalization.CultureInfo.InvariantCulture));
    }

    public static BigInteger MaxHashKey => BigInteger.Pow(2, 128) - 1;

    public void Dispose() => _http.Dispose();
}

/// <summary>Match records as the stream processor (video stream ARN) or the edge producer (camera) writes them.</summary>
public static class Matches
{
    public static byte[] Edge(string camera, string? externalImageId, double similarity = 99.5, double producerTimestamp = 1_764_061_923.455) =>
        MatchRecordCodec.Encode(new MatchRecord(
            new InputInformation(new KinesisVideoFrame(ServerTimestamp: producerTimestamp, ProducerTimestamp: producerTimestamp)),
            [Face(externalImageId, similarity)],
            EdgeInformation: new EdgeInformation(camera)));

    public static byte[] StreamProcessor(string videoStream, string? externalImageId, double similarity = 99.5, double producerTimestamp = 1_764_061_923.455) =>
        MatchRecordCodec.Encode(new MatchRecord(
            new InputInformation(new KinesisVideoFrame(ServerTimestamp: producerTimestamp + 0.2, ProducerTimestamp: producerTimestamp,
                StreamArn: $"arn:aws:kinesisvideo:us-east-1:123456789012:stream/{videoStream}/1700000000000",
                FragmentNumber: "91343852333289682796718532614445757584843717598")),
            [Face(externalImageId, similarity)],
            new StreamProcessorInformation("RUNNING")));

    private static FaceSearchResult Face(string? externalImageId, double similarity) => new(
        new DetectedFace(new EyeOfHorus.Recognition.Records.BoundingBox(0.075, 0.05625, 0.428125, 0.40833333), 99.975174),
        externalImageId is null
            ? []
            : [new MatchedFace(similarity, new CollectionFace("ed1b560f-d6af-5158-989a-ff586c931545", null, 99.9992, "70e09693-2114-57e1-807c-50b6d61fa4dc", externalImageId))]);

    public static string Text(byte[] data) => Encoding.UTF8.GetString(data);
}

/// <summary>
/// An HTTP handler between the Kinesis client and kinesalite that records every call and, when
/// armed, answers a call with a Kinesis error instead of forwarding it (real wire shape:
/// HTTP 400, <c>{"__type": ..., "message": ...}</c>). Used for what kinesalite cannot be made to do
/// on demand: expired iterators (it expires them only after 5 minutes) and throughput limits.
/// </summary>
public sealed class KinesisFaults() : DelegatingHandler(new SocketsHttpHandler())
{
    private readonly ConcurrentQueue<(string Operation, string ErrorCode, Func<Task>? Before)> _armed = new();
    private readonly ConcurrentQueue<(string Operation, string Body)> _calls = new();

    public IReadOnlyList<(string Operation, string Body)> Calls => [.. _calls];

    public int Count(string operation) => _calls.Count(c => c.Operation == operation);

    /// <summary>The next <paramref name="times"/> calls of <paramref name="operation"/> get <paramref name="errorCode"/>; <paramref name="before"/> runs before the first answer.</summary>
    public void FailNext(string operation, string errorCode, int times = 1, Func<Task>? before = null)
    {
        for (var i = 0; i < times; i++) _armed.Enqueue((operation, errorCode, i == 0 ? before : null));
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var target = request.Headers.TryGetValues("X-Amz-Target", out var values) ? values.First() : "";
        var operation = target[(target.IndexOf('.', StringComparison.Ordinal) + 1)..];
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        _calls.Enqueue((operation, body));
        if (_armed.TryPeek(out var fault) && fault.Operation == operation && _armed.TryDequeue(out fault))
        {
            if (fault.Before is not null) await fault.Before();
            var message = fault.ErrorCode == "ExpiredIteratorException" ? "Iterator expired." : "Rate exceeded for shard.";
            return new HttpResponseMessage(HttpStatusCode.BadRequest)
            {
                Content = new StringContent(JsonSerializer.Serialize(new { __type = fault.ErrorCode, message }), Encoding.UTF8, "application/x-amz-json-1.1"),
            };
        }
        return await base.SendAsync(request, cancellationToken);
    }
}
