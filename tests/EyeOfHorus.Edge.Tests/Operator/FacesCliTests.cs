using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using EyeOfHorus.Aws;
using EyeOfHorus.Testing;
using EyeOfHorus.Testing.Emulators;
using EyeOfHorus.Testing.Rekognition;
using EyeOfHorus.Testing.Sns;

namespace EyeOfHorus.Edge.Tests.Operator;

/// <summary><c>horus faces</c> as a user sees it: the built CLI against s3rver and the Rekognition stand-in, with the real FaceIndexer at work.</summary>
public sealed class FacesCliTests : IAsyncLifetime
{
    private const string Bucket = "horus-faces";
    private const string Collection = "eye-of-horus-faces";
    private readonly S3rver _s3rver = new(Bucket);
    private readonly Dynalite _dynalite = new();
    private AmazonDynamoDBClient _dynamo = null!;
    private string _ledger = null!;
    private RekognitionStandIn _rekognition = null!;
    private readonly SnsStandIn _sns = new();
    private AmazonS3Client _s3 = null!;
    private OutputsFolder _folder = null!;
    private Dictionary<string, string?> _env = null!;
    private readonly string _photos = Path.Combine(Path.GetTempPath(), "horus-photos-" + Guid.NewGuid().ToString("N"));

    private static string Vector(string name) => Path.Combine(RepoPaths.Root, "tests", "EyeOfHorus.FaceIndexer.Tests", "Vectors", "faces", name);

    public async Task InitializeAsync()
    {
        await _s3rver.StartAsync();
        await _dynalite.StartAsync();
        _dynamo = CooldownTables.Client(_dynalite.Endpoint);
        _ledger = await LedgerTables.CreateAsync(_dynalite.Endpoint, "face-ledger");
        await _sns.StartAsync();
        _s3 = new AmazonS3Client(new BasicAWSCredentials(KinesisTestKit.Credentials.AccessKeyId, KinesisTestKit.Credentials.SecretAccessKey),
            new AmazonS3Config
            {
                ServiceURL = _s3rver.Endpoint.ToString(),
                ForcePathStyle = true,
                AuthenticationRegion = KinesisTestKit.Region,
                RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
                ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            });
        _rekognition = await RekognitionStandIn.StartAsync(fetchS3Object: async (location, ct) =>
        {
            try
            {
                using var got = await _s3.GetObjectAsync(location.Bucket, location.Name, ct);
                using var buffer = new MemoryStream();
                await got.ResponseStream.CopyToAsync(buffer, ct);
                return buffer.ToArray();
            }
            catch (AmazonS3Exception ex) when (ex.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                return null;
            }
        });
        _rekognition.CreateCollection(Collection);
        _rekognition.Engine.Register(File.ReadAllBytes(Vector("obama.jpg")), EngineFace.Portrait("obama"));
        _rekognition.Engine.Register(File.ReadAllBytes(Vector("biden.jpg")), EngineFace.Portrait("biden"));
        _rekognition.Engine.Register(File.ReadAllBytes(Vector("obama2.jpg")), EngineFace.Portrait("obama", left: 0.05), EngineFace.Portrait("biden", left: 0.55));

        Directory.CreateDirectory(_photos);
        File.Copy(Vector("obama.jpg"), Path.Combine(_photos, "obama.jpg"));
        File.Copy(Vector("biden.jpg"), Path.Combine(_photos, "biden.jpg"));
        File.Copy(Vector("obama2.jpg"), Path.Combine(_photos, "group.jpg"));
        File.Copy(Vector("obama_partial_face.jpg"), Path.Combine(_photos, "hidden.jpg"));

        _folder = new OutputsFolder(new Dictionary<string, string>
        {
            ["Region"] = KinesisTestKit.Region,
            ["Recognition"] = "stream-processor",
            ["FacesBucket"] = Bucket,
            ["CollectionId"] = Collection,
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

    private FaceIndexerOverS3rver StartIndexer() =>
        new(_s3, KinesisTestKit.Options(_rekognition.Endpoint), KinesisTestKit.Options(_sns.Endpoint), _dynamo, _ledger, Bucket, Collection);

    private string Photo(string name) => Path.Combine(_photos, name);

    private Task<HorusProcess> Horus(params string[] args) => HorusProcess.RunAsync(_env, _folder.Path, args);

    private async Task<IReadOnlyList<string>> KeysAsync() =>
        [.. ((await _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Bucket })).S3Objects ?? []).Select(o => o.Key)];

    [Fact]
    public async Task Add_waits_for_the_indexer_and_reports_each_photo_then_list_and_remove_show_and_confirm_it()
    {
        await using var indexer = StartIndexer();

        var add = await Horus("faces", "add", Photo("obama.jpg"), Photo("group.jpg"), Photo("hidden.jpg"), "--person", "Barack Obama");
        Assert.True(add.ExitCode == 1, add.Transcript);
        Assert.Equal(
        [
            $"uploaded obama.jpg to s3://{Bucket}/faces/Barack Obama/obama.jpg",
            $"uploaded group.jpg to s3://{Bucket}/faces/Barack Obama/group.jpg",
            $"uploaded hidden.jpg to s3://{Bucket}/faces/Barack Obama/hidden.jpg",
            "Barack Obama/obama.jpg: indexed (1 face)",
            "Barack Obama/group.jpg: rejected: several-faces: The photo shows more than one face, so it cannot say which one is the person. Upload a photo of this person alone.",
            "Barack Obama/hidden.jpg: rejected: no-face: No face was found in the photo. Upload a photo showing the person's face.",
        ], add.Stdout);
        Assert.Contains(add.Stderr, l => l.StartsWith("waiting for the indexer: ", StringComparison.Ordinal));

        var biden = await Horus("faces", "add", Photo("biden.jpg"), "--person", "joe");
        Assert.True(biden.ExitCode == 0, biden.Transcript);
        Assert.Equal("joe/biden.jpg: indexed (1 face)", biden.Stdout[^1]);

        var list = await Horus("faces", "list");
        Assert.True(list.ExitCode == 0, list.Transcript);
        Assert.Equal(
        [
            "PERSON        PHOTO       STATUS    FACES  NOTE",
            "Barack Obama  group.jpg   rejected  0      several-faces: The photo shows more than one face, so it cannot say which one is the person. Upload a photo of this person alone.",
            "Barack Obama  hidden.jpg  rejected  0      no-face: No face was found in the photo. Upload a photo showing the person's face.",
            "Barack Obama  obama.jpg   indexed   1",
            "joe           biden.jpg   indexed   1",
            $"2 people, 4 photo(s): 2 indexed, 2 rejected, 0 pending; 2 face(s) in collection {Collection}.",
        ], list.Stdout);

        var json = await Horus("faces", "list", "--json");
        Assert.True(json.ExitCode == 0, json.Transcript);
        using (var doc = JsonDocument.Parse(string.Join('\n', json.Stdout)))
        {
            var root = doc.RootElement;
            Assert.Equal(2, root.GetProperty("collectionFaces").GetInt32());
            var people = root.GetProperty("people").EnumerateArray().ToList();
            Assert.Equal(["Barack Obama", "joe"], people.Select(p => p.GetProperty("person").GetString()));
            Assert.Equal(1, people[0].GetProperty("faces").GetInt32());
            Assert.Equal(3, people[0].GetProperty("photos").GetArrayLength());
            var rejected = root.GetProperty("rejected").EnumerateArray().ToList();
            Assert.Equal(["several-faces", "no-face"], rejected.Select(r => r.GetProperty("reason").GetString()));
        }

        var remove = await Horus("faces", "remove", "--person", "Barack Obama");
        Assert.True(remove.ExitCode == 0, remove.Transcript);
        Assert.Equal($"Barack Obama: 3 photo(s) removed; no face of them is left in collection {Collection}.", remove.Stdout[^1]);
        Assert.Equal(["faces/joe/biden.jpg"], await KeysAsync());
        var left = Assert.Single(_rekognition.Faces(Collection));
        Assert.StartsWith("joe:", left.ExternalImageId, StringComparison.Ordinal);

        var removeOne = await Horus("faces", "remove", "--person", "joe", "--photo", "biden.jpg");
        Assert.True(removeOne.ExitCode == 0, removeOne.Transcript);
        Assert.Empty(_rekognition.Faces(Collection));

        var empty = await Horus("faces", "list");
        Assert.Equal([$"No photos in s3://{Bucket}/faces/. Authorise someone: horus faces add PHOTO... --person NAME"], empty.Stdout);
        Assert.True(indexer.LastError is null, indexer.LastError?.ToString());
        Assert.Contains(_sns.Published, m => m.Message.Contains("group.jpg", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_photo_that_is_not_there_uploads_nothing()
    {
        var add = await Horus("faces", "add", Photo("obama.jpg"), Photo("missing.jpg"), "--person", "alice");
        Assert.Equal(2, add.ExitCode);
        Assert.Equal($"horus: No such photo: {Photo("missing.jpg")}. Nothing was uploaded.", Assert.Single(add.Stderr));
        Assert.Empty(add.Stdout);
        Assert.Empty(await KeysAsync());
    }

    [Fact]
    public async Task Without_an_indexer_add_gives_up_after_the_timeout_and_says_what_to_check()
    {
        var add = await Horus("faces", "add", Photo("obama.jpg"), "--person", "alice", "--timeout", "2s");
        Assert.Equal(5, add.ExitCode);
        Assert.Equal("alice/obama.jpg: not tagged by the indexer yet", add.Stdout[^1]);
        Assert.Contains(add.Stderr, l => l.Contains("is the FaceIndexer deployed", StringComparison.Ordinal));
        Assert.Equal(["faces/alice/obama.jpg"], await KeysAsync());
    }

    [Fact]
    public async Task Removing_someone_who_is_not_there_fails_and_says_where_to_look()
    {
        var remove = await Horus("faces", "remove", "--person", "nobody");
        Assert.Equal(1, remove.ExitCode);
        Assert.Equal($"horus: no photo of nobody in s3://{Bucket}/faces/; `horus faces list` shows who is there.", Assert.Single(remove.Stderr));
    }

    [Fact]
    public async Task A_bucket_that_is_not_deployed_says_so()
    {
        var list = await Horus("faces", "list", "--bucket", "not-deployed");
        Assert.Equal(3, list.ExitCode);
        var message = Assert.Single(list.Stderr);
        Assert.StartsWith("horus: not found (using us-east-1): is the stack deployed in this region and account?", message, StringComparison.Ordinal);
        Assert.Contains("NoSuchBucket", message, StringComparison.Ordinal);
    }
}
