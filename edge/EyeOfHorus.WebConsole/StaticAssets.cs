using System.Collections.Frozen;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace EyeOfHorus.WebConsole;

/// <summary>The pages and their CSS/JS, embedded in the assembly (wwwroot/), so the single-file horus binary carries them.</summary>
internal static class StaticAssets
{
    private static readonly FrozenDictionary<string, byte[]> Files = Load();

    /// <summary>The pages: path -> file.</summary>
    public static readonly IReadOnlyDictionary<string, string> Pages = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["/live"] = "live.html",
        ["/events"] = "events.html",
        ["/faces"] = "faces.html",
        ["/login"] = "login.html",
    };

    public static void Map(WebApplication app)
    {
        app.MapGet("/", () => Results.Redirect("/live"));
        foreach (var (path, file) in Pages) app.MapGet(path, () => Serve(file));
        app.MapGet("/assets/{name}", (string name) => Serve(name));
    }

    private static IResult Serve(string name) =>
        Files.TryGetValue(name, out var bytes) ? Results.Bytes(bytes, ContentType(name)) : Results.NotFound();

    private static string ContentType(string name) => Path.GetExtension(name) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".svg" => "image/svg+xml",
        _ => "application/octet-stream",
    };

    private static FrozenDictionary<string, byte[]> Load()
    {
        var assembly = typeof(StaticAssets).Assembly;
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith("wwwroot/", StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            files[resource["wwwroot/".Length..]] = copy.ToArray();
        }
        return files.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
