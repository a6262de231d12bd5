using System.Globalization;

namespace EyeOfHorus.Edge.Operator;

/// <summary>Durations (<c>90s</c>, <c>15m</c>, <c>2h</c>, <c>1d</c>, bare seconds) and the <c>--since</c> time of <c>horus watch</c>.</summary>
public static class DurationParser
{
    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        text = text.Trim();
        var unit = char.ToLowerInvariant(text[^1]);
        var (number, scale) = char.IsDigit(unit) ? (text, 1.0) : (text[..^1], unit switch
        {
            's' => 1.0,
            'm' => 60.0,
            'h' => 3600.0,
            'd' => 86400.0,
            _ => double.NaN,
        });
        if (double.IsNaN(scale) || !double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) || value < 0)
            return false;
        duration = TimeSpan.FromSeconds(value * scale);
        return true;
    }

    /// <summary>
    /// A point in the past: a duration ago (<c>15m</c>, <c>2h</c>) or a date-time (<c>2026-11-25T08:00:00Z</c>;
    /// without an offset it is UTC). Null, with <paramref name="error"/> saying why, for anything else or a future time.
    /// </summary>
    public static DateTimeOffset? ParseSince(string text, DateTimeOffset now, out string? error)
    {
        error = null;
        if (TryParse(text, out var ago)) return now - ago;
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var time))
        {
            if (time <= now) return time;
            error = $"--since {text} is in the future.";
            return null;
        }
        error = $"--since takes a time such as 2026-11-25T08:00:00Z or a duration ago such as 15m, 2h, 1d; not '{text}'.";
        return null;
    }
}
