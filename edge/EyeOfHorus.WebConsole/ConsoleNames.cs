using EyeOfHorus.Recognition.Faces;

namespace EyeOfHorus.WebConsole;

/// <summary>
/// Person and photo names from a request, checked before they touch the disk: one path segment
/// each (no '/', '\', '..', no leading '.', which the faces folder ignores as hidden, no control
/// characters), valid as a faces-bucket key, and resolving inside the faces folder.
/// </summary>
public static class ConsoleNames
{
    public const int MaxLength = 200;

    /// <summary>Null when <paramref name="name"/> may be used as one folder or file name; else why not.</summary>
    public static string? Problem(string? name, string what)
    {
        if (string.IsNullOrWhiteSpace(name)) return $"the {what} name is empty";
        if (name is "." or ".." || name.Contains('/', StringComparison.Ordinal) || name.Contains('\\', StringComparison.Ordinal))
            return $"the {what} name '{name}' is not one name: it may not contain '/' or '\\' or be '..'";
        if (name.StartsWith('.')) return $"the {what} name '{name}' starts with '.': the faces folder ignores hidden files";
        if (name.Any(char.IsControl)) return $"the {what} name contains a control character";
        if (name.Length > MaxLength) return $"the {what} name is longer than {MaxLength} characters";
        return null;
    }

    /// <summary>The photo's path inside <paramref name="facesFolder"/>, or why the names cannot be used.</summary>
    public static (string? Path, string? Problem) PhotoPath(string facesFolder, string? person, string? photo)
    {
        if (Problem(person, "person") is { } p) return (null, p);
        if (Problem(photo, "photo") is { } f) return (null, f);
        var key = FaceKey.FromKey($"faces/{person}/{photo}");
        if (key.Kind != FaceKeyKind.Photo) return (null, key.Problem);
        return Inside(facesFolder, Path.Combine(facesFolder, person!, photo!));
    }

    /// <summary>The person's folder inside <paramref name="facesFolder"/>, or why the name cannot be used.</summary>
    public static (string? Path, string? Problem) PersonPath(string facesFolder, string? person) =>
        Problem(person, "person") is { } p ? (null, p) : Inside(facesFolder, Path.Combine(facesFolder, person!));

    private static (string?, string?) Inside(string folder, string path)
    {
        var root = Path.GetFullPath(folder).TrimEnd('/') + "/";
        var full = Path.GetFullPath(path);
        return full.StartsWith(root, StringComparison.Ordinal) ? (full, null) : (null, "the name leads outside the faces folder");
    }

    /// <summary>
    /// True when <paramref name="path"/> is a regular file under <paramref name="folder"/> and no part
    /// of the way there (below the folder) is a symbolic link: what the console may serve from it.
    /// </summary>
    public static bool IsPlainFileUnder(string folder, string path)
    {
        var root = Path.GetFullPath(folder).TrimEnd('/');
        var full = Path.GetFullPath(path);
        if (!full.StartsWith(root + "/", StringComparison.Ordinal)) return false;
        var current = root;
        foreach (var part in full[(root.Length + 1)..].Split('/'))
        {
            current = Path.Combine(current, part);
            var info = new FileInfo(current);
            if (info.LinkTarget is not null) return false;
        }
        return File.Exists(full);
    }
}
