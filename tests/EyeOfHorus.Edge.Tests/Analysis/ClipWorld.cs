using EyeOfHorus.Aws;
using EyeOfHorus.Edge.Analysis;
using EyeOfHorus.Recognition;
using EyeOfHorus.Testing.Rekognition;

namespace EyeOfHorus.Edge.Tests.Analysis;

/// <summary>
/// The world the edge analysis runs in, for tests and the benchmark: the test clip's pictures known
/// to the Rekognition stand-in's face engine, and a collection where Obama is indexed (from his
/// photo, as <c>faces/obama/obama.jpg</c>) and Biden is not (an unknown face).
/// </summary>
public sealed class ClipWorld : IAsyncDisposable
{
    public const string CollectionId = "eye-of-horus-faces";
    public const double CropMargin = 0.5;

    private ClipWorld(RekognitionStandIn rekognition, ClipFaceEngine engine, string directory)
    {
        Rekognition = rekognition;
        Engine = engine;
        Directory = directory;
    }

    public RekognitionStandIn Rekognition { get; }
    public ClipFaceEngine Engine { get; }
    public string Directory { get; }
    public static string ObamaExternalImageId => FaceNaming.Encode("obama", "obama.jpg");

    public static async Task<ClipWorld> StartAsync()
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("horus-world-").FullName;
        var engine = new ClipFaceEngine();
        var obama = await TestClip.RenderFrameAsync(ClipSegment.Face(1, "obama.jpg"), directory);
        engine.LearnFrame(obama.Jpeg, obama.Faces, ["obama"], CropMargin);
        var biden = await TestClip.RenderFrameAsync(ClipSegment.Face(1, "biden2.jpg"), directory);
        engine.LearnFrame(biden.Jpeg, biden.Faces, ["biden"], CropMargin);
        var pair = await TestClip.RenderFrameAsync(ClipSegment.Pair(1, "obama.jpg", "biden2.jpg"), directory);
        engine.LearnFrame(pair.Jpeg, pair.Faces, ["obama", "biden"], CropMargin);
        var photo = await File.ReadAllBytesAsync(TestClip.Photo("obama.jpg"));
        engine.Add(photo, EngineFace.Portrait("obama"));

        var rekognition = await RekognitionStandIn.StartAsync(engine);
        rekognition.CreateCollection(CollectionId);
        var client = new RekognitionClient(LocalAws.Options(rekognition.Endpoint));
        var indexed = await client.IndexFacesAsync(new IndexFacesRequest
        {
            CollectionId = CollectionId,
            Image = new Image { Bytes = photo },
            ExternalImageId = ObamaExternalImageId,
            MaxFaces = 1,
            QualityFilter = "AUTO",
        });
        Assert.Single(indexed.FaceRecords!);
        return new ClipWorld(rekognition, engine, directory);
    }

    public async ValueTask DisposeAsync()
    {
        await Rekognition.DisposeAsync();
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
    }
}
