namespace EyeOfHorus.Testing;

/// <summary>Where the repository and the shared test vectors are, wherever the tests run from.</summary>
public static class RepoPaths
{
    /// <summary>The folder holding EyeOfHorus.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The shared vectors (../shared/vectors beside the clone, or above it).</summary>
    public static string Vectors { get; } = FindVectors();

    /// <summary>node_modules/.bin of the repository (npm ci installs the emulators there).</summary>
    public static string NodeModules => Path.Combine(Root, "node_modules");

    private static string FindRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "EyeOfHorus.sln"))) return dir.FullName;
        throw new InvalidOperationException($"EyeOfHorus.sln not found above {AppContext.BaseDirectory} or {Environment.CurrentDirectory}");
    }

    private static string FindVectors()
    {
        for (var dir = new DirectoryInfo(Root); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "vectors");
            if (Directory.Exists(candidate)) return candidate;
        }
        throw new InvalidOperationException($"shared/vectors not found above {Root}");
    }
}
