using EyeOfHorus.Recognition;
using System.Text.RegularExpressions;

namespace EyeOfHorus.Recognition.Tests;

public class FaceNamingTests
{
    [Theory]
    [InlineData("Alice", "alice.jpg")]
    [InlineData("Jean-Luc Picard", "bridge 1.JPG")]
    [InlineData("Zoë O'Brien", "ç@+%.png")]
    [InlineData("a_b", "x_y_.jpg")]
    [InlineData("👩‍🚀 Astro", "🚀.jpeg")]
    [InlineData("x:y", "a:b.jpg")]
    public void Encode_is_valid_for_rekognition_and_round_trips(string person, string photo)
    {
        var id = FaceNaming.Encode(person, photo);
        Assert.Matches(new Regex("^[a-zA-Z0-9_.\\-:]+$"), id);
        Assert.True(id.Length <= 255);
        Assert.Equal(new FaceIdentity(person, photo), FaceNaming.Decode(id));
    }

    [Fact]
    public void Distinct_names_never_collide()
    {
        var pairs = new[] { ("a b", "c"), ("a_20b", "c"), ("a", "b:c"), ("a:b", "c"), ("a_", "c"), ("a", "_c") };
        var ids = pairs.Select(p => FaceNaming.Encode(p.Item1, p.Item2)).ToList();
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("matchedImage.jpeg")]
    [InlineData("a:b:c")]
    [InlineData("bad_Z1:x")]
    [InlineData("_FF:x")]
    public void Foreign_or_broken_ids_decode_to_null(string? id) => Assert.Null(FaceNaming.Decode(id));

    [Fact]
    public void Too_long_names_are_refused_with_a_clear_reason()
    {
        var ex = Assert.Throws<ArgumentException>(() => FaceNaming.Encode(new string('é', 100), "p.jpg"));
        Assert.Contains("too long", ex.Message);
    }
}
