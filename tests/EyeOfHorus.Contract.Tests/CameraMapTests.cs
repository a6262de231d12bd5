namespace EyeOfHorus.Contract.Tests;

public sealed class CameraMapTests
{
    [Fact]
    public void A_map_reads_back_as_written_in_order()
    {
        var text = CameraMap.Format(["front-door", "garage"], ResourceNames.VideoStream);
        Assert.Equal("front-door=eye-of-horus-front-door,garage=eye-of-horus-garage", text);
        Assert.Equal(
            [KeyValuePair.Create("front-door", "eye-of-horus-front-door"), KeyValuePair.Create("garage", "eye-of-horus-garage")],
            CameraMap.Parse(text));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" , ")]
    public void Nothing_is_an_empty_map(string? text) => Assert.Empty(CameraMap.Parse(text));

    [Fact]
    public void Spaces_around_entries_and_names_are_not_part_of_them() =>
        Assert.Equal("s", CameraMap.Parse(" a = s , ")["a"]);

    [Theory]
    [InlineData("front-door", "'front-door' is not camera=name")]
    [InlineData("a=b=c", "'a=b=c' is not camera=name")]
    [InlineData("=s", "'=s' is not camera=name")]
    [InlineData("a=", "'a=' is not camera=name")]
    [InlineData("a=s1,a=s2", "Camera 'a' is listed twice")]
    [InlineData("a=s,b=s", "'s' is listed twice")]
    public void A_malformed_map_is_refused_with_the_entry_named(string text, string expected)
    {
        var ex = Assert.Throws<FormatException>(() => CameraMap.Parse(text));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_list_reads_back_as_written() =>
        Assert.Equal(["front-door", "garage"], CameraMap.ParseList(CameraMap.FormatList(["front-door", "garage"])));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" , ,")]
    public void No_list_is_an_empty_list(string? text) => Assert.Empty(CameraMap.ParseList(text));

    [Fact]
    public void A_list_ignores_spaces_and_empty_entries() =>
        Assert.Equal(["front-door", "garage"], CameraMap.ParseList(" front-door ,, garage ,"));

    [Fact]
    public void Null_arguments_are_refused()
    {
        Assert.Throws<ArgumentNullException>(() => CameraMap.Format(null!));
        Assert.Throws<ArgumentNullException>(() => CameraMap.Format(null!, c => c));
        Assert.Throws<ArgumentNullException>(() => CameraMap.Format(["a"], null!));
    }
}
