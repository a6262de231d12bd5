using System.Net.Http.Headers;
using System.Text;
using Amazon.Runtime;
using Amazon.S3;
using EyeOfHorus.Aws;

namespace EyeOfHorus.Edge.Tests.Analysis;

/// <summary>Clients for the local emulators and stand-ins, and the few setup calls the clients do not offer.</summary>
internal static class LocalAws
{
    public const string Region = "us-east-1";
    private static readonly AwsCredentials Keys = new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");

    public static AwsClientOptions Options(Uri endpoint, HttpClient? http = null, int maxAttempts = 4) => new()
    {
        Region = Region,
        Credentials = new StaticCredentialSource(Keys),
        Endpoint = endpoint,
        HttpClient = http,
        MaxAttempts = maxAttempts,
        Timeout = TimeSpan.FromSeconds(5),
        RetryBaseDelay = TimeSpan.FromMilliseconds(10),
        RetryMaxDelay = TimeSpan.FromMilliseconds(50),
    };

    // s3rver knows one key pair, S3RVER/S3RVER.
    public static AmazonS3Client S3(Uri endpoint) => new(
        new BasicAWSCredentials("S3RVER", "S3RVER"),
        new AmazonS3Config
        {
            ServiceURL = endpoint.ToString(),
            ForcePathStyle = true,
            AuthenticationRegion = Region,
            // s3rver does not read aws-chunked bodies with trailing checksums.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        });

    /// <summary>CreateStream is not part of the edge's Kinesis surface: the stack creates the stream.</summary>
    public static async Task CreateStreamAsync(Uri kinesalite, string streamName)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, kinesalite)
        {
            Content = new StringContent($$"""{"StreamName":"{{streamName}}","ShardCount":1}""", Encoding.UTF8),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.1");
        request.Headers.Add("X-Amz-Target", "Kinesis_20131202.CreateStream");
        request.Headers.TryAddWithoutValidation("Authorization",
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20250101/us-east-1/kinesis/aws4_request, SignedHeaders=host, Signature=00");
        request.Headers.Add("X-Amz-Date", "20250101T000000Z");
        using var response = await http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Every record on the stream's only shard, oldest first.</summary>
    public static async Task<IReadOnlyList<EyeOfHorus.Aws.Record>> ReadAllAsync(KinesisClient kinesis, string streamName)
    {
        var shards = await kinesis.ListShardsAsync(new ListShardsRequest { StreamName = streamName });
        var shard = Assert.Single(shards.Shards!);
        var iterator = (await kinesis.GetShardIteratorAsync(new GetShardIteratorRequest
        {
            StreamName = streamName,
            ShardId = shard.ShardId!,
            ShardIteratorType = "TRIM_HORIZON",
        })).ShardIterator;
        var records = new List<EyeOfHorus.Aws.Record>();
        while (iterator is not null)
        {
            var page = await kinesis.GetRecordsAsync(new GetRecordsRequest { ShardIterator = iterator });
            records.AddRange(page.Records ?? []);
            if (page.Records is not { Count: > 0 }) break;
            iterator = page.NextShardIterator;
        }
        return records;
    }
}

/// <summary>Sends through to the real server, or fails like a lost network while <see cref="Down"/> is set.</summary>
internal sealed class NetworkSwitch : DelegatingHandler
{
    public NetworkSwitch() : base(new SocketsHttpHandler()) { }

    public volatile bool Down;
    public int Refused;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!Down) return base.SendAsync(request, cancellationToken);
        Interlocked.Increment(ref Refused);
        throw new HttpRequestException("Connection refused (network switched off by the test)");
    }
}
