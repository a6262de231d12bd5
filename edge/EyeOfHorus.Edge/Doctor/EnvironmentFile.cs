namespace EyeOfHorus.Edge.Doctor;

/// <summary>
/// Reads a systemd <c>EnvironmentFile=</c> (<c>KEY=value</c> lines, <c>#</c>/<c>;</c> comments,
/// optional single or double quotes around the value), as the unit's service will see it.
/// </summary>
public static class EnvironmentFile
{
    public static IReadOnlyDictionary<string, string> Parse(IEnumerable<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] is '#' or ';') continue;
            if (line.StartsWith("export ", StringComparison.Ordinal)) line = line["export ".Length..].TrimStart();
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0) continue;
            var value = line[(eq + 1)..].Trim();
            if (value.Length >= 2 && value[0] is '"' or '\'' && value[^1] == value[0]) value = value[1..^1];
            values[line[..eq].Trim()] = value;
        }
        return values;
    }

    /// <summary>The file's values, or null when it does not exist.</summary>
    public static IReadOnlyDictionary<string, string>? Load(string path) =>
        File.Exists(path) ? Parse(File.ReadLines(path)) : null;
}
