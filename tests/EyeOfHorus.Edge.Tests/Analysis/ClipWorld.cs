using EyeOfHorus.Aws;
using EyeOfHorus.Edge.Analysis;
using EyeOfHorus.Recognition;
using EyeOfHorus.Testing.Rekognition;
using Engine = EyeOfHorus.FaceEngine.FaceEngine;

namespace EyeOfHorus.Edge.Tests.Analysis;

/// <summary>
/// The world the edge analysis runs in, for tests and the benchmark: the Rekognition stand-in
/// recognising with the project's face engine (<see cref="LocalEngineFaces"/>), and a collection
/// where Obama is indexed from one photo (<c>faces/obama/obama.jpg</c>) and Biden is not (a
/// stranger). The clip shows other photos of them (<see cref="Known"/>, <see cref="Stranger"/>), so a
/// match is real recognition, not the same pixels. The analyzer gates with the same engine.
/// </summary>
public sealed class ClipWorld : IAsyncDisposable
{
    public const string CollectionId = "eye-of-horus-faces";

    /// <summary>The authorised person's photo in the collection.</summary>
    public const string Indexed = "obama.jpg";

    /// <summary>Another photo of the authorised person: what the camera sees.</summary>
    public const string Known = "obama2.jpg";

    /// <summary>A person never indexed.</summary>
    public const string Stranger = "biden2.jpg";

    private ClipWorld(RekognitionStandIn rekognition, string directory)
    {
        Rekognition = rekognition;
        Directory = directory;
    }

    public RekognitionStandIn Rekognition { get; }
    public string Directory { get; }

    /// <summary>The face engine the analyzer gates with (shared by the test process).</summary>
    public static Engine Engine => LocalEngineFaces.SharedEngine;

    public static string ObamaExternalImageId => FaceNaming.Encode("obama", Indexed);

    public static async Task<ClipWorld> StartAsync()
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("horus-world-").FullName;
        var rekognition = await RekognitionStandIn.StartAsync(LocalEngineFaces.OverSharedEngine());
        rekognition.CreateCollection(CollectionId);
        var client = new RekognitionClient(LocalAws.Options(rekognition.Endpoint));
        var indexed = await client.IndexFacesAsync(new IndexFacesRequest
        {
            CollectionId = CollectionId,
            Image = new Image { Bytes = await File.ReadAllBytesAsync(TestClip.Photo(Indexed)) },
            ExternalImageId = ObamaExternalImageId,
            MaxFaces = 1,
            QualityFilter = "AUTO",
        });
        Assert.Single(indexed.FaceRecords!);
        return new ClipWorld(rekognition, directory);
    }

    /// <summary>A session over this world's stand-in: the analyzer gated by <see cref="Engine"/>, searching with SearchFacesByImage.</summary>
    public AnalysisSession Session(AnalysisConfig config, KinesisClient kinesis, Amazon.S3.IAmazonS3? s3, TextWriter? log = null) =>
        new(config, Engine, AnalysisSession.RekognitionSearch(config, new RekognitionClient(LocalAws.Options(Rekognition.Endpoint)), log), kinesis, s3, log);

    public async ValueTask DisposeAsync()
    {
        await Rekognition.DisposeAsync();
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
    }
}
