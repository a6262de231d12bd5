namespace EyeOfHorus.Contract;

/// <summary>
/// A camera -> name map as one string, <c>front-door=eye-of-horus-front-door,garage=eye-of-horus-garage</c>:
/// the CameraStreams and StreamProcessors outputs and the alerter's CAMERA_STREAMS.
/// </summary>
public static class CameraMap
{
    public static string Format(IEnumerable<KeyValuePair<string, string>> nameByCamera)
    {
        ArgumentNullException.ThrowIfNull(nameByCamera);
        return string.Join(',', nameByCamera.Select(p => p.Key + "=" + p.Value));
    }

    public static string Format(IEnumerable<string> cameras, Func<string, string> name)
    {
        ArgumentNullException.ThrowIfNull(cameras);
        ArgumentNullException.ThrowIfNull(name);
        return Format(cameras.Select(c => KeyValuePair.Create(c, name(c))));
    }

    /// <summary>camera -> name, in the order written; null or empty is an empty map.</summary>
    /// <exception cref="FormatException">An entry is not <c>camera=name</c>, or a camera or a name is listed twice.</exception>
    public static IReadOnlyDictionary<string, string> Parse(string? map)
    {
        var byCamera = new Dictionary<string, string>(StringComparer.Ordinal);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in (map ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = entry.Split('=', StringSplitOptions.TrimEntries);
            if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
                throw new FormatException($"'{entry}' is not camera=name (e.g. front-door=eye-of-horus-front-door).");
            if (!byCamera.TryAdd(parts[0], parts[1]))
                throw new FormatException($"Camera '{parts[0]}' is listed twice.");
            if (!names.Add(parts[1]))
                throw new FormatException($"'{parts[1]}' is listed twice.");
        }
        return byCamera;
    }

    /// <summary>A comma-separated list (the Cameras output); null or empty is an empty list.</summary>
    public static IReadOnlyList<string> ParseList(string? list) =>
        [.. (list ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    public static string FormatList(IEnumerable<string> items) => string.Join(',', items);
}
