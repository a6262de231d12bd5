namespace EyeOfHorus.FaceEngine.Tests;

/// <summary>The converted models (scripts/models.sh writes them to models/ before the tests) and the test photos.</summary>
public static class Models
{
    public static string Root { get; } = FindRoot();
    public static string Directory => Path.Combine(Root, "models");
    public static string NodeModules => Path.Combine(Root, "node_modules");
    public static string Faces => Path.Combine(AppContext.BaseDirectory, "Vectors", "faces");

    private static readonly Lazy<FaceEngine> Shared = new(() => FaceEngine.Load(Directory));
    public static FaceEngine Engine => Shared.Value;

    public static FaceImage Photo(string name) => FaceImage.Decode(File.ReadAllBytes(Path.Combine(Faces, name)));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "EyeOfHorus.sln"))) return dir.FullName;
        throw new InvalidOperationException($"EyeOfHorus.sln not found above {AppContext.BaseDirectory}");
    }
}
