using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using EyeOfHorus.Aws;
using EyeOfHorus.Testing.Emulators;
using EyeOfHorus.Testing.Rekognition;
using EyeOfHorus.Testing.Sns;
using SkiaSharp;

namespace EyeOfHorus.FaceIndexer.Tests;

/// <summary>One s3rver for the test assembly's FaceIndexer tests (each test uses its own bucket).</summary>
public sealed class S3rverFixture : IAsyncLifetime
{
    public S3rver S3rver { get; } = new();
    public AmazonS3Client S3 { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await S3rver.StartAsync();
        S3 = new AmazonS3Client(new BasicAWSCredentials("S3RVER", "S3RVER"), new AmazonS3Config
        {
            ServiceURL = S3rver.Endpoint.ToString(),
            ForcePathStyle = true,
            AuthenticationRegion = "us-east-1",
            // s3rver predates flexible checksums: send/validate them only where S3 requires them.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            MaxErrorRetry = 0,
        });
    }

    public async Task DisposeAsync()
    {
        S3.Dispose();
        await S3rver.DisposeAsync();
    }
}

/// <summary>
/// FaceIndexer against real parts: s3rver for objects and tags, the Rekognition stand-in (whose
/// face engine the test scripts) fetching S3Object images from s3rver, the SNS stand-in, and our
/// AWS clients speaking to them over HTTP.
/// </summary>
public sealed class IndexerWorld : IAsyncDisposable
{
    public const string CollectionId = "eye-of-horus-faces";
    public const string TopicArn = "arn:aws:sns:us-east-1:123456789012:eye-of-horus-alerts";

    private IndexerWorld(S3rverFixture s3, RekognitionStandIn rekognition, SnsStandIn sns, string bucket, int maxAttempts, bool listBucketAllowed)
    {
        S3 = s3.S3;
        Rekognition = rekognition;
        Sns = sns;
        Bucket = bucket;
        var credentials = new StaticCredentialSource(new AwsCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"));
        AwsClientOptions Options(Uri endpoint) => new()
        {
            Region = "us-east-1",
            Credentials = credentials,
            Endpoint = endpoint,
            MaxAttempts = maxAttempts,
            RetryBaseDelay = TimeSpan.FromMilliseconds(1),
            RetryMaxDelay = TimeSpan.FromMilliseconds(5),
            Timeout = TimeSpan.FromSeconds(5),
        };
        Function = new Function(new FaceIndexerSettings(CollectionId, TopicArn),
            new RekognitionClient(Options(rekognition.Endpoint)), listBucketAllowed ? S3 : S3WithoutListBucket.Over(S3), new SnsClient(Options(sns.Endpoint)), Log);
    }

    public IAmazonS3 S3 { get; }
    public RekognitionStandIn Rekognition { get; }
    public SnsStandIn Sns { get; }
    public string Bucket { get; }
    public Function Function { get; }
    public StringWriter Log { get; } = new();

    /// <param name="listBucketAllowed">false: the function's S3 answers as for a role without s3:ListBucket.</param>
    public static async Task<IndexerWorld> StartAsync(S3rverFixture s3, int maxAttempts = 3, bool listBucketAllowed = true)
    {
        var bucket = "faces-" + Guid.NewGuid().ToString("N")[..12];
        await s3.S3.PutBucketAsync(bucket);
        IndexerWorld? world = null;
        var rekognition = await RekognitionStandIn.StartAsync(fetchS3Object: async (location, ct) =>
        {
            byte[] bytes;
            try
            {
                using var response = await s3.S3.GetObjectAsync(location.Bucket, location.Name, ct);
                using var buffer = new MemoryStream();
                await response.ResponseStream.CopyToAsync(buffer, ct);
                bytes = buffer.ToArray();
            }
            catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound) { return null; }
            if (world?.WhileRekognitionReadsTheImage is { } meanwhile)
            {
                world.WhileRekognitionReadsTheImage = null;
                await meanwhile();
            }
            return bytes;
        });
        rekognition.CreateCollection(CollectionId);
        var sns = new SnsStandIn();
        await sns.StartAsync();
        world = new IndexerWorld(s3, rekognition, sns, bucket, maxAttempts, listBucketAllowed);
        return world;
    }

    /// <summary>Runs once, inside IndexFaces, after Rekognition has read the image from S3 (to stage races).</summary>
    public Func<Task>? WhileRekognitionReadsTheImage { get; set; }

    public async ValueTask DisposeAsync()
    {
        await Rekognition.DisposeAsync();
        await Sns.DisposeAsync();
        Log.Dispose();
    }

    public async Task PutAsync(string key, byte[] content, params (string Key, string Value)[] tags)
    {
        using var body = new MemoryStream(content);
        var request = new PutObjectRequest { BucketName = Bucket, Key = key, InputStream = body, ContentType = "image/jpeg", UseChunkEncoding = false };
        await S3.PutObjectAsync(request);
        // s3rver ignores PutObject's x-amz-tagging header; PutObjectTagging it does implement.
        if (tags.Length > 0)
            await S3.PutObjectTaggingAsync(new PutObjectTaggingRequest
            {
                BucketName = Bucket,
                Key = key,
                Tagging = new Tagging { TagSet = [.. tags.Select(t => new Tag { Key = t.Key, Value = t.Value })] },
            });
    }

    public Task DeleteAsync(string key) => S3.DeleteObjectAsync(Bucket, key);

    public async Task<Dictionary<string, string>> TagsAsync(string key) =>
        ((await S3.GetObjectTaggingAsync(new GetObjectTaggingRequest { BucketName = Bucket, Key = key })).Tagging ?? []).ToDictionary(t => t.Key, t => t.Value);

    /// <summary>Invokes the handler with the event's JSON, as the Lambda runtime would.</summary>
    public async Task<FaceIndexerResult> InvokeAsync(JsonNode @event)
    {
        using var input = new MemoryStream(Encoding.UTF8.GetBytes(@event.ToJsonString()));
        using var output = await Function.HandleAsync(input);
        return JsonSerializer.Deserialize(output, FaceIndexerJsonContext.Default.FaceIndexerResult)!;
    }

    /// <summary>Uploads the photo and delivers its ObjectCreated:Put event.</summary>
    public async Task<PhotoOutcome> UploadAsync(string key, byte[] content)
    {
        await PutAsync(key, content);
        return Assert.Single((await InvokeAsync(Events.Created(Bucket, key))).Outcomes);
    }

    public IReadOnlyList<JsonObject> LogLines() =>
        [.. Log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!.AsObject())];

    public IReadOnlyList<StoredFace> Faces => Rekognition.Faces(CollectionId);
}

/// <summary>S3 events built from the real shapes in Vectors/lambda-events, pointed at our bucket and key.</summary>
public static class Events
{
    public static string VectorPath(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "Vectors", .. parts]);

    public static JsonNode Load(string folder, string file) => JsonNode.Parse(File.ReadAllText(VectorPath("lambda-events", folder, file)))!;

    /// <summary>The key as S3 writes it in an event: form-URL-encoded, '/' kept.</summary>
    public static string EncodeKey(string key) => WebUtility.UrlEncode(key).Replace("%2F", "/", StringComparison.Ordinal);

    /// <summary>Sets every record's bucket and (encoded) key; optionally the event name.</summary>
    public static JsonNode Retarget(JsonNode notification, string bucket, string key, string? eventName = null)
    {
        foreach (var record in notification["Records"]!.AsArray())
        {
            record!["s3"]!["bucket"]!["name"] = bucket;
            record["s3"]!["object"]!["key"] = EncodeKey(key);
            if (eventName is not null) record["eventName"] = eventName;
        }
        return notification;
    }

    /// <summary>ObjectCreated:Put as the Lambda developer guide shows it (eventVersion 2.1).</summary>
    public static JsonNode Created(string bucket, string key) =>
        Retarget(Load("awsdocs", "lambda-devguide-s3-objectcreated-put.json"), bucket, key);

    /// <summary>ObjectRemoved:Delete as the SAM CLI generates it.</summary>
    public static JsonNode Removed(string bucket, string key) => Mustache("S3Delete.mustache.json", bucket, key);

    public static JsonNode Mustache(string file, string bucket, string key) =>
        JsonNode.Parse(File.ReadAllText(VectorPath("lambda-events", "aws-sam-cli-templates", file))
            .Replace("{{{region}}}", "us-east-1", StringComparison.Ordinal)
            .Replace("{{{partition}}}", "aws", StringComparison.Ordinal)
            .Replace("{{{bucket}}}", bucket, StringComparison.Ordinal)
            .Replace("{{{key}}}", EncodeKey(key), StringComparison.Ordinal))!;

    /// <summary>One message of a LocalStack snapshot (recorded against AWS), as a notification of one record.</summary>
    public static JsonNode LocalStackRecord(string file, int message)
    {
        var snapshot = Load("localstack", file).AsObject().First().Value!;
        var record = snapshot["recorded-content"]!["receive_messages"]!["messages"]![message]!.DeepClone();
        return new JsonObject { ["Records"] = new JsonArray(record) };
    }
}

/// <summary>The photos: the shared portraits (one face each) and the bad files the tests make.</summary>
public static class Photos
{
    public static byte[] Load(string name) => File.ReadAllBytes(Events.VectorPath("faces", name));

    public static readonly string[] Portraits = ["obama.jpg", "obama2.jpg", "obama3.jpg", "obama-480p.jpg", "obama_small.jpg", "obama_partial_face.jpg", "biden.jpg", "biden2.jpg"];

    /// <summary>Obama and Biden side by side in one JPEG.</summary>
    public static byte[] TwoFaces()
    {
        using var left = SKImage.FromEncodedData(Load("obama.jpg"));
        using var right = SKImage.FromEncodedData(Load("biden.jpg"));
        const int height = 400;
        var leftWidth = left.Width * height / left.Height;
        var rightWidth = right.Width * height / right.Height;
        using var surface = SKSurface.Create(new SKImageInfo(leftWidth + rightWidth, height));
        var sampling = new SKSamplingOptions(SKFilterMode.Linear);
        surface.Canvas.DrawImage(left, new SKRect(0, 0, leftWidth, height), sampling);
        surface.Canvas.DrawImage(right, new SKRect(leftWidth, 0, leftWidth + rightWidth, height), sampling);
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Jpeg, 90);
        return data.ToArray();
    }

    /// <summary>A plain grey picture: a real JPEG (or PNG) with no face in it.</summary>
    public static byte[] Blank(SKEncodedImageFormat format = SKEncodedImageFormat.Jpeg)
    {
        using var surface = SKSurface.Create(new SKImageInfo(320, 240));
        surface.Canvas.Clear(new SKColor(128, 128, 128));
        using var image = surface.Snapshot();
        using var data = image.Encode(format, 90);
        return data.ToArray();
    }

    /// <summary>obama.jpg cut in the middle, as an interrupted upload leaves it.</summary>
    public static byte[] Truncated() => Load("obama.jpg")[..(Load("obama.jpg").Length / 2)];

    /// <summary>16 MB: obama.jpg followed by zeros (a valid JPEG, too large for Rekognition's S3 limit).</summary>
    public static byte[] SixteenMegabytes()
    {
        var content = new byte[16 * 1024 * 1024];
        Load("obama.jpg").CopyTo(content, 0);
        return content;
    }

    public static byte[] TextNamedJpg() => "These are my holiday notes, not a photo.\n"u8.ToArray();
}
