using System.Net;
using CsCheck;
using EyeOfHorus.Recognition.Faces;

namespace EyeOfHorus.Recognition.Tests;

public class FacesKeyTests
{
    [Theory]
    [InlineData("faces/Alice/me.jpg", "Alice", "me.jpg")]
    [InlineData("faces/Jean+Luc/bridge+1.JPG", "Jean Luc", "bridge 1.JPG")]          // '+' is a space
    [InlineData("faces/a%2Bb/c%2B%2B.png", "a+b", "c++.png")]                      // %2B is a plus
    [InlineData("faces/alice%40example.com/x.jpg", "alice@example.com", "x.jpg")]  // %40 is an at-sign (as AWS sends "a@b")
    [InlineData("faces/100%25+sure/p.jpg", "100% sure", "p.jpg")]
    [InlineData("faces/Zo%C3%AB+O%27Brien/%F0%9F%9A%80.jpeg", "Zoë O'Brien", "🚀.jpeg")]
    [InlineData("faces/Zoë/ü.jpg", "Zoë", "ü.jpg")]                                  // unescaped non-ASCII is taken as is
    [InlineData("faces/bob/2024/summer.jpg", "bob", "2024/summer.jpg")]           // subfolders belong to the photo
    [InlineData("faces%2Fcarol%2Fc.jpg", "carol", "c.jpg")]                       // '/' encoded, as older events did
    public void Event_keys_decode_exactly_to_person_and_photo(string eventKey, string person, string photo)
    {
        var key = FaceKey.FromEventKey(eventKey);
        Assert.Equal(FaceKeyKind.Photo, key.Kind);
        Assert.Equal($"faces/{person}/{photo}", key.Key);
        Assert.Equal(new FacePhoto(key.Key, person, photo, FaceNaming.Encode(person, photo)), key.Photo);
        Assert.Equal(new FaceIdentity(person, photo), FaceNaming.Decode(key.Photo!.ExternalImageId));
    }

    [Theory]
    [InlineData("snapshots/front-door/1.jpg", FaceKeyKind.OutsidePrefix)]
    [InlineData("HappyFace.jpg", FaceKeyKind.OutsidePrefix)]
    [InlineData("Faces/alice/a.jpg", FaceKeyKind.OutsidePrefix)]
    [InlineData("faces/", FaceKeyKind.Folder)]
    [InlineData("faces/alice/", FaceKeyKind.Folder)]
    [InlineData("faces/alone.jpg", FaceKeyKind.BadName)]
    [InlineData("faces/+/a.jpg", FaceKeyKind.BadName)]
    [InlineData("faces//a.jpg", FaceKeyKind.BadName)]
    public void Keys_that_are_not_a_persons_photo_say_why(string eventKey, FaceKeyKind kind)
    {
        var key = FaceKey.FromEventKey(eventKey);
        Assert.Equal(kind, key.Kind);
        Assert.Null(key.Photo);
        Assert.False(string.IsNullOrWhiteSpace(key.Problem));
    }

    [Fact]
    public void Names_too_long_for_an_ExternalImageId_are_a_bad_name_not_an_exception()
    {
        var key = FaceKey.FromKey("faces/" + new string('é', 60) + "/a.jpg");
        Assert.Equal(FaceKeyKind.BadName, key.Kind);
        Assert.Contains("too long", key.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("faces/a%2/b.jpg")]
    [InlineData("faces/a%zz/b.jpg")]
    [InlineData("faces/a/b%")]
    [InlineData("faces/%C3/b.jpg")]   // a lone UTF-8 lead byte
    public void Badly_encoded_keys_are_an_error_not_a_guess(string eventKey) =>
        Assert.Throws<FormatException>(() => FaceKey.FromEventKey(eventKey));

    [Fact]
    public void Decoding_inverts_S3s_form_encoding_for_any_name()
    {
        var parts = Gen.OneOf("a", "Z", "0", " ", "+", "%", "@", "/", ":", "_", "~", "*", "'", "é", "ß", "名", "😀", "👩‍🚀", "%2B", "\u00A0");
        parts.Array[0, 24].Select(p => string.Concat(p)).Sample(name =>
            Assert.Equal(name, FaceKey.DecodeEventKey(WebUtility.UrlEncode(name))));
    }
}
