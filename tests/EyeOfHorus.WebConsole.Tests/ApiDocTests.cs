using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using EyeOfHorus.Contract;
using EyeOfHorus.Local.Frames;
using EyeOfHorus.Local.Tracking;
using EyeOfHorus.Testing;

namespace EyeOfHorus.WebConsole.Tests;

/// <summary>
/// The README's API table against the server: every field a documented JSON answer names is in the
/// answer, and every field of the answer is named (so the table cannot drift from the code).
/// </summary>
public sealed partial class ApiDocTests
{
    [GeneratedRegex(@"^\| `(?<call>[^`]+)`[^|]*\| (?<answer>.*) \|$", RegexOptions.Multiline)]
    private static partial Regex Row();

    [GeneratedRegex(@"`(?<shape>[\[{][^`]*)`")]
    private static partial Regex Shape();

    [GeneratedRegex(@"PHOTO = `(?<shape>\{[^`]*\})`")]
    private static partial Regex PhotoShape();

    [GeneratedRegex(@"[A-Za-z_][A-Za-z0-9_]*")]
    private static partial Regex Name();

    /// <summary>Each documented call's JSON shape (its answer's first code span that opens with { or [, PHOTO spelled out), keyed by the call's text.</summary>
    private static Dictionary<string, string> DocumentedShapes()
    {
        var readme = File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md"));
        var start = readme.IndexOf("The JSON API (what the pages use", StringComparison.Ordinal);
        Assert.True(start >= 0, "README: the web console's JSON API table is gone");
        var end = readme.IndexOf("\n\n", readme.IndexOf("|---|", start, StringComparison.Ordinal), StringComparison.Ordinal);
        var table = readme[start..end];
        var photo = PhotoShape().Match(table);
        Assert.True(photo.Success, "README: the API table no longer defines PHOTO");
        var shapes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match row in Row().Matches(table))
            if (Shape().Match(row.Groups["answer"].Value) is { Success: true } shape)
                shapes[row.Groups["call"].Value] = shape.Groups["shape"].Value.Replace("PHOTO", photo.Groups["shape"].Value, StringComparison.Ordinal);
        return shapes;
    }

    private static SortedSet<string> Fields(JsonElement e, SortedSet<string>? into = null)
    {
        into ??= new SortedSet<string>(StringComparer.Ordinal);
        if (e.ValueKind == JsonValueKind.Object)
            foreach (var p in e.EnumerateObject()) { into.Add(p.Name); Fields(p.Value, into); }
        else if (e.ValueKind == JsonValueKind.Array)
            foreach (var item in e.EnumerateArray()) Fields(item, into);
        return into;
    }

    [Fact]
    public async Task The_readmes_api_table_names_every_field_of_each_answer_and_no_other()
    {
        await using var host = await ConsoleHost.StartAsync();
        await host.OpenSessionAsync();
        // Two people (so each has a nearest other person), a second photo of obama (a spread), a rejected photo, an event, a camera with a face.
        var uploaded = new List<JsonElement>();
        foreach (var (person, photo, bytes) in new[]
        {
            ("obama", "obama.jpg", await File.ReadAllBytesAsync(RealEngine.Photo("obama.jpg"))),
            ("obama", "obama2.jpg", await File.ReadAllBytesAsync(RealEngine.Photo("obama2.jpg"))),
            ("biden", "biden.jpg", await File.ReadAllBytesAsync(RealEngine.Photo("biden.jpg"))),
            ("biden", "pattern.jpg", await ApiTests.CreateFacelessJpegAsync(host.Root)),
        })
        {
            using var upload = await host.SendAsync(HttpMethod.Post, $"/api/faces/{person}", ConsoleHost.Photo(bytes, photo));
            Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
            uploaded.Add(JsonDocument.Parse(await upload.Content.ReadAsStringAsync()).RootElement);
        }
        var time = DateTimeOffset.UtcNow;
        host.Store.TryAccept("k", TimeSpan.Zero, time, "front-door", AlertEvents.PersonRecognised, "obama", time, "line",
            """{"event":"person_recognised","camera":"front-door","person":"obama","time":"t","similarity":93.2,"confidence":99,"faceId":null,"snapshotUrl":null}""", null, []);
        host.Feeds.Add(new CameraFeed(new CameraSource("front-door", ["videotestsrc"], Finite: false)));
        host.Live.Publish(new Frame("front-door", 1, time, 4, 2, new byte[Frame.SizeOf(4, 2)]),
            [new FrameFace(new FaceBox(0, 0, 2, 2), 0.9, null, [1f], new GalleryMatch("obama", "obama.jpg", 95))], threshold: 90);

        await using var guarded = await ConsoleHost.StartAsync("0.0.0.0:0", "correct horse battery");
        var calls = new Dictionary<string, Func<Task<JsonElement>>>(StringComparer.Ordinal)
        {
            ["POST /api/login"] = async () =>
            {
                using var login = await guarded.Client.PostAsJsonAsync("/api/login", new { password = "correct horse battery" });
                Assert.Equal(HttpStatusCode.OK, login.StatusCode);
                return JsonDocument.Parse(await login.Content.ReadAsStringAsync()).RootElement;
            },
            ["GET /api/session"] = () => GetAsync(host, "/api/session"),
            ["GET /api/cameras"] = () => GetAsync(host, "/api/cameras"),
            ["GET /api/events?limit=50&before=ID&camera=&event=&person="] = () => GetAsync(host, "/api/events"),
            ["GET /api/events/facets"] = () => GetAsync(host, "/api/events/facets"),
            ["GET /api/faces"] = () => GetAsync(host, "/api/faces"),
            ["GET /api/faces/check"] = () => GetAsync(host, "/api/faces/check"),
            ["POST /api/faces/PERSON"] = () => Task.FromResult(uploaded[0]),
        };
        var documented = DocumentedShapes();
        Assert.Equal(calls.Keys.Order(StringComparer.Ordinal), documented.Keys.Order(StringComparer.Ordinal));
        foreach (var (call, answer) in calls)
        {
            var expected = new SortedSet<string>(Name().Matches(documented[call]).Select(m => m.Value), StringComparer.Ordinal);
            var actual = Fields(await answer());
            Assert.True(expected.SetEquals(actual), $"{call}: the README names [{string.Join(", ", expected)}], the answer has [{string.Join(", ", actual)}]");
        }
    }

    private static async Task<JsonElement> GetAsync(ConsoleHost host, string url)
    {
        using var response = await host.Client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }
}
