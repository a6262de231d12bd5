using EyeOfHorus.Aws;
using EyeOfHorus.Testing;
using EyeOfHorus.Testing.Rekognition;

namespace EyeOfHorus.FaceIndexer.Tests;

/// <summary>
/// The Rekognition stand-in with the project's face engine instead of a script: IndexFaces,
/// SearchFacesByImage and DetectFaces over our signed client recognise the shared photos for real.
/// </summary>
public sealed class StandInRealRecognitionTests : IAsyncLifetime
{
    private const string Collection = "eye-of-horus-faces";
    private static readonly string Photos = Path.Combine(RepoPaths.Root, "tests", "EyeOfHorus.FaceEngine.Tests", "Vectors", "faces");
    private readonly LocalEngineFaces _engine = LocalEngineFaces.Load();
    private RekognitionStandIn _rekognition = null!;
    private RekognitionClient _client = null!;

    public async Task InitializeAsync()
    {
        _rekognition = await RekognitionStandIn.StartAsync(_engine);
        _rekognition.CreateCollection(Collection);
        _client = new RekognitionClient(new AwsClientOptions
        {
            Region = "us-east-1",
            Credentials = new StaticCredentialSource(new AwsCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")),
            Endpoint = _rekognition.Endpoint,
            MaxAttempts = 1,
        });
    }

    public async Task DisposeAsync()
    {
        await _rekognition.DisposeAsync();
        _engine.Dispose();
    }

    private static Image Photo(string name) => new() { Bytes = File.ReadAllBytes(Path.Combine(Photos, name)) };

    private async Task<string> IndexAsync(string photo, string person)
    {
        var indexed = await _client.IndexFacesAsync(new IndexFacesRequest
        {
            CollectionId = Collection, Image = Photo(photo), ExternalImageId = person, MaxFaces = 1, QualityFilter = "AUTO",
        });
        return Assert.Single(indexed.FaceRecords!).Face!.FaceId!;
    }

    [Fact]
    public async Task Another_photo_of_an_indexed_person_matches_them_and_a_stranger_matches_no_one()
    {
        var obama = await IndexAsync("obama.jpg", "obama");

        var same = await _client.SearchFacesByImageAsync(new SearchFacesByImageRequest { CollectionId = Collection, Image = Photo("obama2.jpg"), FaceMatchThreshold = 90, MaxFaces = 5 });
        var match = Assert.Single(same.FaceMatches!);
        Assert.Equal(obama, match.Face!.FaceId);
        Assert.InRange(match.Similarity!.Value, 90f, 100f);

        var stranger = await _client.SearchFacesByImageAsync(new SearchFacesByImageRequest { CollectionId = Collection, Image = Photo("biden.jpg"), FaceMatchThreshold = 90, MaxFaces = 5 });
        Assert.Empty(stranger.FaceMatches!);
        var loose = await _client.SearchFacesByImageAsync(new SearchFacesByImageRequest { CollectionId = Collection, Image = Photo("biden.jpg"), FaceMatchThreshold = 0, MaxFaces = 5 });
        Assert.InRange(Assert.Single(loose.FaceMatches!).Similarity!.Value, 0f, 89.99f); // found, but well below the threshold
    }

    [Fact]
    public async Task Two_people_indexed_are_told_apart()
    {
        var obama = await IndexAsync("obama.jpg", "obama");
        var biden = await IndexAsync("biden.jpg", "biden");

        var search = await _client.SearchFacesByImageAsync(new SearchFacesByImageRequest { CollectionId = Collection, Image = Photo("biden2.jpg"), FaceMatchThreshold = 90, MaxFaces = 5 });

        Assert.Equal(biden, Assert.Single(search.FaceMatches!).Face!.FaceId);
        Assert.NotEqual(obama, biden);
    }

    [Fact]
    public async Task DetectFaces_finds_the_face_where_the_engine_does_and_a_broken_photo_is_an_invalid_image()
    {
        var detected = await _client.DetectFacesAsync(new DetectFacesRequest { Image = Photo("obama.jpg") });
        var box = Assert.Single(detected.FaceDetails!).BoundingBox!;
        Assert.InRange(box.Left!.Value, 0.05f, 0.7f);
        Assert.InRange(box.Width!.Value, 0.1f, 0.9f);

        var bytes = File.ReadAllBytes(Path.Combine(Photos, "obama.jpg"));
        var error = await Assert.ThrowsAsync<AwsServiceException>(() =>
            _client.DetectFacesAsync(new DetectFacesRequest { Image = new Image { Bytes = bytes[..(bytes.Length / 3)] } }));
        Assert.Equal("InvalidImageFormatException", error.ErrorCode);
    }
}
