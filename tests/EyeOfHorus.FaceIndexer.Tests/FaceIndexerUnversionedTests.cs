using EyeOfHorus.Testing.Rekognition;

namespace EyeOfHorus.FaceIndexer.Tests;

/// <summary>
/// A bucket without versioning: HeadObject names no version, so the indexer knows the current object
/// by its ETag (<c>etag:&lt;ETag&gt;</c>) and an overwrite still replaces the photo's face.
/// </summary>
public sealed class FaceIndexerUnversionedTests(IndexerFixture fixture) : IClassFixture<IndexerFixture>, IAsyncLifetime
{
    private const string Key = "faces/Barack Obama/me.jpg";
    private readonly byte[] _obama = Photos.Load("obama.jpg");
    private readonly byte[] _stranger = Photos.Load("biden.jpg");
    private IndexerWorld _world = null!;

    public async Task InitializeAsync()
    {
        _world = await IndexerWorld.StartAsync(fixture, versioned: false);
    }

    public async Task DisposeAsync() => await _world.DisposeAsync();

    private async Task<PhotoOutcome> DeliverAsync(int index) => Assert.Single((await _world.InvokeAsync(_world.S3Events()[index])).Outcomes);

    [Fact]
    public async Task An_overwrite_replaces_the_face_whatever_the_order_of_its_events_and_a_delete_removes_it()
    {
        await _world.PutAsync(Key, _stranger);
        await _world.PutAsync(Key, _obama);

        var newest = await DeliverAsync(1);
        var late = await DeliverAsync(0);

        Assert.Equal(PhotoOutcome.Indexed, newest.Outcome);
        Assert.StartsWith("etag:", newest.Version, StringComparison.Ordinal);
        Assert.Equal((PhotoOutcome.Indexed, newest.Version), (late.Outcome, late.Version));
        Assert.Equal(IndexerWorld.FaceOf(_obama), Assert.Single(_world.Faces).IdentityKey);
        Assert.Equal("indexed", (await _world.TagsAsync(Key))["horus:status"]);
        Assert.Equal(1, _world.Rekognition.CallCount("IndexFaces"));

        await _world.PutAsync(Key, _stranger);
        var overwrite = await DeliverAsync(2);
        Assert.Equal(PhotoOutcome.Indexed, overwrite.Outcome);
        Assert.NotEqual(newest.Version, overwrite.Version);
        Assert.Equal(IndexerWorld.FaceOf(_stranger), Assert.Single(_world.Faces).IdentityKey);

        var removed = await _world.RemoveAsync(Key);
        Assert.Equal((PhotoOutcome.Removed, 1), (removed.Outcome, removed.Faces));
        Assert.Empty(_world.Faces);
    }
}
