namespace EyeOfHorus.Testing;

/// <summary>Where the repository is, wherever the tests run from. Test fixtures are copies under tests/ (with their licences), never read from ../shared.</summary>
public static class RepoPaths
{
    /// <summary>The folder holding EyeOfHorus.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>node_modules/.bin of the repository (npm ci installs the emulators there).</summary>
    public static string NodeModules => Path.Combine(Root, "node_modules");

    private static string FindRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "EyeOfHorus.sln"))) return dir.FullName;
        throw new InvalidOperationException($"EyeOfHorus.sln not found above {AppContext.BaseDirectory} or {Environment.CurrentDirectory}");
    }
}
