using System.Text;

namespace EyeOfHorus.Recognition;

/// <summary>The person and photo a face was indexed from.</summary>
public sealed record FaceIdentity(string Person, string Photo);

/// <summary>
/// Maps (person, photo) to a Rekognition ExternalImageId and back. Rekognition allows only
/// <c>[a-zA-Z0-9_.\-:]+</c> up to 255 characters, so every other character (and '_' itself, the
/// escape) is written as '_' followed by the two hex digits of each of its UTF-8 bytes. ':' only
/// separates person from photo, so the mapping is reversible and collision-free.
/// </summary>
public static class FaceNaming
{
    public const int MaxExternalImageIdLength = 255;
    private const char Separator = ':';

    /// <exception cref="ArgumentException">A name is empty, or the id would exceed 255 characters.</exception>
    public static string Encode(string person, string photo)
    {
        if (string.IsNullOrWhiteSpace(person)) throw new ArgumentException("The person's name is empty.", nameof(person));
        if (string.IsNullOrEmpty(photo)) throw new ArgumentException("The photo's name is empty.", nameof(photo));
        var id = Escape(person) + Separator + Escape(photo);
        if (id.Length > MaxExternalImageIdLength)
            throw new ArgumentException(
                $"The person and photo names are too long for Rekognition ({id.Length} of {MaxExternalImageIdLength} characters once encoded); use shorter names.");
        return id;
    }

    /// <summary>
    /// The identity behind an id written by <see cref="Encode"/>; null for any other id, including
    /// ids whose parts Encode refuses (a blank person, an empty photo).
    /// </summary>
    public static FaceIdentity? Decode(string? externalImageId)
    {
        if (string.IsNullOrEmpty(externalImageId)) return null;
        var parts = externalImageId.Split(Separator);
        if (parts.Length != 2) return null;
        var person = Unescape(parts[0]);
        var photo = Unescape(parts[1]);
        return string.IsNullOrWhiteSpace(person) || string.IsNullOrEmpty(photo) ? null : new FaceIdentity(person, photo);
    }

    private static bool IsPlain(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '.' or '-';

    private static string Escape(string value)
    {
        var sb = new StringBuilder(value.Length);
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in value.EnumerateRunes())
        {
            if (rune.IsAscii && IsPlain((char)rune.Value)) { sb.Append((char)rune.Value); continue; }
            var n = rune.EncodeToUtf8(utf8);
            for (var i = 0; i < n; i++) sb.Append('_').Append(utf8[i].ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }

    private static string? Unescape(string value)
    {
        var bytes = new List<byte>(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '_')
            {
                if (i + 2 >= value.Length || !byte.TryParse(value.AsSpan(i + 1, 2), System.Globalization.NumberStyles.AllowHexSpecifier, null, out var b)) return null;
                bytes.Add(b);
                i += 2;
            }
            else if (IsPlain(c)) bytes.Add((byte)c);
            else return null;
        }
        try { return new UTF8Encoding(false, true).GetString(bytes.ToArray()); }
        catch (DecoderFallbackException) { return null; }
    }
}
