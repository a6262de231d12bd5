using EyeOfHorus.Edge.Operator.Faces;

namespace EyeOfHorus.Edge.Tests.Operator;

/// <summary>What <c>horus faces</c> reads from the indexer's one status tag, beside the uploader's own tags.</summary>
public sealed class PhotoStatusTests
{
    [Fact]
    public void Indexed_means_one_face() =>
        Assert.Equal(new PhotoStatus("faces/a/b.jpg", PhotoState.Indexed, null, 1),
            PhotoStatus.FromTags("faces/a/b.jpg", new Dictionary<string, string> { ["owner"] = "desk", ["horus:status"] = "indexed" }));

    [Fact]
    public void Rejected_carries_its_reason_and_no_face() =>
        Assert.Equal(new PhotoStatus("faces/a/b.jpg", PhotoState.Rejected, "several-faces", 0),
            PhotoStatus.FromTags("faces/a/b.jpg", new Dictionary<string, string> { ["horus:status"] = "rejected:several-faces" }));

    [Theory]
    [InlineData("rejected")]
    [InlineData("")]
    public void Anything_else_is_pending(string value) =>
        Assert.Equal(PhotoState.Pending, PhotoStatus.FromTags("k", new Dictionary<string, string> { ["horus:status"] = value }).State);

    [Fact]
    public void No_status_tag_is_pending() =>
        Assert.Equal(PhotoState.Pending, PhotoStatus.FromTags("k", new Dictionary<string, string> { ["owner"] = "desk" }).State);
}
