using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace EyeOfHorus.Recognition.Records;

/// <summary>
/// Strings that repeat from record to record (the stream ARN, face and image ids, landmark types)
/// decoded once, and handed out as the same instance every time: a small two-way table from UTF-8
/// bytes to the string. Lookups never lock: each slot holds an immutable entry that a writer
/// replaces whole.
/// </summary>
internal sealed class Utf8StringCache
{
    private sealed record Entry(byte[] Utf8, string Value);

    private const int MaxCachedLength = 256;
    private readonly Entry?[] _slots;

    /// <param name="sets">A power of two.</param>
    public Utf8StringCache(int sets) => _slots = new Entry?[sets * 2];

    /// <summary>The current string token's value; from the table when the same raw bytes were seen before.</summary>
    // Not inlined into the reader's six string sites: smaller hot code measured faster.
    [MethodImpl(MethodImplOptions.NoInlining)]
    public string GetString(ref Utf8JsonReader reader)
    {
        if (reader.ValueIsEscaped || reader.HasValueSequence || reader.ValueSpan.Length > MaxCachedLength)
            return reader.GetString()!;
        var utf8 = reader.ValueSpan;
        var set = (int)(Fingerprint(utf8) & (uint)(_slots.Length / 2 - 1)) * 2;
        if (Volatile.Read(ref _slots[set]) is { } first && utf8.SequenceEqual(first.Utf8)) return first.Value;
        if (Volatile.Read(ref _slots[set + 1]) is { } second && utf8.SequenceEqual(second.Utf8)) return second.Value;
        // GetString validates the UTF-8; only valid bytes ever enter the table. The newcomer takes
        // the first way and moves its occupant to the second, dropping the older one.
        var value = reader.GetString()!;
        Volatile.Write(ref _slots[set + 1], Volatile.Read(ref _slots[set]));
        Volatile.Write(ref _slots[set], new Entry(utf8.ToArray(), value));
        return value;
    }

    // Length and the first and last eight bytes: these tell apart the ARNs of different streams (name,
    // creation time) and different face ids. A collision only costs a miss: a hit compares every byte.
    private static uint Fingerprint(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length < sizeof(ulong)) return (uint)HashCode.Combine(utf8.Length, utf8.IsEmpty ? 0 : utf8[0], utf8.IsEmpty ? 0 : utf8[^1]);
        return (uint)HashCode.Combine(utf8.Length, MemoryMarshal.Read<ulong>(utf8), MemoryMarshal.Read<ulong>(utf8[^sizeof(ulong)..]));
    }
}
