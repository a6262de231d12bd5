using System.Globalization;

namespace EyeOfHorus.Contract.Tests;

/// <summary>Golden values: a change to a shared fact shows up here as well as in every process that uses it.</summary>
public sealed class FactsTests
{
    [Fact]
    public void Names_and_prefixes_are_the_deployed_ones()
    {
        Assert.Equal("EyeOfHorus", ResourceNames.StackName);
        Assert.Equal("eye-of-horus-faces", ResourceNames.CollectionId);
        Assert.Equal("eye-of-horus-garage", ResourceNames.VideoStream("garage"));
        Assert.Equal("eye-of-horus-garage", ResourceNames.StreamProcessor("garage"));
        Assert.Equal("faces/Zoë/a b.jpg", BucketLayout.PhotoKey("Zoë", "a b.jpg"));
        Assert.Equal("horus.outputs.json", StackOutputKeys.DefaultFileName);
    }

    [Fact]
    public void A_snapshot_key_sorts_by_time_under_its_camera()
    {
        var at = new DateTimeOffset(2026, 11, 25, 9, 12, 3, 455, TimeSpan.FromHours(1));
        Assert.Equal("snapshots/garage/20261125T081203.455Z-000042.jpg", BucketLayout.SnapshotKey("garage", at, 42));
        Assert.StartsWith(BucketLayout.SnapshotsPrefix, BucketLayout.SnapshotKey("x", at, 0), StringComparison.Ordinal);
    }

    [Fact]
    public void The_status_is_one_tag_of_ours_by_prefix()
    {
        Assert.Equal(("horus:status", "indexed", "horus:"), (PhotoTags.Status, PhotoTags.Indexed, PhotoTags.Prefix));
        Assert.StartsWith(PhotoTags.Prefix, PhotoTags.Status, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_rejection_reason_round_trips_through_the_status_value()
    {
        foreach (var rejection in PhotoRejection.All)
        {
            Assert.Equal("rejected:" + rejection.Code, PhotoTags.Rejected(rejection));
            Assert.Equal((false, rejection.Code), PhotoTags.Parse(PhotoTags.Rejected(rejection)));
            Assert.InRange(PhotoTags.Rejected(rejection).Length, 1, 256); // S3's tag value limit
        }
        Assert.Equal((true, null), PhotoTags.Parse("indexed"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("rejected")]   // the layout before the status fit in one tag
    [InlineData("rejected:")]
    [InlineData("Indexed")]
    [InlineData("pending")]
    public void Parse_gives_null_for_anything_but_what_the_indexer_writes(string? value) => Assert.Null(PhotoTags.Parse(value));

    [Fact]
    public void Every_rejection_has_a_distinct_tag_safe_code_and_advice_and_is_found_by_it()
    {
        Assert.Equal(["not-an-image", "too-large", "truncated-image", "no-face", "several-faces", "low-quality", "bad-name"],
            PhotoRejection.All.Select(r => r.Code));
        foreach (var rejection in PhotoRejection.All)
        {
            Assert.Same(rejection, PhotoRejection.Find(rejection.Code));
            Assert.Matches("^[a-z-]+$", rejection.Code); // an S3 tag value
            Assert.EndsWith(".", rejection.Advice, StringComparison.Ordinal);
        }
        Assert.Null(PhotoRejection.Find("something-else"));
        Assert.Null(PhotoRejection.Find(null));
        Assert.Contains("15 MB", PhotoRejection.TooLarge.Advice, StringComparison.Ordinal);
    }

    [Fact]
    public void The_alerter_defaults_are_the_documented_ones()
    {
        Assert.Equal(90, MatchAlerterEnvironment.DefaultFaceMatchThreshold);
        Assert.Equal(FaceMatching.DefaultThreshold, MatchAlerterEnvironment.DefaultFaceMatchThreshold);
        Assert.Equal(90, MatchAlerterEnvironment.DefaultUnknownMinConfidence);
        Assert.Equal(0.02, MatchAlerterEnvironment.DefaultUnknownMinFaceSize);
        Assert.Equal(300, MatchAlerterEnvironment.DefaultCooldownSeconds);
        Assert.Equal("person_recognised,unknown_face", MatchAlerterEnvironment.DefaultAlertEvents);
        Assert.Equal("faces/", FaceIndexerEnvironment.DefaultFacesPrefix);
    }

    [Theory]
    [InlineData(80, "80")]
    [InlineData(82.5, "82.5")]
    [InlineData(0.02, "0.02")]
    public void Numbers_are_written_as_the_readers_parse_them(double value, string expected)
    {
        Assert.Equal(expected, MatchAlerterEnvironment.FormatNumber(value));
        Assert.Equal(value, double.Parse(expected, CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Handlers_name_their_project_assembly() =>
        Assert.All(new[] { (LambdaHandlers.FaceIndexer, LambdaHandlers.FaceIndexerProject), (LambdaHandlers.MatchAlerter, LambdaHandlers.MatchAlerterProject), (LambdaHandlers.StreamProcessorLifecycle, LambdaHandlers.StreamProcessorLifecycleProject) },
            h => Assert.StartsWith(h.Item2 + "::" + h.Item2 + ".Function::", h.Item1, StringComparison.Ordinal));
}
