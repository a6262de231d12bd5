using System.Text.Json;
using EyeOfHorus.Edge.Tests.Operator;
using EyeOfHorus.Testing;

namespace EyeOfHorus.Edge.Tests.Run;

/// <summary><c>horus faces list --local</c> as a user runs it: the built CLI, the real face engine, a faces folder on disk.</summary>
public sealed class LocalFacesCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("horus-local-faces-").FullName;
    private static string Vector(string name) => Path.Combine(RepoPaths.Root, "tests", "EyeOfHorus.FaceIndexer.Tests", "Vectors", "faces", name);

    private Dictionary<string, string?> Environment()
    {
        var env = HorusProcess.Environment(withCredentials: false);
        env["HORUS_MODELS"] = Path.Combine(RepoPaths.Root, "models");
        return env;
    }

    [Fact]
    public async Task Lists_each_photo_with_the_indexers_reason_and_no_aws()
    {
        var obama = Directory.CreateDirectory(Path.Combine(_dir, "faces", "obama")).FullName;
        File.Copy(Vector("obama.jpg"), Path.Combine(obama, "portrait.jpg"));
        File.WriteAllBytes(Path.Combine(obama, "cut.jpg"), File.ReadAllBytes(Vector("obama2.jpg"))[..20_000]);
        File.WriteAllText(Path.Combine(obama, "notes.jpg"), "not a photo");

        var table = await HorusProcess.RunAsync(Environment(), _dir, "faces", "list", "--local");
        Assert.True(table.ExitCode == 0, table.Transcript);
        Assert.Contains(table.Stdout, l => l.StartsWith("obama", StringComparison.Ordinal) && l.Contains("portrait.jpg", StringComparison.Ordinal) && l.Contains("authorised", StringComparison.Ordinal));
        Assert.Contains(table.Stdout, l => l.Contains("cut.jpg", StringComparison.Ordinal) && l.Contains("rejected", StringComparison.Ordinal) && l.Contains("truncated-image", StringComparison.Ordinal));
        Assert.Contains(table.Stdout, l => l.Contains("notes.jpg", StringComparison.Ordinal) && l.Contains("not-an-image", StringComparison.Ordinal));
        Assert.Contains("1 person authorised, 3 photo(s): 1 usable, 2 rejected", table.Stdout[^1], StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_dir, "horus-state", "state.db")), "the verdicts are cached where horus run keeps its state");

        var json = await HorusProcess.RunAsync(Environment(), _dir, "faces", "list", "--local", "--json");
        Assert.True(json.ExitCode == 0, json.Transcript);
        using var doc = JsonDocument.Parse(string.Join('\n', json.Stdout));
        var photos = doc.RootElement.GetProperty("photos").EnumerateArray()
            .ToDictionary(p => p.GetProperty("photo").GetString()!, p => (p.GetProperty("status").GetString(), p.GetProperty("reason").GetString()));
        Assert.Equal(("authorised", null), photos["portrait.jpg"]);
        Assert.Equal(("rejected", "truncated-image"), photos["cut.jpg"]);
        Assert.Equal(("rejected", "not-an-image"), photos["notes.jpg"]);
        Assert.Equal(1, doc.RootElement.GetProperty("people").GetInt32());
    }

    [Fact]
    public async Task Without_the_models_it_says_how_to_get_them()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "faces"));
        var env = Environment();
        env["HORUS_MODELS"] = Path.Combine(_dir, "no-models");
        var run = await HorusProcess.RunAsync(env, _dir, "faces", "list", "--local");
        Assert.True(run.ExitCode == 3, run.Transcript);
        Assert.Contains(run.Stderr, l => l.Contains("models", StringComparison.OrdinalIgnoreCase));
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
