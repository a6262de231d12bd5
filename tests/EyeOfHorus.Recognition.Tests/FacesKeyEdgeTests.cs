using System.Net;
using CsCheck;
using EyeOfHorus.Recognition.Faces;

namespace EyeOfHorus.Recognition.Tests;

/// <summary>Event keys at the edges of their encoding: cut-off escapes at the end, raw surrogate pairs, the exact problems reported.</summary>
public class FacesKeyEdgeTests
{
    [Theory]
    [InlineData("faces/a/b%4", 9)]
    [InlineData("faces/a/b%", 9)]
    [InlineData("%4", 0)]
    [InlineData("faces/a/b%4G", 9)]
    [InlineData("faces/a/b%G4", 9)]
    public void A_cut_off_or_non_hex_escape_is_a_format_error_naming_its_position(string eventKey, int position) =>
        Assert.Equal($"The S3 key \"{eventKey}\" has a bad %-escape at position {position}.",
            Assert.Throws<FormatException>(() => FaceKey.DecodeEventKey(eventKey)).Message);

    [Fact]
    public void An_escape_ending_the_key_decodes() => Assert.Equal("faces/a/bA", FaceKey.DecodeEventKey("faces/a/b%41"));

    [Fact]
    public void Raw_surrogate_pairs_are_taken_as_is_and_a_lone_surrogate_is_refused()
    {
        Assert.Equal("faces/😀/🚀.jpg", FaceKey.DecodeEventKey("faces/😀/🚀.jpg"));
        Assert.Equal("😀😀", FaceKey.DecodeEventKey("😀%F0%9F%98%80"));
        Assert.Equal("The S3 key \"faces/\uD83D/a.jpg\" has an unpaired surrogate at position 6.",
            Assert.Throws<FormatException>(() => FaceKey.DecodeEventKey("faces/\uD83D/a.jpg")).Message);
        Assert.Throws<FormatException>(() => FaceKey.DecodeEventKey("faces/\uDE00x/a.jpg"));
        Assert.Throws<FormatException>(() => FaceKey.DecodeEventKey("faces/a/b\uD83D"));
        Assert.IsType<System.Text.DecoderFallbackException>(Assert.Throws<FormatException>(() => FaceKey.DecodeEventKey("%FF")).InnerException);
        Assert.Throws<ArgumentNullException>(() => FaceKey.DecodeEventKey(null!));
    }

    [Fact]
    public void Any_encoded_key_with_a_cut_off_escape_at_the_end_is_refused()
    {
        var parts = Gen.OneOf("a", " ", "+", "%", "_", "é", "😀", "%2B", "/");
        Gen.Select(parts.Array[0, 12].Select(string.Concat), Gen.OneOf("%", "%4", "%C", "%z1")).Sample((name, tail) =>
            Assert.Throws<FormatException>(() => FaceKey.FromEventKey(WebUtility.UrlEncode(name) + tail)));
    }

    [Theory]
    [InlineData("snapshots/a.jpg", FaceKeyKind.OutsidePrefix, "the key is outside faces/")]
    [InlineData("faces/alice/", FaceKeyKind.Folder, "the key is a folder")]
    [InlineData("faces/alone.jpg", FaceKeyKind.BadName, "the photo is not in a person's folder (faces/<person>/<photo>)")]
    [InlineData("faces/ /a.jpg", FaceKeyKind.BadName, "the person's name is empty")]
    public void Each_kind_of_key_says_why_it_is_not_a_photo(string key, FaceKeyKind kind, string problem) =>
        Assert.Equal(new FaceKey(kind, key, null, problem), FaceKey.FromKey(key));

    [Fact]
    public void Another_prefix_is_honoured()
    {
        var key = FaceKey.FromKey("people/ann/a.jpg", "people/");
        Assert.Equal(new FacePhoto("people/ann/a.jpg", "ann", "a.jpg", "ann:a.jpg"), key.Photo);
        Assert.Equal(FaceKeyKind.OutsidePrefix, FaceKey.FromKey("faces/ann/a.jpg", "people/").Kind);
        Assert.Equal("ann:a.jpg", FaceKey.FromEventKey("people/ann/a.jpg", "people/").Photo?.ExternalImageId);
    }
}
