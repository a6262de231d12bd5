using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace EyeOfHorus.Edge.Analysis;

/// <summary>A sampled frame written as a JPEG by <c>multifilesink post-messages=true</c>.</summary>
/// <param name="Timestamp">The buffer's timestamp (pipeline running time).</param>
public sealed record SampledFrame(long Index, TimeSpan Timestamp, string Path);

/// <summary>
/// Reads the line <c>gst-launch-1.0 -m</c> prints for the analysis branch's frame sink, e.g.
/// <c>Got message #43 from element "horus_frames" (element): GstMultiFileSink, filename=(string)/dir/frame-000000.jpg, index=(int)0, timestamp=(guint64)0, ...</c>.
/// Only messages from the named sink are read; every other line is ignored.
/// </summary>
public static partial class GstBusMessages
{
    public static bool TryParseFrameFile(string line, string sinkName, out SampledFrame? file)
    {
        ArgumentNullException.ThrowIfNull(line);
        file = null;
        if (!IsElementMessageFrom(line, sinkName, "GstMultiFileSink", out var body)) return false;
        if (!TryReadTimestamp(body, out var timestamp)) return false;
        var match = FileName().Match(body);
        if (!match.Success) return false;
        var path = match.Groups["quoted"].Success ? Unescape(match.Groups["quoted"].Value) : match.Groups["plain"].Value;
        var index = IndexField().Match(body) is { Success: true } m ? long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : -1;
        file = new SampledFrame(index, timestamp, path);
        return true;
    }

    private static bool IsElementMessageFrom(string line, string element, string structureName, out string body)
    {
        body = "";
        var prefix = $"from element \"{element}\" (element): {structureName}, ";
        var at = line.IndexOf(prefix, StringComparison.Ordinal);
        if (at < 0 || !line.StartsWith("Got message #", StringComparison.Ordinal)) return false;
        body = line[(at + prefix.Length)..];
        return true;
    }

    private static bool TryReadTimestamp(string body, out TimeSpan timestamp)
    {
        timestamp = default;
        var match = TimestampField().Match(body);
        if (!match.Success || !ulong.TryParse(match.Groups[1].Value, CultureInfo.InvariantCulture, out var nanoseconds)) return false;
        if (nanoseconds == ulong.MaxValue) return false; // GST_CLOCK_TIME_NONE: no capture time
        timestamp = TimeSpan.FromTicks((long)(nanoseconds / 100));
        return true;
    }

    private static string Unescape(string escaped)
    {
        var text = new StringBuilder(escaped.Length);
        for (var i = 0; i < escaped.Length; i++)
        {
            if (escaped[i] == '\\' && i + 1 < escaped.Length) i++;
            text.Append(escaped[i]);
        }
        return text.ToString();
    }

    [GeneratedRegex(@"(?:^|, )timestamp=\(guint64\)(\d+)", RegexOptions.CultureInvariant)]
    private static partial Regex TimestampField();

    [GeneratedRegex(@"^filename=\(string\)(?:""(?<quoted>(?:[^""\\]|\\.)*)""|(?<plain>[^,]+))", RegexOptions.CultureInvariant)]
    private static partial Regex FileName();

    [GeneratedRegex(@", index=\(int\)(\d+)", RegexOptions.CultureInvariant)]
    private static partial Regex IndexField();
}
