using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.DynamoDBv2;
using EyeOfHorus.Aws;
using EyeOfHorus.Testing.Emulators;
using EyeOfHorus.Testing.S3;
using EyeOfHorus.Testing.Rekognition;
using EyeOfHorus.Testing.Sns;
using SkiaSharp;

namespace EyeOfHorus.FaceIndexer.Tests;

/// <summary>
/// One S3 stand-in (versioned buckets) and one dynalite (the ledger tables) per test class; each
/// world uses its own bucket and table.
/// </summary>
public sealed class IndexerFixture : IAsyncLifetime
{
    /// <summary>The access key id the tests sign with (allowed s3:ListBucket).</summary>
    public const string TestAccessKey = "AKIDTESTS";

    public S3StandIn S3StandIn { get; private set; } = null!;
    public Dynalite Dynalite { get; } = new();
    public AmazonS3Client S3 { get; private set; } = null!;
    public AmazonDynamoDBClient Dynamo { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        S3StandIn = await S3StandIn.StartAsync();
        await Dynalite.StartAsync();
        S3 = Client(S3StandIn.Endpoint, TestAccessKey);
        Dynamo = CooldownTables.Client(Dynalite.Endpoint);
    }

    /// <summary>An S3 client for the stand-in, signing with <paramref name="accessKey"/>.</summary>
    public static AmazonS3Client Client(Uri endpoint, string accessKey) =>
        new(new BasicAWSCredentials(accessKey, "test-secret"), new AmazonS3Config
        {
            ServiceURL = endpoint.ToString(),
            ForcePathStyle = true,
            AuthenticationRegion = "us-east-1",
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            MaxErrorRetry = 0,
        });

    public async Task DisposeAsync()
    {
        S3.Dispose();
        Dynamo.Dispose();
        await S3StandIn.DisposeAsync();
        await Dynalite.DisposeAsync();
    }
}

/// <summary>
/// FaceIndexer against real parts: the S3 stand-in for versioned objects, tags and event records,
/// the Rekognition stand-in recognising with the project's face engine (<see cref="LocalEngineFaces"/>;
/// a test scripts only faults, e.g. an image it cannot decode) reading S3Object images (by version)
/// from it, the SNS stand-in, dynalite for the ledger, and our AWS clients speaking to them over HTTP.
/// The function signs S3 requests with its own access key, so it can be denied s3:ListBucket.
/// </summary>
public sealed class IndexerWorld : IAsyncDisposable
{
    public const string CollectionId = "eye-of-horus-faces";
    public const string TopicArn = "arn:aws:sns:us-east-1:123456789012:eye-of-horus-alerts";

    private readonly AmazonS3Client _functionS3;

    private IndexerWorld(IndexerFixture fixture, RekognitionStandIn rekognition, SnsStandIn sns, string bucket, string table, int maxAttempts, string functionKey)
    {
        Fixture = fixture;
        S3 = fixture.S3;
        Rekognition = rekognition;
        Sns = sns;
        Bucket = bucket;
        Table = table;
        _functionS3 = IndexerFixture.Client(fixture.S3StandIn.Endpoint, functionKey);
        Settings = new FaceIndexerSettings(CollectionId, TopicArn, table) { LeaseWait = TimeSpan.FromSeconds(30) };
        RekognitionOptions = Options(rekognition.Endpoint, maxAttempts);
        SnsOptions = Options(sns.Endpoint, maxAttempts);
        Function = NewFunction(Log);
    }

    private static AwsClientOptions Options(Uri endpoint, int maxAttempts) => new()
    {
        Region = "us-east-1",
        Credentials = new StaticCredentialSource(new AwsCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")),
        Endpoint = endpoint,
        MaxAttempts = maxAttempts,
        RetryBaseDelay = TimeSpan.FromMilliseconds(1),
        RetryMaxDelay = TimeSpan.FromMilliseconds(5),
        Timeout = TimeSpan.FromSeconds(10),
    };

    public IndexerFixture Fixture { get; }
    public IAmazonS3 S3 { get; }
    public S3StandIn S3StandIn => Fixture.S3StandIn;
    public RekognitionStandIn Rekognition { get; }
    public SnsStandIn Sns { get; }
    public string Bucket { get; }
    public string Table { get; }
    public FaceIndexerSettings Settings { get; }
    public AwsClientOptions RekognitionOptions { get; }
    public AwsClientOptions SnsOptions { get; }
    public Function Function { get; }
    public StringWriter Log { get; } = new();

    /// <summary>Another execution environment of the same function (its own clients), e.g. for concurrent deliveries.</summary>
    /// <param name="dynamo">The ledger's DynamoDB client (default: dynalite's), e.g. one through a fault-injecting proxy.</param>
    public Function NewFunction(TextWriter log, FaceIndexerSettings? settings = null, IAmazonDynamoDB? dynamo = null) =>
        new(settings ?? Settings, new RekognitionClient(RekognitionOptions), _functionS3, new SnsClient(SnsOptions), dynamo ?? Fixture.Dynamo, log);

    /// <summary>The same function as deployed in local mode: no Rekognition client, photos checked with the project's face engine.</summary>
    public Function NewLocalFunction(TextWriter log) =>
        new(Settings with { CollectionId = "", LocalEngine = true }, null, _functionS3, new SnsClient(SnsOptions), Fixture.Dynamo, log, LocalEngine.Check);

    /// <param name="listBucketAllowed">false: the function's S3 requests answer as for a role without s3:ListBucket.</param>
    /// <param name="versioned">false: a bucket without versioning (an overwrite replaces the object).</param>
    public static async Task<IndexerWorld> StartAsync(IndexerFixture fixture, int maxAttempts = 3, bool listBucketAllowed = true, bool versioned = true)
    {
        var id = Guid.NewGuid().ToString("N")[..12];
        var bucket = "faces-" + id;
        fixture.S3StandIn.CreateBucket(bucket, versioned);
        var functionKey = "AKIDINDEXER" + id.ToUpperInvariant();
        if (!listBucketAllowed) fixture.S3StandIn.DenyListBucket(functionKey);
        var table = await LedgerTables.CreateAsync(fixture.Dynalite.Endpoint, "face-ledger-" + id);
        IndexerWorld? world = null;
        var rekognition = await RekognitionStandIn.StartAsync(new ScriptedFaceEngine(LocalEngineFaces.OverSharedEngine()), fetchS3Object: async (location, ct) =>
        {
            if (world?.BeforeRekognitionReadsTheImage is { } before)
            {
                world.BeforeRekognitionReadsTheImage = null;
                await before();
            }
            var bytes = fixture.S3StandIn.Read(location.Bucket, location.Name, location.Version);
            if (bytes is not null && world?.WhileRekognitionReadsTheImage is { } meanwhile)
            {
                world.WhileRekognitionReadsTheImage = null;
                await meanwhile();
            }
            return bytes;
        });
        rekognition.CreateCollection(CollectionId);
        var sns = new SnsStandIn();
        await sns.StartAsync();
        world = new IndexerWorld(fixture, rekognition, sns, bucket, table, maxAttempts, functionKey);
        return world;
    }

    /// <summary>Runs once, inside IndexFaces, before Rekognition reads the image from S3 (to stage races).</summary>
    public Func<Task>? BeforeRekognitionReadsTheImage { get; set; }

    /// <summary>Runs once, inside IndexFaces, after Rekognition has read the image from S3 (to stage races).</summary>
    public Func<Task>? WhileRekognitionReadsTheImage { get; set; }

    public async ValueTask DisposeAsync()
    {
        _functionS3.Dispose();
        await Rekognition.DisposeAsync();
        await Sns.DisposeAsync();
        Log.Dispose();
    }

    /// <summary>Uploads a new version (tags as PutObject's x-amz-tagging); returns its version id.</summary>
    public async Task<string> PutAsync(string key, byte[] content, params (string Key, string Value)[] tags)
    {
        using var body = new MemoryStream(content);
        var request = new PutObjectRequest { BucketName = Bucket, Key = key, InputStream = body, ContentType = "image/jpeg", UseChunkEncoding = false };
        if (tags.Length > 0) request.TagSet = [.. tags.Select(t => new Tag { Key = t.Key, Value = t.Value })];
        return (await S3.PutObjectAsync(request)).VersionId;
    }

    /// <summary>A plain DELETE: on the versioned bucket, a delete marker.</summary>
    public Task DeleteAsync(string key) => S3.DeleteObjectAsync(Bucket, key);

    /// <summary>Deletes one version for good (the console's "delete" of a version, e.g. to roll back).</summary>
    public Task DeleteVersionAsync(string key, string versionId) =>
        S3.DeleteObjectAsync(new DeleteObjectRequest { BucketName = Bucket, Key = key, VersionId = versionId });

    /// <summary>The current version's tags.</summary>
    public async Task<Dictionary<string, string>> TagsAsync(string key, string? versionId = null) =>
        ((await S3.GetObjectTaggingAsync(new GetObjectTaggingRequest { BucketName = Bucket, Key = key, VersionId = versionId })).Tagging ?? []).ToDictionary(t => t.Key, t => t.Value);

    /// <summary>The notifications S3 would have sent for this bucket so far, each as its own one-record event.</summary>
    public IReadOnlyList<JsonObject> S3Events() =>
        [.. S3StandIn.Events(Bucket).Select(r => new JsonObject { ["Records"] = new JsonArray(r) })];

    /// <summary>Invokes the handler with the event's JSON, as the Lambda runtime would.</summary>
    public Task<FaceIndexerResult> InvokeAsync(JsonNode @event) => InvokeAsync(Function, @event);

    public static async Task<FaceIndexerResult> InvokeAsync(Function function, JsonNode @event)
    {
        using var input = new MemoryStream(Encoding.UTF8.GetBytes(@event.ToJsonString()));
        using var output = await function.HandleAsync(input);
        return JsonSerializer.Deserialize(output, FaceIndexerJsonContext.Default.FaceIndexerResult)!;
    }

    /// <summary>Uploads the photo and delivers the ObjectCreated:Put event S3 recorded for it.</summary>
    public async Task<PhotoOutcome> UploadAsync(string key, byte[] content, params (string Key, string Value)[] tags)
    {
        await PutAsync(key, content, tags);
        return Assert.Single((await InvokeAsync(S3Events()[^1])).Outcomes);
    }

    /// <summary>Deletes the key (delete marker) and delivers S3's event for it.</summary>
    public async Task<PhotoOutcome> RemoveAsync(string key)
    {
        await DeleteAsync(key);
        return Assert.Single((await InvokeAsync(S3Events()[^1])).Outcomes);
    }

    public IReadOnlyList<JsonObject> LogLines() =>
        [.. Log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!.AsObject())];

    public IReadOnlyList<StoredFace> Faces => Rekognition.Faces(CollectionId);

    /// <summary>The identity key the stand-in's engine gives the (first) face of <paramref name="photo"/>.</summary>
    public static string FaceOf(byte[] photo) => LocalEngineFaces.IdentityKeyOf(photo);
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

    /// <summary>A shared portrait re-encoded as PNG.</summary>
    public static byte[] Png(string name)
    {
        using var image = SKImage.FromEncodedData(Load(name));
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    /// <summary>A shared portrait under a Gaussian blur of <paramref name="sigma"/> pixels (6: the face is still found, but judged blurred).</summary>
    public static byte[] Blurred(string name, float sigma = 6)
    {
        using var image = SKImage.FromEncodedData(Load(name));
        using var surface = SKSurface.Create(new SKImageInfo(image.Width, image.Height));
        using var paint = new SKPaint { ImageFilter = SKImageFilter.CreateBlur(sigma, sigma) };
        surface.Canvas.DrawImage(image, new SKRect(0, 0, image.Width, image.Height), new SKSamplingOptions(SKFilterMode.Linear), paint);
        using var blurred = surface.Snapshot();
        using var data = blurred.Encode(SKEncodedImageFormat.Jpeg, 90);
        return data.ToArray();
    }

    /// <summary>A shared portrait scaled down by <paramref name="factor"/> (0.15 of obama.jpg: eyes 16 px apart, under the engine's 24).</summary>
    public static byte[] Shrunk(string name, float factor = 0.15f)
    {
        using var image = SKImage.FromEncodedData(Load(name));
        var (width, height) = ((int)(image.Width * factor), (int)(image.Height * factor));
        using var surface = SKSurface.Create(new SKImageInfo(width, height));
        surface.Canvas.DrawImage(image, new SKRect(0, 0, width, height), new SKSamplingOptions(SKFilterMode.Linear));
        using var small = surface.Snapshot();
        using var data = small.Encode(SKEncodedImageFormat.Jpeg, 90);
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

/// <summary>Local mode's photo check over the repository's models/ (scripts/models.sh writes them before the tests), loaded once.</summary>
public static class LocalEngine
{
    private static readonly Lazy<LocalPortraitCheck> Shared = new(() => LocalPortraitCheck.Load(Path.Combine(EyeOfHorus.Testing.RepoPaths.Root, "models")));
    public static LocalPortraitCheck Check => Shared.Value;
}
