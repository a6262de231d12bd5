using System.Text.Json;
using Amazon.DynamoDBv2.Model;
using EyeOfHorus.Testing.Rekognition;

namespace EyeOfHorus.FaceIndexer.Tests;

/// <summary>
/// S3's delivery model, case by case, with the events the S3 stand-in recorded (version ids and
/// sequencers as S3 sends them): out of order, repeated, concurrent, naming versions deleted since.
/// </summary>
public sealed class FaceIndexerDeliveryTests(IndexerFixture fixture) : IClassFixture<IndexerFixture>, IAsyncLifetime
{
    private const string Key = "faces/Barack Obama/me.jpg";
    private readonly byte[] _obama = Photos.Load("obama.jpg");
    private readonly byte[] _stranger = Photos.Load("biden.jpg");
    private IndexerWorld _world = null!;

    public async Task InitializeAsync()
    {
        _world = await IndexerWorld.StartAsync(fixture);
    }

    public async Task DisposeAsync() => await _world.DisposeAsync();

    private async Task<PhotoOutcome> DeliverAsync(int index) => Assert.Single((await _world.InvokeAsync(_world.S3Events()[index])).Outcomes);

    private async Task AssertCollectionHoldsAsync(string? identity)
    {
        if (identity is null) Assert.Empty(_world.Faces);
        else Assert.Equal(identity, Assert.Single(_world.Faces).IdentityKey);
        var tags = await _world.TagsAsync(Key);
        if (identity is not null) Assert.Equal("indexed", tags["horus:status"]);
    }

    [Fact]
    public async Task An_overwrites_events_in_reverse_order_leave_the_new_versions_face()
    {
        await _world.PutAsync(Key, _stranger);
        await _world.PutAsync(Key, _obama);

        var newest = await DeliverAsync(1);
        var late = await DeliverAsync(0);

        Assert.Equal(PhotoOutcome.Indexed, newest.Outcome);
        Assert.Equal((PhotoOutcome.Indexed, newest.Version), (late.Outcome, late.Version)); // the late event acts on the current version
        await AssertCollectionHoldsAsync(IndexerWorld.FaceOf(_obama));
        Assert.Equal(1, _world.Rekognition.CallCount("IndexFaces"));
    }

    [Fact]
    public async Task Rolling_back_by_deleting_the_newest_version_indexes_the_older_one_and_drops_the_stranger()
    {
        var good = await _world.PutAsync(Key, _obama);
        await DeliverAsync(0);
        var mistake = await _world.PutAsync(Key, _stranger);
        await DeliverAsync(1);
        await AssertCollectionHoldsAsync(IndexerWorld.FaceOf(_stranger));

        await _world.DeleteVersionAsync(Key, mistake);
        var rollback = await DeliverAsync(2);

        Assert.Equal(("ObjectRemoved:Delete", PhotoOutcome.Indexed, good), (rollback.EventName, rollback.Outcome, rollback.Version));
        await AssertCollectionHoldsAsync(IndexerWorld.FaceOf(_obama));
        Assert.Equal(good, _world.S3StandIn.CurrentVersionId(_world.Bucket, Key));
    }

    [Fact]
    public async Task A_delete_marker_removes_the_faces_and_removing_the_marker_brings_them_back()
    {
        await _world.UploadAsync(Key, _obama);
        var removed = await _world.RemoveAsync(Key);
        Assert.Equal((PhotoOutcome.Removed, 1), (removed.Outcome, removed.Faces));
        Assert.Empty(_world.Faces);

        var marker = _world.S3Events()[^1]["Records"]![0]!["s3"]!["object"]!["versionId"]!.GetValue<string>();
        await _world.DeleteVersionAsync(Key, marker);
        var restored = await DeliverAsync(2);

        Assert.Equal(PhotoOutcome.Indexed, restored.Outcome);
        await AssertCollectionHoldsAsync(IndexerWorld.FaceOf(_obama));
    }

    [Fact]
    public async Task The_same_event_delivered_to_two_environments_at_once_gives_one_face()
    {
        await _world.PutAsync(Key, _obama);
        var other = _world.NewFunction(TextWriter.Null);
        var @event = _world.S3Events()[0];

        var results = await Task.WhenAll(_world.InvokeAsync(@event), IndexerWorld.InvokeAsync(other, @event));

        Assert.All(results, r => Assert.Equal(PhotoOutcome.Indexed, Assert.Single(r.Outcomes).Outcome));
        await AssertCollectionHoldsAsync(IndexerWorld.FaceOf(_obama));
        Assert.Equal(1, _world.Rekognition.CallCount("IndexFaces"));
    }

    [Fact]
    public async Task A_rejected_photo_delivered_twice_at_once_and_replayed_later_notifies_once()
    {
        await _world.PutAsync(Key, Photos.TextNamedJpg());
        var other = _world.NewFunction(TextWriter.Null);
        var @event = _world.S3Events()[0];

        var results = await Task.WhenAll(_world.InvokeAsync(@event), IndexerWorld.InvokeAsync(other, @event));
        var replay = await DeliverAsync(0);

        var outcomes = results.Select(r => Assert.Single(r.Outcomes)).Append(replay).ToList();
        Assert.All(outcomes, o => Assert.Equal((PhotoOutcome.Rejected, "not-an-image"), (o.Outcome, o.Reason)));
        Assert.Equal(1, outcomes.Count(o => o.Notified == true));
        Assert.Single(_world.Sns.Published);
        Assert.Equal("rejected:not-an-image", (await _world.TagsAsync(Key))["horus:status"]);
    }

    [Fact]
    public async Task A_rejected_version_made_current_again_by_a_rollback_is_not_reported_again()
    {
        await _world.PutAsync(Key, Photos.Blank());
        await DeliverAsync(0);
        var newer = await _world.PutAsync(Key, _obama);
        await DeliverAsync(1);

        await _world.DeleteVersionAsync(Key, newer);
        var rollback = await DeliverAsync(2);

        Assert.Equal((PhotoOutcome.Rejected, "no-face", false), (rollback.Outcome, rollback.Reason, rollback.Notified));
        // Known from the ledger's r:<version> before any check runs again.
        Assert.Equal("already rejected and reported; 1 face(s) of another version deleted", rollback.Detail);
        Assert.Single(_world.Sns.Published);
        Assert.Empty(_world.Faces);
    }

    [Fact]
    public async Task Without_ListBucket_a_version_deleted_before_its_create_event_is_handled_is_gone_not_a_failure()
    {
        await using var world = await IndexerWorld.StartAsync(fixture, listBucketAllowed: false);
        var version = await world.PutAsync(Key, _obama);
        await world.DeleteVersionAsync(Key, version);

        var created = Assert.Single((await world.InvokeAsync(world.S3Events()[0])).Outcomes);
        var deleted = Assert.Single((await world.InvokeAsync(world.S3Events()[1])).Outcomes);

        Assert.Equal((PhotoOutcome.Ignored, PhotoOutcome.Ignored), (created.Outcome, deleted.Outcome));
        Assert.Empty(world.Faces);
        Assert.Equal(0, world.Rekognition.CallCount("IndexFaces"));
    }

    [Fact]
    public async Task Without_ListBucket_a_photo_deleted_after_indexing_is_removed_on_every_path()
    {
        await using var world = await IndexerWorld.StartAsync(fixture, listBucketAllowed: false);
        var version = await world.PutAsync(Key, _obama);
        await world.InvokeAsync(world.S3Events()[0]);
        await world.DeleteVersionAsync(Key, version);

        var removed = Assert.Single((await world.InvokeAsync(world.S3Events()[1])).Outcomes);
        var replay = Assert.Single((await world.InvokeAsync(world.S3Events()[0])).Outcomes);

        Assert.Equal((PhotoOutcome.Removed, 1), (removed.Outcome, removed.Faces));
        Assert.Equal(PhotoOutcome.Ignored, replay.Outcome);
        Assert.Empty(world.Faces);
    }

    [Theory]
    [InlineData(8, true)]
    [InlineData(9, true)]
    [InlineData(10, false)]
    public async Task A_rejected_photo_with_many_tags_of_its_own_is_still_reported(int ownTags, bool tagged)
    {
        var tags = Enumerable.Range(1, ownTags).Select(i => ($"tag{i}", $"value{i}")).ToArray();

        var outcome = await _world.UploadAsync(Key, Photos.Blank(), tags);

        Assert.Equal((PhotoOutcome.Rejected, "no-face", true), (outcome.Outcome, outcome.Reason, outcome.Notified));
        Assert.Single(_world.Sns.Published);
        var now = await _world.TagsAsync(Key);
        Assert.Equal(tagged ? ownTags + 1 : ownTags, now.Count);
        Assert.Equal(tagged, now.ContainsKey("horus:status"));
        if (tagged) Assert.Null(outcome.Tagging);
        else Assert.Equal("not tagged: the photo has 10 tags of its own and S3 allows 10", outcome.Tagging);
        Assert.Equal(outcome.Tagging, Assert.Single(_world.LogLines())["tagging"]?.GetValue<string>());
    }

    [Fact]
    public async Task An_indexed_photo_whose_tags_are_full_is_indexed_and_says_it_is_untagged()
    {
        var tags = Enumerable.Range(1, 10).Select(i => ($"tag{i}", $"value{i}")).ToArray();

        var outcome = await _world.UploadAsync(Key, _obama, tags);

        Assert.Equal(PhotoOutcome.Indexed, outcome.Outcome);
        Assert.StartsWith("not tagged", outcome.Tagging, StringComparison.Ordinal);
        Assert.Single(_world.Faces);
    }

    [Fact]
    public async Task Old_horus_tags_are_replaced_by_the_one_status_tag()
    {
        var outcome = await _world.UploadAsync(Key, _obama,
            [.. Enumerable.Range(1, 7).Select(i => ($"tag{i}", "v")), ("horus:status", "rejected"), ("horus:reason", "no-face"), ("horus:faces", "0")]);

        Assert.Null(outcome.Tagging);
        var tags = await _world.TagsAsync(Key);
        Assert.Equal(8, tags.Count);
        Assert.Equal("indexed", tags["horus:status"]);
    }

    [Fact]
    public async Task Finding_a_photos_faces_never_lists_the_collection()
    {
        await _world.UploadAsync("faces/Barack Obama/other.jpg", _stranger);
        await _world.UploadAsync(Key, _obama);
        await _world.UploadAsync(Key, _stranger);
        await _world.RemoveAsync(Key);

        Assert.Equal(0, _world.Rekognition.CallCount("ListFaces"));
        Assert.Equal(IndexerWorld.FaceOf(_stranger), Assert.Single(_world.Faces).IdentityKey);
    }

    [Fact]
    public async Task A_lease_left_by_a_crashed_invocation_is_taken_over_once_it_expires()
    {
        await _world.PutAsync(Key, _obama);
        await PlantLeaseAsync(DateTimeOffset.UtcNow.AddSeconds(1));
        var function = _world.NewFunction(TextWriter.Null, _world.Settings with { LeaseWait = TimeSpan.FromSeconds(10) });

        var outcome = Assert.Single((await IndexerWorld.InvokeAsync(function, _world.S3Events()[0])).Outcomes);

        Assert.Equal(PhotoOutcome.Indexed, outcome.Outcome);
    }

    [Fact]
    public async Task A_key_busy_for_longer_than_the_wait_fails_the_invocation_so_Lambda_retries_it()
    {
        await _world.PutAsync(Key, _obama);
        await PlantLeaseAsync(DateTimeOffset.UtcNow.AddMinutes(5));
        var function = _world.NewFunction(_world.Log, _world.Settings with { LeaseWait = TimeSpan.FromMilliseconds(300) });

        var e = await Assert.ThrowsAsync<PhotoBusyException>(() => IndexerWorld.InvokeAsync(function, _world.S3Events()[0]));

        Assert.Contains(Key, e.Message, StringComparison.Ordinal);
        Assert.Equal("failed", Assert.Single(_world.LogLines())["outcome"]!.GetValue<string>());
        Assert.Empty(_world.Faces);
    }

    private Task PlantLeaseAsync(DateTimeOffset until) =>
        fixture.Dynamo.PutItemAsync(new PutItemRequest
        {
            TableName = _world.Table,
            Item = new()
            {
                ["pk"] = new() { S = Key },
                ["lease"] = new() { S = "crashed-invocation" },
                ["leaseUntil"] = new() { N = until.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture) },
            },
        });

    [Fact]
    public async Task The_notice_names_the_version_it_is_about()
    {
        var outcome = await _world.UploadAsync(Key, Photos.Blank());

        var notice = JsonSerializer.Deserialize(Assert.Single(_world.Sns.Published).MessageFor("sqs"), FaceIndexerJsonContext.Default.RejectionNotice)!;
        Assert.Equal(_world.S3StandIn.CurrentVersionId(_world.Bucket, Key), notice.VersionId);
        Assert.Equal(outcome.Version, notice.VersionId);
    }
}
