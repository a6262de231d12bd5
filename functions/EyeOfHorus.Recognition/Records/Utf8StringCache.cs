using System.Text.Json;

namespace EyeOfHorus.Recognition.Records;

/// <summary>
/// Strings that repeat from record to record (the stream ARN, face and image ids, landmark types)
/// decoded once: a small direct-mapped table from UTF-8 bytes to the string. Lookups never lock:
/// each slot holds an immutable entry that a writer replaces whole.
/// </summary>
internal sealed class Utf8StringCache
{
    private sealed record Entry(byte[] Utf8, string Value);

    private const int MaxCachedLength = 256;
    private readonly Entry?[] _slots;

    public Utf8StringCache(int slots) => _slots = new Entry?[slots];

    /// <summary>The current string token's value; from the table when the same raw bytes were seen before.</summary>
    public string GetString(ref Utf8JsonReader reader)
    {
        if (reader.ValueIsEscaped || reader.HasValueSequence || reader.ValueSpan.Length > MaxCachedLength)
            return reader.GetString()!;
        var utf8 = reader.ValueSpan;
        var hash = new HashCode();
        hash.AddBytes(utf8);
        var slot = (int)((uint)hash.ToHashCode() % (uint)_slots.Length);
        if (Volatile.Read(ref _slots[slot]) is { } entry && utf8.SequenceEqual(entry.Utf8)) return entry.Value;
        // GetString validates the UTF-8; only valid bytes ever enter the table.
        var value = reader.GetString()!;
        Volatile.Write(ref _slots[slot], new Entry(utf8.ToArray(), value));
        return value;
    }
}
