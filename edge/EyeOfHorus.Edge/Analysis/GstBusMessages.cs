using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace EyeOfHorus.Edge.Analysis;

/// <summary>The face detector's verdict on one sampled frame (the <c>facedetect</c> element message).</summary>
/// <param name="Timestamp">The buffer's timestamp (pipeline time), which pairs it with the frame's file.</param>
public sealed record FrameDetection(TimeSpan Timestamp, IReadOnlyList<FaceRect> Faces);

/// <summary>A sampled frame written as a JPEG by <c>multifilesink post-messages=true</c>.</summary>
public sealed record FrameFile(TimeSpan Timestamp, long Index, string Path);

/// <summary>
/// Reads the lines <c>gst-launch-1.0 -m</c> prints for bus messages, e.g.
/// <c>Got message #43 from element "horus_facedetect" (element): facedetect, timestamp=(guint64)0, ...,
/// faces=(structure){ "face\,\ x\=\(uint\)420\,\ y\=\(uint\)214\,\ width\=\(uint\)497\,\ height\=\(uint\)497\;" };</c>
/// and <c>... (element): GstMultiFileSink, filename=(string)/dir/frame-000000.jpg, index=(int)0, timestamp=(guint64)0, ...</c>.
/// Only messages from the two named analysis elements are read; every other line is ignored.
/// </summary>
public static partial class GstBusMessages
{
    public static bool TryParseDetection(string line, string detectorName, out FrameDetection? detection)
    {
        ArgumentNullException.ThrowIfNull(line);
        detection = null;
        if (!IsElementMessageFrom(line, detectorName, "facedetect", out var body)) return false;
        if (!TryReadTimestamp(body, out var timestamp)) return false;
        var facesAt = body.IndexOf("faces=", StringComparison.Ordinal);
        if (facesAt < 0) return false;
        var faces = new List<FaceRect>();
        // Each face is a serialized GstStructure inside a quoted, backslash-escaped string.
        foreach (Match quoted in QuotedString().Matches(body, facesAt))
        {
            var face = Unescape(quoted.Groups[1].Value);
            if (TryReadUint(face, "x", out var x) && TryReadUint(face, "y", out var y)
                && TryReadUint(face, "width", out var width) && TryReadUint(face, "height", out var height))
            {
                faces.Add(new FaceRect(x, y, width, height));
            }
        }
        detection = new FrameDetection(timestamp, faces);
        return true;
    }

    public static bool TryParseFrameFile(string line, string sinkName, out FrameFile? file)
    {
        ArgumentNullException.ThrowIfNull(line);
        file = null;
        if (!IsElementMessageFrom(line, sinkName, "GstMultiFileSink", out var body)) return false;
        if (!TryReadTimestamp(body, out var timestamp)) return false;
        var match = FileName().Match(body);
        if (!match.Success) return false;
        var path = match.Groups["quoted"].Success ? Unescape(match.Groups["quoted"].Value) : match.Groups["plain"].Value;
        var index = IndexField().Match(body) is { Success: true } m ? long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : -1;
        file = new FrameFile(timestamp, index, path);
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
        if (nanoseconds == ulong.MaxValue) return false; // GST_CLOCK_TIME_NONE: cannot be paired
        timestamp = TimeSpan.FromTicks((long)(nanoseconds / 100));
        return true;
    }

    private static bool TryReadUint(string structure, string field, out int value)
    {
        value = 0;
        var match = Regex.Match(structure, $@"(?:^|[ ,]){field}=\(uint\)(\d+)", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        return match.Success && int.TryParse(match.Groups[1].Value, CultureInfo.InvariantCulture, out value);
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

    [GeneratedRegex(@"""((?:[^""\\]|\\.)*)""", RegexOptions.CultureInvariant)]
    private static partial Regex QuotedString();

    [GeneratedRegex(@"^filename=\(string\)(?:""(?<quoted>(?:[^""\\]|\\.)*)""|(?<plain>[^,]+))", RegexOptions.CultureInvariant)]
    private static partial Regex FileName();

    [GeneratedRegex(@", index=\(int\)(\d+)", RegexOptions.CultureInvariant)]
    private static partial Regex IndexField();
}
