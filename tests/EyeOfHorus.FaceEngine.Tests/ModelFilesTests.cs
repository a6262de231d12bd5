using System.Security.Cryptography;

namespace EyeOfHorus.FaceEngine.Tests;

/// <summary>Where the models are looked for, and what the engine says when one is missing or altered.
/// Its tests set HORUS_MODELS, the working folder (the test runners start in the folder of the test program,
/// where ./models and models/ beside the program are the same) and write models/ beside the test program: they
/// run alone, after the other tests.</summary>
[Collection(nameof(ModelFilesTests))]
[CollectionDefinition(nameof(ModelFilesTests), DisableParallelization = true)]
public class ModelFilesTests
{
    private const string Hint = "npm ci && bash scripts/models.sh";

    [Fact]
    public void HORUS_MODELS_wins_when_set()
    {
        var dir = Path.Combine(Path.GetTempPath(), "horus-models-env");
        using (Variable("HORUS_MODELS", dir)) Assert.Equal(dir, ModelFiles.DefaultDirectory());
    }

    [Fact]
    public void Without_HORUS_MODELS_and_models_beside_the_program_it_is_models_in_the_working_folder()
    {
        using var work = new TempDirectory();
        using var cwd = WorkingFolder(work.Path);
        foreach (var value in new[] { null, "" })
            using (Variable("HORUS_MODELS", value))
                Assert.Equal(Path.Combine(work.Path, "models"), ModelFiles.DefaultDirectory());
    }

    [Fact]
    public void Models_beside_the_program_win_over_the_working_folder_once_the_detector_is_there()
    {
        var beside = Path.Combine(AppContext.BaseDirectory, "models");
        Assert.False(Directory.Exists(beside), $"{beside} exists before the test");
        using var work = new TempDirectory();
        using var cwd = WorkingFolder(work.Path);
        try
        {
            Directory.CreateDirectory(beside);
            using var unset = Variable("HORUS_MODELS", null);
            File.WriteAllBytes(Path.Combine(beside, ModelFiles.Embedder), [1]);
            Assert.Equal(Path.Combine(work.Path, "models"), ModelFiles.DefaultDirectory());
            File.WriteAllBytes(Path.Combine(beside, ModelFiles.Detector), [1]);
            Assert.Equal(beside, ModelFiles.DefaultDirectory());
            File.WriteAllBytes(Path.Combine(AppContext.BaseDirectory, ModelFiles.Detector), [1]); // beside the program, not in models/
            try
            {
                File.Delete(Path.Combine(beside, ModelFiles.Detector));
                Assert.Equal(Path.Combine(work.Path, "models"), ModelFiles.DefaultDirectory());
            }
            finally { File.Delete(Path.Combine(AppContext.BaseDirectory, ModelFiles.Detector)); }
        }
        finally { Directory.Delete(beside, recursive: true); }
    }

    private static Restore WorkingFolder(string path)
    {
        var before = Environment.CurrentDirectory;
        Environment.CurrentDirectory = path;
        return new Restore(() => Environment.CurrentDirectory = before);
    }

    [Fact]
    public void A_missing_detector_is_named_with_its_path_and_how_to_install_it()
    {
        using var dir = new TempDirectory();
        var e = Assert.Throws<FaceModelException>(() => FaceEngine.LoadDetector(dir.Path));
        Assert.StartsWith($"face model {Path.Combine(dir.Path, ModelFiles.Detector)} is missing: ", e.Message, StringComparison.Ordinal);
        Assert.EndsWith(ModelFiles.InstallHint, e.Message, StringComparison.Ordinal);
        Assert.Contains(Hint, ModelFiles.InstallHint, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_embedder_stops_the_full_engine_but_not_the_detector_only_one()
    {
        using var dir = new TempDirectory();
        File.Copy(Path.Combine(Models.Directory, ModelFiles.Detector), Path.Combine(dir.Path, ModelFiles.Detector));
        var e = Assert.Throws<FaceModelException>(() => FaceEngine.Load(dir.Path));
        Assert.Equal($"face model {Path.Combine(dir.Path, ModelFiles.Embedder)} is missing: {ModelFiles.InstallHint}", e.Message);

        using var detector = FaceEngine.LoadDetector(dir.Path);
        using var image = Models.Photo("obama.jpg");
        Assert.Single(detector.Detect(image));
        var noEmbedder = Assert.Throws<InvalidOperationException>(() => detector.Embed(detector.Detect(image)[0]));
        Assert.Contains("FaceEngine.LoadDetector", noEmbedder.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ModelFiles.Detector, ModelFiles.DetectorSha256)]
    [InlineData(ModelFiles.Embedder, ModelFiles.EmbedderSha256)]
    public void An_altered_model_is_named_with_both_hashes_and_how_to_reinstall_it(string file, string expected)
    {
        using var dir = new TempDirectory();
        foreach (var f in new[] { ModelFiles.Detector, ModelFiles.Embedder }) File.Copy(Path.Combine(Models.Directory, f), Path.Combine(dir.Path, f));
        var path = Path.Combine(dir.Path, file);
        File.AppendAllText(path, " ");
        var actual = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
        var e = Assert.Throws<FaceModelException>(() => FaceEngine.Load(dir.Path));
        Assert.Equal($"face model {path} is altered (sha256 {actual}, expected {expected}): {ModelFiles.InstallHint}", e.Message);
    }

    [Fact]
    public void The_pinned_hashes_are_those_of_the_installed_models()
    {
        Assert.Equal(ModelFiles.DetectorSha256, Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(Models.Directory, ModelFiles.Detector)))));
        Assert.Equal(ModelFiles.EmbedderSha256, Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(Models.Directory, ModelFiles.Embedder)))));
    }

    private static Restore Variable(string name, string? value)
    {
        var before = Environment.GetEnvironmentVariable(name);
        Environment.SetEnvironmentVariable(name, value);
        return new Restore(() => Environment.SetEnvironmentVariable(name, before));
    }

    private sealed class Restore(Action undo) : IDisposable
    {
        public void Dispose() => undo();
    }

    private sealed class TempDirectory : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("horus-models-").FullName;
        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
