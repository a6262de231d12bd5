using EyeOfHorus.Recognition;

namespace EyeOfHorus.Recognition.Tests;

/// <summary>
/// ExternalImageIds are stored in the collection and matched exactly when a photo is deleted, so
/// the encoding itself is a stored format: these ids are what every deployment has written. A
/// change here orphans the faces already indexed.
/// </summary>
public class FaceNamingGoldenTests
{
    [Theory]
    [InlineData("Alice Smith", "a.jpg", "Alice_20Smith:a.jpg")]
    [InlineData("azAZ09.-", "x", "azAZ09.-:x")]
    [InlineData("`{@[/:", "_~", "_60_7B_40_5B_2F_3A:_5F_7E")]
    [InlineData("Zoë", "2024/beach +1.JPG", "Zo_C3_AB:2024_2Fbeach_20_2B1.JPG")]
    [InlineData("🚀", "x", "_F0_9F_9A_80:x")]
    public void Encode_writes_exactly_the_ids_already_in_collections(string person, string photo, string id)
    {
        Assert.Equal(id, FaceNaming.Encode(person, photo));
        Assert.Equal(new FaceIdentity(person, photo), FaceNaming.Decode(id));
    }

    [Fact]
    public void An_id_of_exactly_255_characters_is_allowed_and_256_is_refused()
    {
        var exactly = FaceNaming.Encode(new string('a', 253), "b");
        Assert.Equal(255, exactly.Length);
        Assert.Equal(FaceNaming.MaxExternalImageIdLength, exactly.Length);

        var ex = Assert.Throws<ArgumentException>(() => FaceNaming.Encode(new string('a', 254), "b"));
        Assert.Equal("The person and photo names are too long for Rekognition (256 of 255 characters once encoded); use shorter names.", ex.Message);
        // Escapes count as three characters each.
        Assert.Equal(255, FaceNaming.Encode(new string('a', 251), "_").Length);
        Assert.Throws<ArgumentException>(() => FaceNaming.Encode(new string('a', 252), "_"));
    }

    [Theory]
    [InlineData(" ", "p.jpg", "person")]
    [InlineData("", "p.jpg", "person")]
    [InlineData("Alice", "", "photo")]
    public void Empty_names_are_refused_naming_the_part(string person, string photo, string parameter) =>
        Assert.Equal(parameter, Assert.Throws<ArgumentException>(() => FaceNaming.Encode(person, photo)).ParamName);

    [Theory]
    // A cut-off escape at the end of either part, or of the whole id.
    [InlineData("x:y_4")]
    [InlineData("alice:photo_1")]
    [InlineData("x:y_")]
    [InlineData("x_4:y")]
    [InlineData("x_:y")]
    [InlineData("_4")]
    // Characters Encode never writes unescaped.
    [InlineData("a b:c")]
    [InlineData("a:b/c")]
    [InlineData("a:b~")]
    [InlineData("a`:b")]
    [InlineData("a{:b")]
    [InlineData("a@:b")]
    [InlineData("a[:b")]
    // Escapes that are not hex, or bytes that are not UTF-8.
    [InlineData("a_G1:b")]
    [InlineData("a:_C3")]
    // Parts Encode refuses: an empty photo, a blank person, no person.
    [InlineData("alice:")]
    [InlineData("_20:x.jpg")]
    [InlineData(":x.jpg")]
    public void Ids_Encode_cannot_have_written_decode_to_null(string id) => Assert.Null(FaceNaming.Decode(id));

    [Theory]
    [InlineData("x:y_41", "x", "yA")]
    [InlineData("_41:y", "A", "y")]
    [InlineData("a:_3A", "a", ":")]
    public void An_escape_at_the_very_end_decodes(string id, string person, string photo) =>
        Assert.Equal(new FaceIdentity(person, photo), FaceNaming.Decode(id));
}
