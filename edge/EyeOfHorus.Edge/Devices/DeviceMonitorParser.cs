using System.Text;

namespace EyeOfHorus.Edge.Devices;

/// <summary>
/// Reads the text of <c>gst-device-monitor-1.0 Video/Source</c>: blocks starting "Device found:"
/// with tab-indented "name :", "class :", "caps :" (one structure per line, continuation lines
/// aligned under the first), "properties:" (key = value, backslash-escaped) and the suggested
/// gst-launch line.
/// </summary>
public static class DeviceMonitorParser
{
    public static IReadOnlyList<VideoDevice> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var devices = new List<VideoDevice>();
        var blocks = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split("Device found:", StringSplitOptions.None);
        foreach (var block in blocks.Skip(1))
        {
            var device = ParseBlock(block);
            if (device is not null) devices.Add(device);
        }
        return devices;
    }

    private enum Section { None, Caps, Properties }

    private static VideoDevice? ParseBlock(string block)
    {
        string? name = null, deviceClass = null, launch = null;
        var caps = new List<string>();
        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        var section = Section.None;
        foreach (var raw in block.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0) continue;
            if (TryField(line, "name", out var value)) { name = value; section = Section.None; }
            else if (TryField(line, "class", out value)) { deviceClass = value; section = Section.None; }
            else if (TryField(line, "caps", out value)) { caps.Add(value); section = Section.Caps; }
            else if (line.StartsWith("properties:", StringComparison.Ordinal)) section = Section.Properties;
            else if (line.StartsWith("gst-launch-1.0 ", StringComparison.Ordinal)) { launch = line["gst-launch-1.0 ".Length..]; section = Section.None; }
            else if (section == Section.Caps) caps.Add(line);
            else if (section == Section.Properties)
            {
                var eq = line.IndexOf(" = ", StringComparison.Ordinal);
                if (eq > 0) properties[line[..eq].Trim()] = Unescape(line[(eq + 3)..].Trim());
            }
        }
        if (name is null) return null;
        return new VideoDevice(name, deviceClass ?? "", [.. caps.Select(ParseMode).OfType<VideoMode>()], properties, launch);
    }

    private static bool TryField(string line, string field, out string value)
    {
        value = "";
        if (!line.StartsWith(field, StringComparison.Ordinal)) return false;
        var rest = line[field.Length..].TrimStart();
        if (!rest.StartsWith(':')) return false;
        value = rest[1..].Trim();
        return true;
    }

    /// <summary><c>video/x-raw, format=YUY2, width=640, height=480, framerate={ (fraction)30/1, (fraction)15/1 }</c>.</summary>
    public static VideoMode? ParseMode(string structure)
    {
        var parts = SplitTopLevel(structure);
        if (parts.Count == 0) return null;
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in parts.Skip(1))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0) fields[part[..eq].Trim()] = StripType(part[(eq + 1)..].Trim());
        }
        var mediaType = parts[0].Trim();
        var mediaTypeEnd = mediaType.IndexOf('(', StringComparison.Ordinal); // "video/x-raw(memory:NVMM)"
        if (mediaTypeEnd > 0) mediaType = mediaType[..mediaTypeEnd];
        if (!fields.TryGetValue("width", out var width) || !fields.TryGetValue("height", out var height)) return null;
        var format = fields.GetValueOrDefault("format");
        if (format is not null && format.StartsWith('{')) format = string.Join("/", Rates(format));
        return new VideoMode(mediaType, format, Range(width), Range(height), Rates(fields.GetValueOrDefault("framerate")));
    }

    private static IReadOnlyList<string> Rates(string? value)
    {
        if (value is null) return [];
        if (value.StartsWith('{'))
            return [.. value.Trim('{', '}', ' ').Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(StripType)];
        return [Range(value)];
    }

    /// <summary>"[ 1, 1920 ]" → "1-1920"; plain values unchanged.</summary>
    private static string Range(string value)
    {
        if (!value.StartsWith('[')) return value;
        var bounds = value.Trim('[', ']', ' ').Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return bounds.Length >= 2 ? $"{StripType(bounds[0])}-{StripType(bounds[1])}" : value;
    }

    /// <summary>"(int)640" → "640", "(string)YUY2" → "YUY2".</summary>
    private static string StripType(string value)
    {
        value = value.Trim();
        if (value.StartsWith('(') && value.IndexOf(')', StringComparison.Ordinal) is var close and > 0) value = value[(close + 1)..].Trim();
        return value;
    }

    /// <summary>Splits at commas outside braces, brackets, angle brackets and quotes.</summary>
    private static List<string> SplitTopLevel(string text)
    {
        var parts = new List<string>();
        var current = new StringBuilder();
        int depth = 0;
        bool quoted = false;
        for (int i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\\' && i + 1 < text.Length) { current.Append(c).Append(text[++i]); continue; }
            if (c == '"') quoted = !quoted;
            else if (!quoted && c is '{' or '[' or '<') depth++;
            else if (!quoted && c is '}' or ']' or '>') depth--;
            else if (!quoted && depth == 0 && c == ',')
            {
                parts.Add(current.ToString().Trim());
                current.Clear();
                continue;
            }
            current.Append(c);
        }
        if (current.Length > 0) parts.Add(current.ToString().Trim());
        return parts;
    }

    /// <summary>Property values are GValue-serialised: quoted, with backslash escapes ("Chicony\ Electronics\,\ Ltd.").</summary>
    private static string Unescape(string value)
    {
        if (value.Length >= 2 && value[0] == '"' && value[^1] == '"') value = value[1..^1];
        var result = new StringBuilder(value.Length);
        for (int i = 0; i < value.Length; i++)
        {
            if (value[i] == '\\' && i + 1 < value.Length) i++;
            result.Append(value[i]);
        }
        return result.ToString();
    }
}
