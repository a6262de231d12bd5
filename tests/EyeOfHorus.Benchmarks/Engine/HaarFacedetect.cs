using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace EyeOfHorus.Benchmarks.Engine;

/// <summary>
/// The old edge gate, kept as the benchmarks' baseline: GStreamer's OpenCV <c>facedetect</c> (Haar
/// cascade; needs gstreamer1.0-opencv and opencv-data, which neither the camera host nor CI installs).
/// Reads its bus message as <c>gst-launch-1.0 -m</c> prints it, e.g. <c>Got message #43 from element
/// "horus_facedetect" (element): facedetect, timestamp=(guint64)0, ..., faces=(structure){ "face\,\ x\=\(uint\)420\,\ ..." };</c>.
/// </summary>
internal static partial class HaarFacedetect
{
    public const string ElementName = "horus_facedetect";

    /// <summary>The faces (x, y, width, height in pixels) of one facedetect message; false for any other line.</summary>
    public static bool TryParse(string line, out List<(int X, int Y, int Width, int Height)> faces)
    {
        faces = [];
        var prefix = $"from element \"{ElementName}\" (element): facedetect, ";
        var at = line.IndexOf(prefix, StringComparison.Ordinal);
        if (at < 0 || !line.StartsWith("Got message #", StringComparison.Ordinal)) return false;
        var body = line[(at + prefix.Length)..];
        var facesAt = body.IndexOf("faces=", StringComparison.Ordinal);
        if (facesAt < 0) return false;
        foreach (Match quoted in QuotedString().Matches(body, facesAt))
        {
            var face = Unescape(quoted.Groups[1].Value);
            if (Uint(face, "x") is { } x && Uint(face, "y") is { } y && Uint(face, "width") is { } w && Uint(face, "height") is { } h) faces.Add((x, y, w, h));
        }
        return true;
    }

    private static int? Uint(string structure, string field)
    {
        var match = Regex.Match(structure, $@"(?:^|[ ,]){field}=\(uint\)(\d+)", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        return match.Success ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : null;
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

    [GeneratedRegex(@"""((?:[^""\\]|\\.)*)""", RegexOptions.CultureInvariant)]
    private static partial Regex QuotedString();
}
