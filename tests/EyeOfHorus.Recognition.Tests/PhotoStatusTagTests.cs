using EyeOfHorus.Recognition.Faces;

namespace EyeOfHorus.Recognition.Tests;

public sealed class PhotoStatusTagTests
{
    [Fact]
    public void The_status_is_one_tag_named_horus_status() =>
        Assert.Equal(("horus:status", "indexed", "horus:"), (PhotoStatusTag.Key, PhotoStatusTag.Indexed, PhotoStatusTag.OwnedPrefix));

    [Fact]
    public void Every_rejection_reason_round_trips_through_the_tag_value()
    {
        foreach (var rejection in PhotoRejection.All)
        {
            Assert.Equal("rejected:" + rejection.Code, PhotoStatusTag.Rejected(rejection));
            Assert.Equal((false, rejection.Code), PhotoStatusTag.Parse(PhotoStatusTag.Rejected(rejection)));
        }
        Assert.All(PhotoRejection.All, r => Assert.InRange(PhotoStatusTag.Rejected(r).Length, 1, 256)); // S3's tag value limit
    }

    [Theory]
    [InlineData("indexed", true, null)]
    [InlineData("rejected:no-face", false, "no-face")]
    public void Parse_reads_what_the_indexer_writes(string value, bool indexed, string? reason) =>
        Assert.Equal((indexed, reason), PhotoStatusTag.Parse(value));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("rejected")]   // the layout before the status fit in one tag
    [InlineData("rejected:")]
    [InlineData("Indexed")]
    [InlineData("pending")]
    public void Parse_gives_null_for_anything_else(string? value) => Assert.Null(PhotoStatusTag.Parse(value));
}
