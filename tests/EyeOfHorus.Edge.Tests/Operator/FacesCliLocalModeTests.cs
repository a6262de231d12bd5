using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using EyeOfHorus.Testing;
using EyeOfHorus.Testing.Emulators;
using EyeOfHorus.Testing.Rekognition;
using EyeOfHorus.Testing.Sns;
using SkiaSharp;

namespace EyeOfHorus.Edge.Tests.Operator;

/// <summary>
/// <c>horus faces</c> in local mode (deploy outputs Recognition=local, no CollectionId): the built CLI against
/// s3rver, with the real FaceIndexer checking each photo with the project's face engine. The photo's status and
/// its face count come from the indexer's <c>horus:status</c> tag; nothing asks Rekognition (the stand-in counts).
/// </summary>
public sealed class FacesCliLocalModeTests : IAsyncLifetime
{
    private const string Bucket = "horus-faces";
    private readonly S3rver _s3rver = new(Bucket);
    private readonly Dynalite _dynalite = new();
    private readonly SnsStandIn _sns = new();
    private AmazonDynamoDBClient _dynamo = null!;
    private string _ledger = null!;
    private RekognitionStandIn _rekognition = null!;
    private AmazonS3Client _s3 = null!;
    private OutputsFolder _folder = null!;
    private Dictionary<string, string?> _env = null!;
    private readonly string _photos = Path.Combine(Path.GetTempPath(), "horus-photos-" + Guid.NewGuid().ToString("N"));

    private static string Vector(string name) => Path.Combine(RepoPaths.Root, "tests", "EyeOfHorus.FaceIndexer.Tests", "Vectors", "faces", name);

    public async Task InitializeAsync()
    {
        await _s3rver.StartAsync();
        await _dynalite.StartAsync();
        await _sns.StartAsync();
        _dynamo = CooldownTables.Client(_dynalite.Endpoint);
        _ledger = await LedgerTables.CreateAsync(_dynalite.Endpoint, "local-ledger");
        _rekognition = await RekognitionStandIn.StartAsync();
        _s3 = new AmazonS3Client(new BasicAWSCredentials(KinesisTestKit.Credentials.AccessKeyId, KinesisTestKit.Credentials.SecretAccessKey),
            new AmazonS3Config
            {
                ServiceURL = _s3rver.Endpoint.ToString(),
                ForcePathStyle = true,
                AuthenticationRegion = KinesisTestKit.Region,
                RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
                ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            });

        Directory.CreateDirectory(_photos);
        File.Copy(Vector("obama.jpg"), Path.Combine(_photos, "obama.jpg"));
        File.Copy(Vector("biden.jpg"), Path.Combine(_photos, "biden.jpg"));
        File.Copy(Vector("obama2.jpg"), Path.Combine(_photos, "later.jpg"));
        File.WriteAllBytes(Path.Combine(_photos, "wall.jpg"), GreyPicture());

        _folder = new OutputsFolder(new Dictionary<string, string>
        {
            ["Region"] = KinesisTestKit.Region,
            ["Recognition"] = "local",
            ["FacesBucket"] = Bucket,
        });
        _env = HorusProcess.Environment();
        _env["AWS_ENDPOINT_URL_S3"] = _s3rver.Endpoint.ToString();
        _env["AWS_ENDPOINT_URL_REKOGNITION"] = _rekognition.Endpoint.ToString();
    }

    public async Task DisposeAsync()
    {
        _folder.Dispose();
        _s3.Dispose();
        await _rekognition.DisposeAsync();
        await _sns.DisposeAsync();
        await _s3rver.DisposeAsync();
        _dynamo.Dispose();
        await _dynalite.DisposeAsync();
        try { Directory.Delete(_photos, recursive: true); } catch (IOException) { }
    }

    /// <summary>A real JPEG with no face in it.</summary>
    private static byte[] GreyPicture()
    {
        using var surface = SKSurface.Create(new SKImageInfo(320, 240));
        surface.Canvas.Clear(new SKColor(128, 128, 128));
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Jpeg, 90);
        return data.ToArray();
    }

    private FaceIndexerOverS3rver StartIndexer() =>
        new(_s3, KinesisTestKit.Options(_sns.Endpoint), _dynamo, _ledger, Bucket, Path.Combine(RepoPaths.Root, "models"));

    private string Photo(string name) => Path.Combine(_photos, name);

    private Task<HorusProcess> Horus(params string[] args) => HorusProcess.RunAsync(_env, _folder.Path, args);

    private async Task<IReadOnlyList<string>> KeysAsync() =>
        [.. ((await _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Bucket })).S3Objects ?? []).Select(o => o.Key)];

    [Fact]
    public async Task Add_list_and_remove_report_the_indexers_tags_with_one_face_per_indexed_photo_and_never_ask_Rekognition()
    {
        await using (var indexer = StartIndexer())
        {
            var add = await Horus("faces", "add", Photo("obama.jpg"), Photo("wall.jpg"), "--person", "Barack Obama");
            Assert.True(add.ExitCode == 1, add.Transcript);
            Assert.Equal(
            [
                $"uploaded obama.jpg to s3://{Bucket}/faces/Barack Obama/obama.jpg",
                $"uploaded wall.jpg to s3://{Bucket}/faces/Barack Obama/wall.jpg",
                "Barack Obama/obama.jpg: indexed (1 face)",
                "Barack Obama/wall.jpg: rejected: no-face: No face was found in the photo. Upload a photo showing the person's face.",
            ], add.Stdout);

            var biden = await Horus("faces", "add", Photo("biden.jpg"), "--person", "joe");
            Assert.True(biden.ExitCode == 0, biden.Transcript);
            Assert.Equal("joe/biden.jpg: indexed (1 face)", biden.Stdout[^1]);
            Assert.True(indexer.LastError is null, indexer.LastError?.ToString());
        }

        // No indexer running: a new photo stays untagged, shown as pending with no face count.
        var pending = await Horus("faces", "add", Photo("later.jpg"), "--person", "joe", "--no-wait");
        Assert.True(pending.ExitCode == 0, pending.Transcript);

        var list = await Horus("faces", "list");
        Assert.True(list.ExitCode == 0, list.Transcript);
        Assert.Equal(
        [
            "PERSON        PHOTO      STATUS    FACES  NOTE",
            "Barack Obama  obama.jpg  indexed   1",
            "Barack Obama  wall.jpg   rejected  0      no-face: No face was found in the photo. Upload a photo showing the person's face.",
            "joe           biden.jpg  indexed   1",
            "joe           later.jpg  pending          waiting for the indexer",
            "2 people, 4 photo(s): 2 indexed, 1 rejected, 1 pending; local mode (no collection): the camera hosts recognise the 2 indexed photo(s) from their next sync of the bucket.",
        ], list.Stdout);

        var json = await Horus("faces", "list", "--json");
        Assert.True(json.ExitCode == 0, json.Transcript);
        using (var doc = JsonDocument.Parse(string.Join('\n', json.Stdout)))
        {
            var root = doc.RootElement;
            Assert.Equal(JsonValueKind.Null, root.GetProperty("collectionId").ValueKind);
            var people = root.GetProperty("people").EnumerateArray().ToList();
            Assert.Equal([("Barack Obama", 1), ("joe", 1)], people.Select(p => (p.GetProperty("person").GetString(), p.GetProperty("faces").GetInt32())));
            Assert.Equal(["indexed", "pending"], people[1].GetProperty("photos").EnumerateArray().Select(p => p.GetProperty("status").GetString()));
            Assert.Equal("no-face", Assert.Single(root.GetProperty("rejected").EnumerateArray()).GetProperty("reason").GetString());
        }

        var remove = await Horus("faces", "remove", "--person", "Barack Obama");
        Assert.True(remove.ExitCode == 0, remove.Transcript);
        Assert.Equal("Barack Obama: 2 photo(s) removed; camera hosts drop them at their next sync of the bucket (within a minute).", remove.Stdout[^1]);
        var removeOne = await Horus("faces", "remove", "--person", "joe", "--photo", "later.jpg");
        Assert.True(removeOne.ExitCode == 0, removeOne.Transcript);
        Assert.Equal(["faces/joe/biden.jpg"], await KeysAsync());

        var missing = await Horus("faces", "remove", "--person", "nobody");
        Assert.Equal(1, missing.ExitCode);
        Assert.Equal($"horus: no photo of nobody in s3://{Bucket}/faces/; `horus faces list` shows who is there.", Assert.Single(missing.Stderr));

        Assert.Empty(_rekognition.Requests);
    }

    [Fact]
    public async Task Without_an_indexer_add_gives_up_after_the_timeout_and_keeps_the_photo()
    {
        var add = await Horus("faces", "add", Photo("obama.jpg"), "--person", "alice", "--timeout", "2s");
        Assert.Equal(5, add.ExitCode);
        Assert.Equal("alice/obama.jpg: not tagged by the indexer yet", add.Stdout[^1]);
        Assert.Contains(add.Stderr, l => l.Contains("is the FaceIndexer deployed", StringComparison.Ordinal));
        Assert.Equal(["faces/alice/obama.jpg"], await KeysAsync());
        Assert.Empty(_rekognition.Requests);
    }
}
