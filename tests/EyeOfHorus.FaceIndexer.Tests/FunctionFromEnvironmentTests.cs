using EyeOfHorus.Contract;
using EyeOfHorus.Testing;

namespace EyeOfHorus.FaceIndexer.Tests;

/// <summary>Tests that set the process environment: they run alone, after the others.</summary>
[CollectionDefinition(nameof(ProcessEnvironment), DisableParallelization = true)]
public sealed class ProcessEnvironment;

/// <summary>
/// The constructor the Lambda runtime calls: settings, clients and (in local mode) the photo check from the
/// environment the stack sets, with the AWS endpoints pointed at the stand-ins (AWS_ENDPOINT_URL_*).
/// </summary>
[Collection(nameof(ProcessEnvironment))]
public sealed class FunctionFromEnvironmentTests(IndexerFixture fixture) : IClassFixture<IndexerFixture>, IAsyncLifetime
{
    private const string Key = "faces/Barack Obama/portrait.jpg";
    private IndexerWorld _world = null!;

    public async Task InitializeAsync() => _world = await IndexerWorld.StartAsync(fixture);

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task In_the_default_mode_photos_are_indexed_in_Rekognitions_collection()
    {
        var photo = Photos.Load("obama.jpg");
        await _world.PutAsync(Key, photo);
        using (SetEnvironment(local: false))
        {
            var outcome = Assert.Single((await IndexerWorld.InvokeAsync(new Function(), Events.Created(_world.Bucket, Key))).Outcomes);
            Assert.Equal((PhotoOutcome.Indexed, 1), (outcome.Outcome, outcome.Faces));
        }
        Assert.Equal(1, _world.Rekognition.CallCount("IndexFaces"));
        Assert.Equal(IndexerWorld.FaceOf(photo), Assert.Single(_world.Faces).IdentityKey);
        Assert.Equal(PhotoTags.Indexed, (await _world.TagsAsync(Key))[PhotoTags.Status]);
    }

    [Fact]
    public async Task In_local_mode_photos_are_checked_with_the_models_and_Rekognition_is_never_called()
    {
        await _world.PutAsync(Key, Photos.Load("obama.jpg"));
        await _world.PutAsync("faces/alice/blank.jpg", Photos.Blank());
        using (SetEnvironment(local: true))
        {
            var function = new Function();
            var indexed = Assert.Single((await IndexerWorld.InvokeAsync(function, Events.Created(_world.Bucket, Key))).Outcomes);
            Assert.Equal((PhotoOutcome.Indexed, 1), (indexed.Outcome, indexed.Faces));
            var rejected = Assert.Single((await IndexerWorld.InvokeAsync(function, Events.Created(_world.Bucket, "faces/alice/blank.jpg"))).Outcomes);
            Assert.Equal((PhotoOutcome.Rejected, PhotoRejection.NoFace.Code), (rejected.Outcome, rejected.Reason));
        }
        Assert.Empty(_world.Rekognition.Requests);
        Assert.Equal(PhotoRejection.NoFace.Code, Assert.Single(_world.Sns.Published).MessageAttributes["reason"].StringValue);
    }

    /// <summary>Sets what the stack (and the Lambda runtime) would set; the previous values come back on dispose.</summary>
    private Restore SetEnvironment(bool local)
    {
        var variables = new Dictionary<string, string?>
        {
            ["AWS_REGION"] = "us-east-1",
            ["AWS_ACCESS_KEY_ID"] = "AKIDFROMENVIRONMENT",
            ["AWS_SECRET_ACCESS_KEY"] = "environment-secret",
            ["AWS_SESSION_TOKEN"] = "environment-session",
            ["AWS_ENDPOINT_URL_S3"] = fixture.S3StandIn.Endpoint.AbsoluteUri,
            ["AWS_ENDPOINT_URL_DYNAMODB"] = fixture.Dynalite.Endpoint.AbsoluteUri,
            ["AWS_ENDPOINT_URL_SNS"] = _world.Sns.Endpoint.AbsoluteUri,
            ["AWS_ENDPOINT_URL_REKOGNITION"] = _world.Rekognition.Endpoint.AbsoluteUri,
            ["HORUS_MODELS"] = Path.Combine(RepoPaths.Root, "models"),
            [FaceIndexerEnvironment.Recognition] = local ? RecognitionModes.Local : null,
            [FaceIndexerEnvironment.CollectionId] = local ? null : IndexerWorld.CollectionId,
            [FaceIndexerEnvironment.TopicArn] = IndexerWorld.TopicArn,
            [FaceIndexerEnvironment.LedgerTable] = _world.Table,
            [FaceIndexerEnvironment.FacesPrefix] = null,
        };
        var before = variables.Keys.ToDictionary(k => k, Environment.GetEnvironmentVariable);
        foreach (var (name, value) in variables) Environment.SetEnvironmentVariable(name, value);
        return new Restore(before);
    }

    private sealed class Restore(Dictionary<string, string?> before) : IDisposable
    {
        public void Dispose()
        {
            foreach (var (name, value) in before) Environment.SetEnvironmentVariable(name, value);
        }
    }
}
