using EyeOfHorus.Contract;
using EyeOfHorus.FaceEngine;

namespace EyeOfHorus.FaceIndexer.Tests;

/// <summary>
/// The FaceIndexer in local mode (RECOGNITION=local): each photo checked with the project's face engine, the
/// same <c>horus:*</c> tags, reasons, notices and ledger as with Rekognition, and no Rekognition request at all.
/// </summary>
public sealed class FaceIndexerLocalModeTests(IndexerFixture fixture) : IClassFixture<IndexerFixture>, IAsyncLifetime
{
    private IndexerWorld _world = null!;
    private Function _function = null!;
    private readonly StringWriter _log = new();

    public async Task InitializeAsync()
    {
        _world = await IndexerWorld.StartAsync(fixture);
        _function = _world.NewLocalFunction(_log);
    }

    public async Task DisposeAsync() => await _world.DisposeAsync();

    private async Task<PhotoOutcome> UploadAsync(string key, byte[] content)
    {
        await _world.PutAsync(key, content);
        return Assert.Single((await IndexerWorld.InvokeAsync(_function, _world.S3Events()[^1])).Outcomes);
    }

    [Fact]
    public async Task A_portrait_is_indexed_and_tagged_a_second_delivery_says_already_indexed_and_a_delete_removes_it()
    {
        var outcome = await UploadAsync("faces/Barack Obama/portrait.jpg", Photos.Load("obama.jpg"));
        Assert.Equal((PhotoOutcome.Indexed, 1, null), (outcome.Outcome, outcome.Faces, outcome.Reason));
        Assert.Equal(new Dictionary<string, string> { [PhotoTags.Status] = PhotoTags.Indexed }, await _world.TagsAsync("faces/Barack Obama/portrait.jpg"));

        var again = Assert.Single((await IndexerWorld.InvokeAsync(_function, _world.S3Events()[^1])).Outcomes);
        Assert.Equal((PhotoOutcome.Indexed, "already indexed"), (again.Outcome, again.Detail));

        await _world.DeleteAsync("faces/Barack Obama/portrait.jpg");
        var removed = Assert.Single((await IndexerWorld.InvokeAsync(_function, _world.S3Events()[^1])).Outcomes);
        Assert.Equal((PhotoOutcome.Removed, 1), (removed.Outcome, removed.Faces));

        Assert.Empty(_world.Rekognition.Requests);
        Assert.Empty(_world.Sns.Published);
    }

    public static TheoryData<string, string> Rejections => new()
    {
        { "blank", PhotoRejection.NoFace.Code },
        { "two-faces", PhotoRejection.SeveralFaces.Code },
        { "truncated", PhotoRejection.TruncatedImage.Code },
        { "text", PhotoRejection.NotAnImage.Code },
    };

    [Theory]
    [MemberData(nameof(Rejections))]
    public async Task A_photo_the_hosts_cannot_use_is_rejected_with_the_reason_tagged_and_told_once(string photo, string reason)
    {
        var content = photo switch
        {
            "blank" => Photos.Blank(),
            "two-faces" => Photos.TwoFaces(),
            "truncated" => Photos.Truncated(),
            _ => Photos.TextNamedJpg(),
        };
        var key = $"faces/alice/{photo}.jpg";
        var outcome = await UploadAsync(key, content);
        Assert.Equal((PhotoOutcome.Rejected, reason, 0), (outcome.Outcome, outcome.Reason, outcome.Faces));
        Assert.Equal(new Dictionary<string, string> { [PhotoTags.Status] = "rejected:" + reason }, await _world.TagsAsync(key));
        var notice = Assert.Single(_world.Sns.Published);
        Assert.Equal(("String", reason), notice.MessageAttributes["reason"]);

        var again = Assert.Single((await IndexerWorld.InvokeAsync(_function, _world.S3Events()[^1])).Outcomes);
        Assert.Equal((PhotoOutcome.Rejected, reason, false), (again.Outcome, again.Reason, again.Notified));
        Assert.Single(_world.Sns.Published);
        Assert.Empty(_world.Rekognition.Requests);
    }

    [Fact]
    public void An_accepted_photos_face_id_is_local_and_the_first_128_bits_of_its_sha256()
    {
        // sha256sum obama.jpg: 0930e3aa8cae5920329c0c8cbc6a2ab70f47b0e67b432875beaa95cbf7e741f6. The id is kept in the
        // ledger (f:<id>), so a change would make every photo indexed before look like another face.
        var verdict = LocalEngine.Check.Check(Photos.Load("obama.jpg"));
        Assert.Equal(new PortraitVerdict("local-0930e3aa8cae5920329c0c8cbc6a2ab7", null, null), verdict);
    }

    [Fact]
    public void A_null_photo_is_refused_by_name() =>
        Assert.Equal("photo", Assert.Throws<ArgumentNullException>(() => LocalEngine.Check.Check(null!)).ParamName);

    public static TheoryData<EnrollmentProblem, string> Problems => new()
    {
        { EnrollmentProblem.NotAnImage, "not-an-image" },
        { EnrollmentProblem.Truncated, "truncated-image" },
        { EnrollmentProblem.TooLarge, "too-large" },
        { EnrollmentProblem.NoFace, "no-face" },
        { EnrollmentProblem.SeveralFaces, "several-faces" },
        { EnrollmentProblem.Clipped, "low-quality" },
        { EnrollmentProblem.TooSmall, "low-quality" },
        { EnrollmentProblem.Blurred, "low-quality" },
        { EnrollmentProblem.NotFrontal, "low-quality" },
    };

    [Theory]
    [MemberData(nameof(Problems))]
    public void Every_enrollment_problem_is_reported_as_its_rejection(EnrollmentProblem problem, string code) =>
        Assert.Equal(code, LocalPortraitCheck.RejectionOf(problem).Code);

    [Fact]
    public void An_accepted_photo_has_no_rejection_to_report()
    {
        Assert.Equal(Enum.GetValues<EnrollmentProblem>().Length - 1, Problems.Count);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => LocalPortraitCheck.RejectionOf(EnrollmentProblem.None));
        Assert.Equal("problem", e.ParamName);
        Assert.StartsWith("an accepted photo has no rejection", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Settings_from_the_environment_in_local_mode_need_no_collection()
    {
        var env = new Dictionary<string, string> { [FaceIndexerEnvironment.Recognition] = "local", [FaceIndexerEnvironment.TopicArn] = "t", [FaceIndexerEnvironment.LedgerTable] = "l" };
        var settings = FaceIndexerSettings.FromEnvironment(n => env.GetValueOrDefault(n));
        Assert.True(settings.LocalEngine);
        Assert.Equal("", settings.CollectionId);
        env[FaceIndexerEnvironment.Recognition] = "edge";
        Assert.Contains("COLLECTION_ID", Assert.Throws<InvalidOperationException>(() => FaceIndexerSettings.FromEnvironment(n => env.GetValueOrDefault(n))).Message, StringComparison.Ordinal);
        env[FaceIndexerEnvironment.Recognition] = "cloud";
        Assert.Contains("RECOGNITION=cloud", Assert.Throws<InvalidOperationException>(() => FaceIndexerSettings.FromEnvironment(n => env.GetValueOrDefault(n))).Message, StringComparison.Ordinal);
    }
}
