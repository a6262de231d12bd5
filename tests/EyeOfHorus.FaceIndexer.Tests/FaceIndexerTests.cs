using System.Text.Json.Nodes;
using EyeOfHorus.Recognition;
using EyeOfHorus.Recognition.Faces;
using EyeOfHorus.Testing.Rekognition;

namespace EyeOfHorus.FaceIndexer.Tests;

/// <summary>Photos become faces, re-uploads replace them, removals take them away.</summary>
public sealed class FaceIndexerTests(IndexerFixture s3) : IClassFixture<IndexerFixture>, IAsyncLifetime
{
    private IndexerWorld _world = null!;

    public async Task InitializeAsync() => _world = await IndexerWorld.StartAsync(s3);

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task A_portrait_is_indexed_under_its_person_and_photo_and_tagged_indexed()
    {
        var photo = Photos.Load("obama.jpg");

        var outcome = await _world.UploadAsync("faces/Barack Obama/obama.jpg", photo);

        Assert.Equal(new PhotoOutcome(PhotoOutcome.Indexed, "ObjectCreated:Put", _world.Bucket, "faces/Barack Obama/obama.jpg", "Barack Obama", "obama.jpg", 1,
            Version: _world.S3StandIn.CurrentVersionId(_world.Bucket, "faces/Barack Obama/obama.jpg")), outcome);
        var face = Assert.Single(_world.Faces);
        Assert.Equal(new FaceIdentity("Barack Obama", "obama.jpg"), FaceNaming.Decode(face.ExternalImageId));
        Assert.Equal(IndexerWorld.FaceOf(photo), face.IdentityKey);
        Assert.Equal(new Dictionary<string, string> { ["horus:status"] = "indexed" }, await _world.TagsAsync("faces/Barack Obama/obama.jpg"));
        Assert.Empty(_world.Sns.Published);
        var log = Assert.Single(_world.LogLines());
        Assert.Equal("indexed", log["outcome"]!.GetValue<string>());
        Assert.Equal("Barack Obama", log["person"]!.GetValue<string>());
        Assert.Equal(outcome.Version, log["version"]!.GetValue<string>());

        var request = JsonNode.Parse(_world.Rekognition.Requests.Single(r => r.Operation == "IndexFaces").Body)!;
        Assert.Equal("AUTO", request["QualityFilter"]!.GetValue<string>());
        Assert.True(request["MaxFaces"]!.GetValue<int>() > 1);
        Assert.Equal(_world.Bucket, request["Image"]!["S3Object"]!["Bucket"]!.GetValue<string>());
        Assert.Equal("faces/Barack Obama/obama.jpg", request["Image"]!["S3Object"]!["Name"]!.GetValue<string>());
        Assert.Equal(outcome.Version, request["Image"]!["S3Object"]!["Version"]!.GetValue<string>());
        Assert.Equal(0, _world.Rekognition.CallCount("ListFaces"));
    }

    [Fact]
    public async Task Re_uploading_a_photo_replaces_its_faces_and_leaves_other_photos_alone()
    {
        var first = Photos.Load("obama.jpg");
        var second = Photos.Load("obama2.jpg");
        var other = Photos.Load("obama3.jpg");
        await _world.UploadAsync("faces/Barack Obama/me.jpg", first);
        await _world.UploadAsync("faces/Barack Obama/other.jpg", other);

        var outcome = await _world.UploadAsync("faces/Barack Obama/me.jpg", second);

        Assert.Equal(PhotoOutcome.Indexed, outcome.Outcome);
        Assert.Equal(new[] { IndexerWorld.FaceOf(second), IndexerWorld.FaceOf(other) }.Order(StringComparer.Ordinal), _world.Faces.Select(f => f.IdentityKey).Order(StringComparer.Ordinal));
        Assert.Equal(2, _world.Faces.Select(f => f.ExternalImageId).Distinct().Count());
    }

    [Fact]
    public async Task Removing_a_photo_removes_its_faces_only()
    {
        var mine = Photos.Load("biden.jpg");
        var other = Photos.Load("biden2.jpg");
        await _world.UploadAsync("faces/Joe Biden/1.jpg", mine);
        await _world.UploadAsync("faces/Joe Biden/2.jpg", other);
        await _world.DeleteAsync("faces/Joe Biden/1.jpg");

        var result = await _world.InvokeAsync(Events.Removed(_world.Bucket, "faces/Joe Biden/1.jpg"));

        Assert.Equal(new PhotoOutcome(PhotoOutcome.Removed, "ObjectRemoved:Delete", _world.Bucket, "faces/Joe Biden/1.jpg", "Joe Biden", "1.jpg", 1), Assert.Single(result.Outcomes));
        Assert.Equal(0, _world.Rekognition.CallCount("ListFaces"));
        Assert.Equal(IndexerWorld.FaceOf(other), Assert.Single(_world.Faces).IdentityKey);
        Assert.Equal(1, _world.Rekognition.CallCount("DeleteFaces"));
    }

    [Fact]
    public async Task Without_ListBucket_a_removed_photo_reads_as_access_denied_and_its_faces_still_go()
    {
        await using var world = await IndexerWorld.StartAsync(s3, listBucketAllowed: false);
        var photo = Photos.Load("biden.jpg");
        await world.UploadAsync("faces/Joe Biden/1.jpg", photo);
        await world.DeleteAsync("faces/Joe Biden/1.jpg");

        var outcome = Assert.Single((await world.InvokeAsync(Events.Removed(world.Bucket, "faces/Joe Biden/1.jpg"))).Outcomes);

        Assert.Equal((PhotoOutcome.Removed, 1), (outcome.Outcome, outcome.Faces));
        Assert.Empty(world.Faces);
        // A late creation event for the key now gone: 403 again, and again it means gone.
        var late = Assert.Single((await world.InvokeAsync(world.S3Events()[0])).Outcomes);
        Assert.Equal((PhotoOutcome.Ignored, 0), (late.Outcome, late.Faces));
        Assert.Empty(world.Faces);
    }

    [Fact]
    public async Task A_removal_overtaken_by_a_re_upload_keeps_the_faces_of_the_photo_now_there()
    {
        var photo = Photos.Load("obama.jpg");
        await _world.UploadAsync("faces/Barack Obama/me.jpg", photo);

        // Delete, re-upload, and the removal's event arrives last (S3 does not order deliveries).
        var outcome = Assert.Single((await _world.InvokeAsync(Events.Removed(_world.Bucket, "faces/Barack Obama/me.jpg"))).Outcomes);

        Assert.Equal(PhotoOutcome.Indexed, outcome.Outcome);
        Assert.Contains("already indexed", outcome.Detail, StringComparison.Ordinal);
        Assert.Single(_world.Faces);
        Assert.Equal(1, _world.Rekognition.CallCount("IndexFaces"));
    }

    [Fact]
    public async Task A_photo_replaced_while_it_is_indexed_leaves_only_the_newer_photos_faces()
    {
        const string key = "faces/Barack Obama/me.jpg";
        var older = Photos.Load("obama.jpg");
        var newer = Photos.Load("obama2.jpg");
        var olderVersion = await _world.PutAsync(key, older);
        _world.WhileRekognitionReadsTheImage = () => _world.PutAsync(key, newer);

        var first = Assert.Single((await _world.InvokeAsync(_world.S3Events()[0])).Outcomes);

        Assert.Equal((PhotoOutcome.Indexed, olderVersion), (first.Outcome, first.Version)); // IndexFaces read exactly the older version
        var second = Assert.Single((await _world.InvokeAsync(_world.S3Events()[1])).Outcomes); // the newer upload's event
        Assert.Equal((PhotoOutcome.Indexed, _world.S3StandIn.CurrentVersionId(_world.Bucket, key)), (second.Outcome, second.Version));
        Assert.Equal("1 face(s) of another version deleted", second.Detail);
        Assert.Equal(IndexerWorld.FaceOf(newer), Assert.Single(_world.Faces).IdentityKey);
    }

    [Fact]
    public async Task A_photo_removed_while_it_is_indexed_leaves_no_faces_once_the_removal_is_delivered()
    {
        const string key = "faces/Barack Obama/me.jpg";
        var photo = Photos.Load("obama.jpg");
        await _world.PutAsync(key, photo);
        _world.WhileRekognitionReadsTheImage = () => _world.DeleteAsync(key);

        await _world.InvokeAsync(_world.S3Events()[0]);
        var removal = Assert.Single((await _world.InvokeAsync(_world.S3Events()[1])).Outcomes);

        Assert.Equal((PhotoOutcome.Removed, "ObjectRemoved:DeleteMarkerCreated", 1), (removal.Outcome, removal.EventName, removal.Faces));
        Assert.Empty(_world.Faces);
    }

    [Fact]
    public async Task A_version_deleted_for_good_while_it_is_indexed_is_reported_untagged_and_its_deletion_event_removes_the_face()
    {
        const string key = "faces/Barack Obama/me.jpg";
        var version = await _world.PutAsync(key, Photos.Load("obama.jpg"));
        _world.WhileRekognitionReadsTheImage = () => _world.DeleteVersionAsync(key, version);

        var first = Assert.Single((await _world.InvokeAsync(_world.S3Events()[0])).Outcomes);

        Assert.Equal((PhotoOutcome.Indexed, version, "not tagged: the version is gone"), (first.Outcome, first.Version, first.Tagging));
        var removal = Assert.Single((await _world.InvokeAsync(_world.S3Events()[1])).Outcomes);
        Assert.Equal((PhotoOutcome.Removed, 1), (removal.Outcome, removal.Faces));
        Assert.Empty(_world.Faces);
    }

    [Fact]
    public async Task A_version_deleted_before_IndexFaces_reads_it_is_superseded_not_a_failure()
    {
        const string key = "faces/Barack Obama/me.jpg";
        var photo = Photos.Load("obama.jpg");
        var version = await _world.PutAsync(key, photo);
        // Deleted for good between the indexer's read of the bytes and Rekognition's.
        _world.BeforeRekognitionReadsTheImage = () => _world.DeleteVersionAsync(key, version);

        var outcome = Assert.Single((await _world.InvokeAsync(_world.S3Events()[0])).Outcomes);

        Assert.Equal(PhotoOutcome.Ignored, outcome.Outcome);
        Assert.Contains("replaced or deleted while it was read", outcome.Detail, StringComparison.Ordinal);
        Assert.Empty(_world.Faces);
    }

    [Fact]
    public async Task Rekognition_unable_to_read_a_version_S3_still_holds_is_a_setup_problem_and_fails()
    {
        const string key = "faces/Barack Obama/me.jpg";
        var photo = Photos.Load("obama.jpg");
        await _world.PutAsync(key, photo);
        _world.Rekognition.FailNext("IndexFaces", new RekognitionFault("InvalidS3ObjectException", 400,
            "Unable to get object metadata from S3. Check object key, region and/or access permissions."));

        var e = await Assert.ThrowsAsync<EyeOfHorus.Aws.AwsServiceException>(() => _world.InvokeAsync(_world.S3Events()[0]));

        Assert.Equal("InvalidS3ObjectException", e.ErrorCode);
        Assert.Empty(_world.Faces);
    }

    [Fact]
    public async Task A_creation_event_for_an_object_already_gone_indexes_nothing()
    {
        var outcome = Assert.Single((await _world.InvokeAsync(Events.Created(_world.Bucket, "faces/Ghost/gone.jpg"))).Outcomes);

        Assert.Equal(PhotoOutcome.Ignored, outcome.Outcome);
        Assert.Contains("holds no photo", outcome.Detail, StringComparison.Ordinal);
        Assert.Equal(0, _world.Rekognition.CallCount("IndexFaces"));
    }

    [Fact]
    public async Task The_objects_own_tags_are_kept_beside_the_horus_tags()
    {
        var photo = Photos.Load("obama.jpg");
        await _world.PutAsync("faces/Barack Obama/me.jpg", photo, ("owner", "front-desk"), ("horus:reason", "no-face"));

        await _world.InvokeAsync(Events.Created(_world.Bucket, "faces/Barack Obama/me.jpg"));

        Assert.Equal(new Dictionary<string, string> { ["owner"] = "front-desk", ["horus:status"] = "indexed" },
            await _world.TagsAsync("faces/Barack Obama/me.jpg"));
    }

    [Theory]
    [InlineData("Jean Luc Picard", "bridge 1.jpg")]        // spaces arrive as '+'
    [InlineData("C++ Fan", "a+b.jpg")]                     // '+' arrives as %2B
    [InlineData("alice@example.com", "me@home.jpg")]       // '@' arrives as %40
    [InlineData("100% Sure", "50%.jpg")]                   // '%' arrives as %25
    [InlineData("Zoë O'Brien", "été 🌞.jpg")]              // unicode arrives as UTF-8 %XX
    [InlineData("李小龍", "照片.png")]
    [InlineData("a_20b", "x:y.jpg")]                       // the escape and separator characters of ExternalImageId
    public async Task Names_with_spaces_plus_at_percent_and_unicode_round_trip_exactly(string person, string photoName)
    {
        var photo = Photos.Load("obama_small.jpg");
        var key = $"faces/{person}/{photoName}";

        var outcome = await _world.UploadAsync(key, photo);

        Assert.Equal((PhotoOutcome.Indexed, key, person, photoName), (outcome.Outcome, outcome.Key, outcome.Person, outcome.Photo));
        Assert.Equal(new FaceIdentity(person, photoName), FaceNaming.Decode(Assert.Single(_world.Faces).ExternalImageId));
        Assert.Equal("indexed", (await _world.TagsAsync(key))["horus:status"]);

        await _world.DeleteAsync(key);
        var removed = Assert.Single((await _world.InvokeAsync(Events.Removed(_world.Bucket, key))).Outcomes);
        Assert.Equal((PhotoOutcome.Removed, 1), (removed.Outcome, removed.Faces));
        Assert.Empty(_world.Faces);
    }

    [Theory]
    [MemberData(nameof(AllPortraits))]
    public async Task Every_shared_portrait_passes_the_photo_checks_and_is_indexed(string name)
    {
        var photo = Photos.Load(name);
        Assert.Equal(new PhotoVerdict(PhotoFormat.Jpeg, null, null), PhotoCheck.Inspect(photo));

        Assert.Equal(PhotoOutcome.Indexed, (await _world.UploadAsync($"faces/Someone/{name}", photo)).Outcome);
    }

    public static TheoryData<string> AllPortraits() => [.. Photos.Portraits];

    [Fact]
    public async Task A_PNG_photo_is_indexed()
    {
        var png = Photos.Png("obama.jpg");
        Assert.Equal(PhotoFormat.Png, PhotoCheck.Inspect(png).Format);

        Assert.Equal(PhotoOutcome.Indexed, (await _world.UploadAsync("faces/Grey/me.png", png)).Outcome);
    }
}
