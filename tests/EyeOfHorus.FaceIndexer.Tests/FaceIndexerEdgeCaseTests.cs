using System.Text.Json.Nodes;
using EyeOfHorus.Contract;
using EyeOfHorus.Recognition.Faces;
using EyeOfHorus.Testing.Rekognition;
using EyeOfHorus.Testing.S3;

namespace EyeOfHorus.FaceIndexer.Tests;

/// <summary>
/// Answers that real services give rarely but do give: Rekognition's own size limit, an IndexFaces
/// answer without its lists, an overwrite between the indexer's look and its read, bad names in events
/// of unversioned buckets, and the tag that is already right.
/// </summary>
public sealed class FaceIndexerEdgeCaseTests(IndexerFixture fixture) : IClassFixture<IndexerFixture>, IAsyncLifetime
{
    private const string Key = "faces/Barack Obama/me.jpg";
    private readonly byte[] _obama = Photos.Load("obama.jpg");
    private readonly byte[] _biden = Photos.Load("biden.jpg");
    private IndexerWorld _world = null!;

    public async Task InitializeAsync() => _world = await StartAsync(versioned: true);

    public async Task DisposeAsync() => await _world.DisposeAsync();

    private async Task<IndexerWorld> StartAsync(bool versioned)
    {
        var world = await IndexerWorld.StartAsync(fixture, versioned: versioned);
        return world;
    }

    [Fact]
    public async Task Rekognitions_ImageTooLarge_under_our_15_MB_check_is_a_too_large_rejection()
    {
        _world.Rekognition.FailNext("IndexFaces", new RekognitionFault("ImageTooLargeException", 400, "Image size is too large."));

        var outcome = await _world.UploadAsync(Key, _obama);

        Assert.Equal((PhotoOutcome.Rejected, PhotoRejection.TooLarge.Code), (outcome.Outcome, outcome.Reason));
        Assert.Equal("Rekognition: ImageTooLargeException Image size is too large.", outcome.Detail);
        Assert.Equal("rejected:" + PhotoRejection.TooLarge.Code, (await _world.TagsAsync(Key))["horus:status"]);
        Assert.Equal(("String", PhotoRejection.TooLarge.Code), Assert.Single(_world.Sns.Published).MessageAttributes["reason"]);
        Assert.Empty(_world.Faces);
    }

    [Fact]
    public async Task An_IndexFaces_answer_without_face_records_or_unindexed_faces_is_no_face()
    {
        _world.Rekognition.AnswerNext("IndexFaces", new JsonObject { ["FaceModelVersion"] = RekognitionStandIn.FaceModelVersion });

        var outcome = await _world.UploadAsync(Key, _obama);

        Assert.Equal((PhotoOutcome.Rejected, PhotoRejection.NoFace.Code, 0), (outcome.Outcome, outcome.Reason, outcome.Faces));
    }

    [Fact]
    public async Task The_request_asks_for_the_photos_version_its_external_id_and_Rekognitions_quality_filter()
    {
        var outcome = await _world.UploadAsync(Key, _obama);

        var request = JsonNode.Parse(_world.Rekognition.Requests.Single(r => r.Operation == "IndexFaces").Body)!;
        Assert.Equal(outcome.Version, request["Image"]!["S3Object"]!["Version"]!.GetValue<string>());
        Assert.Equal((_world.Bucket, Key), (request["Image"]!["S3Object"]!["Bucket"]!.GetValue<string>(), request["Image"]!["S3Object"]!["Name"]!.GetValue<string>()));
        Assert.Equal(("AUTO", PhotoIndexer.MaxFacesToDetect, IndexerWorld.CollectionId),
            (request["QualityFilter"]!.GetValue<string>(), request["MaxFaces"]!.GetValue<int>(), request["CollectionId"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Unversioned_an_overwrite_between_the_look_and_the_read_is_caught_by_If_Match_and_left_to_its_own_event()
    {
        await using var world = await StartAsync(versioned: false);
        await world.PutAsync(Key, _obama);
        var first = world.S3Events()[^1];
        world.S3StandIn.BeforeNext(r => r.IsGetObject && r.Bucket == world.Bucket, () => world.PutAsync(Key, _biden));

        var raced = Assert.Single((await world.InvokeAsync(first)).Outcomes);

        Assert.Equal(PhotoOutcome.Ignored, raced.Outcome);
        Assert.Contains("replaced or deleted while it was read", raced.Detail, StringComparison.Ordinal);
        var get = world.S3StandIn.Requests.First(r => r.IsGetObject && r.Bucket == world.Bucket);
        Assert.Equal("\"" + first["Records"]![0]!["s3"]!["object"]!["eTag"]!.GetValue<string>() + "\"", get.IfMatch);
        Assert.Equal(0, world.Rekognition.CallCount("IndexFaces"));

        var overwrite = Assert.Single((await world.InvokeAsync(world.S3Events()[^1])).Outcomes);
        Assert.Equal(PhotoOutcome.Indexed, overwrite.Outcome);
        Assert.Equal(IndexerWorld.FaceOf(_biden), Assert.Single(world.Faces).IdentityKey);
    }

    [Fact]
    public async Task Versioned_reads_name_the_version_and_need_no_If_Match()
    {
        await _world.UploadAsync(Key, _obama);

        var get = _world.S3StandIn.Requests.Single(r => r.IsGetObject && r.Bucket == _world.Bucket);
        Assert.Equal((_world.S3StandIn.CurrentVersionId(_world.Bucket, Key), null), (get.VersionId, get.IfMatch));
    }

    [Fact]
    public async Task A_bad_name_in_an_unversioned_bucket_whose_event_says_version_null_is_tagged_on_the_object_itself()
    {
        await using var world = await StartAsync(versioned: false);
        const string badKey = "faces/obama.jpg";
        await world.PutAsync(badKey, _obama);
        var @event = world.S3Events()[^1];
        var @object = @event["Records"]![0]!["s3"]!["object"]!;
        @object["versionId"] = "null"; // what S3 writes for a bucket whose versioning is suspended

        var outcome = Assert.Single((await world.InvokeAsync(@event)).Outcomes);

        Assert.Equal((PhotoOutcome.Rejected, PhotoRejection.BadName.Code, null), (outcome.Outcome, outcome.Reason, outcome.Tagging));
        Assert.Equal("etag:" + @object["eTag"]!.GetValue<string>(), outcome.Version);
        Assert.Equal("rejected:" + PhotoRejection.BadName.Code, (await world.TagsAsync(badKey))["horus:status"]);
    }

    [Fact]
    public async Task A_bad_name_event_without_an_ETag_is_known_by_its_sequencer()
    {
        await using var world = await StartAsync(versioned: false);
        await world.PutAsync("faces/obama.jpg", _obama);
        var @event = world.S3Events()[^1];
        var @object = @event["Records"]![0]!["s3"]!["object"]!.AsObject();
        @object.Remove("eTag");

        var outcome = Assert.Single((await world.InvokeAsync(@event)).Outcomes);

        Assert.Equal((PhotoOutcome.Rejected, "etag:" + @object["sequencer"]!.GetValue<string>()), (outcome.Outcome, outcome.Version));
    }

    [Fact]
    public async Task A_bad_name_delivered_twice_is_reported_once_and_the_second_outcome_says_so()
    {
        await _world.PutAsync("faces/obama.jpg", _obama);
        var @event = _world.S3Events()[^1];

        var first = Assert.Single((await _world.InvokeAsync(@event)).Outcomes);
        var again = Assert.Single((await _world.InvokeAsync(@event)).Outcomes);

        Assert.Equal((PhotoOutcome.Rejected, true), (first.Outcome, first.Notified));
        Assert.Equal((PhotoOutcome.Rejected, false), (again.Outcome, again.Notified));
        Assert.Equal(first.Detail + "; already reported", again.Detail);
        Assert.Single(_world.Sns.Published);
    }

    [Fact]
    public async Task A_redelivered_event_does_not_rewrite_a_tag_that_is_already_right()
    {
        var indexed = await _world.UploadAsync(Key, _obama);
        var again = Assert.Single((await _world.InvokeAsync(_world.S3Events()[^1])).Outcomes);

        Assert.Equal((PhotoOutcome.Indexed, PhotoOutcome.Indexed, null), (indexed.Outcome, again.Outcome, again.Tagging));
        Assert.Single(_world.S3StandIn.Requests, r => r.IsPutTagging && r.Bucket == _world.Bucket && r.Key == Key);
    }

    [Fact]
    public async Task Beside_the_uploaders_own_tags_a_right_status_is_left_alone_and_a_wrong_one_replaced()
    {
        var indexed = await _world.UploadAsync(Key, _obama, ("album", "2024"));
        await _world.InvokeAsync(_world.S3Events()[^1]);
        Assert.Equal(PhotoOutcome.Indexed, indexed.Outcome);
        Assert.Single(_world.S3StandIn.Requests, r => r.IsPutTagging && r.Bucket == _world.Bucket && r.Key == Key);

        const string other = "faces/Barack Obama/second.jpg";
        var outcome = await _world.UploadAsync(other, _obama, ("horus:status", "rejected:no-face"));
        Assert.Equal(PhotoOutcome.Indexed, outcome.Outcome);
        Assert.Equal(new Dictionary<string, string> { ["horus:status"] = "indexed" }, await _world.TagsAsync(other));
    }

    [Fact]
    public async Task Stale_horus_tags_beside_a_right_status_are_dropped_and_the_uploaders_own_tags_kept()
    {
        var outcome = await _world.UploadAsync(Key, _obama, ("horus:status", "indexed"), ("horus:reason", "no-face"), ("album", "2024"));

        Assert.Equal(PhotoOutcome.Indexed, outcome.Outcome);
        Assert.Equal(new Dictionary<string, string> { ["horus:status"] = "indexed", ["album"] = "2024" }, await _world.TagsAsync(Key));
    }

    [Fact]
    public async Task A_photo_with_nine_tags_of_its_own_still_gets_its_status_and_one_with_ten_is_reported_not_tagged()
    {
        var nine = Enumerable.Range(1, 9).Select(i => ($"t{i}", "v")).ToArray();
        var ten = Enumerable.Range(1, 10).Select(i => ($"t{i}", "v")).ToArray();

        var tagged = await _world.UploadAsync(Key, _obama, nine);
        var untagged = await _world.UploadAsync("faces/Joe Biden/me.jpg", _biden, ten);

        Assert.Equal((null, "indexed"), (tagged.Tagging, (await _world.TagsAsync(Key))["horus:status"]));
        Assert.Equal($"not tagged: the photo has 10 tags of its own and S3 allows {PhotoIndexer.MaxTags}", untagged.Tagging);
        Assert.Equal(PhotoOutcome.Indexed, untagged.Outcome);
    }
}
