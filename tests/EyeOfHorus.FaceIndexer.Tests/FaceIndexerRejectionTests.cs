using EyeOfHorus.Contract;
using EyeOfHorus.Recognition.Faces;
using EyeOfHorus.Testing.Rekognition;

namespace EyeOfHorus.FaceIndexer.Tests;

/// <summary>
/// Each rejection reason: nothing indexed, the object tagged rejected with the reason, one JSON log
/// line, one notice on the topic; and the invocation succeeds (no retry of a photo that cannot pass).
/// </summary>
public sealed class FaceIndexerRejectionTests(IndexerFixture s3) : IClassFixture<IndexerFixture>, IAsyncLifetime
{
    private IndexerWorld _world = null!;

    public async Task InitializeAsync() => _world = await IndexerWorld.StartAsync(s3);

    public async Task DisposeAsync() => await _world.DisposeAsync();

    private async Task AssertRejectedAsync(string key, byte[] content, PhotoRejection reason, string? person)
    {
        var outcome = await _world.UploadAsync(key, content);

        Assert.Equal((PhotoOutcome.Rejected, reason.Code, 0), (outcome.Outcome, outcome.Reason, outcome.Faces));
        Assert.Empty(_world.Faces);
        Assert.Equal(new Dictionary<string, string> { ["horus:status"] = "rejected:" + reason.Code },
            await _world.TagsAsync(key));

        var log = Assert.Single(_world.LogLines());
        Assert.Equal(("rejected", reason.Code, key), (log["outcome"]!.GetValue<string>(), log["reason"]!.GetValue<string>(), log["key"]!.GetValue<string>()));

        var notice = Assert.Single(_world.Sns.Published);
        Assert.Equal(IndexerWorld.TopicArn, notice.TopicArn);
        Assert.Equal(("String", "face_photo_rejected"), notice.MessageAttributes["event"]);
        Assert.Equal(("String", reason.Code), notice.MessageAttributes["reason"]);
        var text = notice.MessageFor("email");
        Assert.Contains(key, text, StringComparison.Ordinal);
        Assert.Contains(reason.Advice, text, StringComparison.Ordinal);
        var machine = System.Text.Json.JsonSerializer.Deserialize(notice.MessageFor("sqs"), FaceIndexerJsonContext.Default.RejectionNotice)!;
        Assert.Equal((reason.Code, key, person, outcome.Version), (machine.Reason, machine.Key, machine.Person, machine.VersionId));
        var who = person is null ? "" : $" of {person}";
        Assert.StartsWith($"The photo{who} s3://{_world.Bucket}/{key} was not added to the authorised faces.\n", text, StringComparison.Ordinal);
        Assert.Contains($"\nReason: {reason.Code}{(machine.Detail is null ? "" : $" ({machine.Detail})")}.\n", text, StringComparison.Ordinal);
        foreach (var protocol in new[] { "email-json", "sqs", "lambda", "https", "http" })
            Assert.Equal(notice.MessageFor("sqs"), notice.MessageFor(protocol));
        Assert.True(outcome.Notified);
    }

    [Fact]
    public async Task A_text_file_named_jpg_is_not_an_image() =>
        await AssertRejectedAsync("faces/Alice/holiday.jpg", Photos.TextNamedJpg(), PhotoRejection.NotAnImage, "Alice");

    [Fact]
    public async Task A_16_MB_file_is_too_large_and_is_not_even_read()
    {
        await AssertRejectedAsync("faces/Alice/huge.jpg", Photos.SixteenMegabytes(), PhotoRejection.TooLarge, "Alice");
        Assert.Equal(0, _world.Rekognition.CallCount("IndexFaces"));
    }

    [Fact]
    public async Task A_JPEG_cut_short_is_a_truncated_image()
    {
        await AssertRejectedAsync("faces/Alice/cut.jpg", Photos.Truncated(), PhotoRejection.TruncatedImage, "Alice");
        Assert.Equal(0, _world.Rekognition.CallCount("IndexFaces"));
    }

    [Fact]
    public async Task A_picture_without_a_face_is_no_face() =>
        await AssertRejectedAsync("faces/Alice/wall.jpg", Photos.Blank(), PhotoRejection.NoFace, "Alice");

    [Fact]
    public async Task Two_people_in_one_picture_are_several_faces_and_nothing_of_it_stays_indexed()
    {
        var picture = Photos.TwoFaces();
        Assert.True(PhotoCheck.Inspect(picture).IsUsable);

        await AssertRejectedAsync("faces/Barack Obama/with joe.jpg", picture, PhotoRejection.SeveralFaces, "Barack Obama");

        Assert.Equal("2 faces detected", Assert.Single(_world.LogLines())["detail"]!.GetValue<string>());
        Assert.Equal(1, _world.Rekognition.CallCount("IndexFaces"));
        Assert.Equal(1, _world.Rekognition.CallCount("DeleteFaces")); // what IndexFaces indexed of it was deleted
    }

    [Fact]
    public async Task A_blurred_face_is_low_quality_with_Rekognitions_reasons()
    {
        var photo = Photos.Blurred("obama.jpg");

        await AssertRejectedAsync("faces/Barack Obama/partial.jpg", photo, PhotoRejection.LowQuality, "Barack Obama");

        Assert.Contains("LOW_SHARPNESS", Assert.Single(_world.LogLines())["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_photo_outside_a_persons_folder_is_a_bad_name() =>
        await AssertRejectedAsync("faces/obama.jpg", Photos.Load("obama.jpg"), PhotoRejection.BadName, null);

    [Fact]
    public async Task Names_too_long_for_Rekognition_are_a_bad_name() =>
        await AssertRejectedAsync($"faces/{new string('ø', 100)}/me.jpg", Photos.Load("obama.jpg"), PhotoRejection.BadName, null);

    [Fact]
    public async Task An_image_Rekognition_cannot_decode_is_not_an_image()
    {
        var photo = Photos.Load("obama2.jpg");
        _world.Rekognition.Engine.RegisterUndecodable(photo);

        await AssertRejectedAsync("faces/Barack Obama/odd.jpg", photo, PhotoRejection.NotAnImage, "Barack Obama");
        Assert.Contains("InvalidImageFormatException", Assert.Single(_world.LogLines())["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rejected_re_upload_takes_the_faces_of_the_photo_it_replaced_away()
    {
        var good = Photos.Load("obama.jpg");
        await _world.UploadAsync("faces/Barack Obama/me.jpg", good);
        Assert.Single(_world.Faces);

        var outcome = await _world.UploadAsync("faces/Barack Obama/me.jpg", Photos.TextNamedJpg());

        Assert.Equal((PhotoOutcome.Rejected, "not-an-image"), (outcome.Outcome, outcome.Reason));
        Assert.Empty(_world.Faces);
    }

    [Fact]
    public void Every_rejection_reason_has_a_test_here()
    {
        var tested = new[] { PhotoRejection.NotAnImage, PhotoRejection.TooLarge, PhotoRejection.TruncatedImage, PhotoRejection.NoFace,
            PhotoRejection.SeveralFaces, PhotoRejection.LowQuality, PhotoRejection.BadName };
        Assert.Equal(PhotoRejection.All.Select(r => r.Code).Order(), tested.Select(r => r.Code).Order());
    }
}
