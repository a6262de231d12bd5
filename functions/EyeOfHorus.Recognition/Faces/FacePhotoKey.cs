using System.Text;
using EyeOfHorus.Contract;

namespace EyeOfHorus.Recognition.Faces;

/// <summary>A photo of a person: the S3 key <c>faces/&lt;person&gt;/&lt;photo&gt;</c>, decoded.</summary>
/// <param name="Key">The object key as S3 stores it (decoded from the event's form).</param>
/// <param name="ExternalImageId">Rekognition's id for the faces of this photo (<see cref="FaceNaming.Encode"/>).</param>
public sealed record FacePhoto(string Key, string Person, string Photo, string ExternalImageId);

public enum FaceKeyKind
{
    /// <summary>A photo to index or remove.</summary>
    Photo,
    /// <summary>Not under the faces prefix: not ours, ignored.</summary>
    OutsidePrefix,
    /// <summary>A folder placeholder (key ending in '/'): ignored.</summary>
    Folder,
    /// <summary>Under the prefix but not faces/&lt;person&gt;/&lt;photo&gt;, or names too long: rejected as <see cref="PhotoRejection.BadName"/>.</summary>
    BadName,
}

/// <summary>What an event's object key means. <see cref="Photo"/> is set for <see cref="FaceKeyKind.Photo"/>; <see cref="Problem"/> otherwise.</summary>
public sealed record FaceKey(FaceKeyKind Kind, string Key, FacePhoto? Photo, string? Problem)
{
    /// <summary>
    /// Reads an S3 event's object key (form-URL-encoded: '+' is a space, <c>%2B</c> a plus, <c>%40</c> an at-sign).
    /// </summary>
    /// <exception cref="FormatException">The key is not validly encoded (a bad %-escape or invalid UTF-8).</exception>
    public static FaceKey FromEventKey(string encodedKey, string prefix = BucketLayout.FacesPrefix) => FromKey(DecodeEventKey(encodedKey), prefix);

    /// <summary>Reads a decoded object key.</summary>
    public static FaceKey FromKey(string key, string prefix = BucketLayout.FacesPrefix)
    {
        if (!key.StartsWith(prefix, StringComparison.Ordinal))
            return new(FaceKeyKind.OutsidePrefix, key, null, $"the key is outside {prefix}");
        if (key.EndsWith('/'))
            return new(FaceKeyKind.Folder, key, null, "the key is a folder");
        var rest = key[prefix.Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
            return new(FaceKeyKind.BadName, key, null, $"the photo is not in a person's folder ({prefix}<person>/<photo>)");
        var person = rest[..slash];
        var photo = rest[(slash + 1)..];
        if (string.IsNullOrWhiteSpace(person))
            return new(FaceKeyKind.BadName, key, null, "the person's name is empty");
        try
        {
            return new(FaceKeyKind.Photo, key, new FacePhoto(key, person, photo, FaceNaming.Encode(person, photo)), null);
        }
        catch (ArgumentException e)
        {
            return new(FaceKeyKind.BadName, key, null, e.Message);
        }
    }

    /// <summary>
    /// Decodes a key as S3 writes it in event notifications: application/x-www-form-urlencoded
    /// ('+' first means space, then %XX are UTF-8 bytes). Strict, unlike WebUtility.UrlDecode, which
    /// leaves bad escapes in place and would name a different object.
    /// </summary>
    /// <exception cref="FormatException">A bad %-escape or invalid UTF-8.</exception>
    public static string DecodeEventKey(string encodedKey)
    {
        ArgumentNullException.ThrowIfNull(encodedKey);
        var bytes = new List<byte>(encodedKey.Length);
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < encodedKey.Length; i++)
        {
            var c = encodedKey[i];
            if (c == '+') bytes.Add((byte)' ');
            else if (c == '%')
            {
                if (i + 2 >= encodedKey.Length || !IsHex(encodedKey[i + 1]) || !IsHex(encodedKey[i + 2]))
                    throw new FormatException($"The S3 key \"{encodedKey}\" has a bad %-escape at position {i}.");
                bytes.Add(Convert.ToByte(encodedKey.Substring(i + 1, 2), 16));
                i += 2;
            }
            else if (char.IsSurrogate(c))
            {
                if (!Rune.TryGetRuneAt(encodedKey, i, out var rune))
                    throw new FormatException($"The S3 key \"{encodedKey}\" has an unpaired surrogate at position {i}.");
                bytes.AddRange(utf8[..rune.EncodeToUtf8(utf8)]);
                i++;
            }
            else bytes.AddRange(utf8[..new Rune(c).EncodeToUtf8(utf8)]);
        }
        try { return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString([.. bytes]); }
        catch (DecoderFallbackException e) { throw new FormatException($"The S3 key \"{encodedKey}\" does not decode to UTF-8.", e); }
    }

    private static bool IsHex(char c) => char.IsAsciiHexDigit(c);
}
