using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EyeOfHorus.Local.Frames;
using EyeOfHorus.Local.Gallery;
using EyeOfHorus.Local.Live;
using EyeOfHorus.Local.State;
using EyeOfHorus.Testing;

namespace EyeOfHorus.WebConsole.Tests;

/// <summary>The project's face engine, loaded once from the repository's models/ (scripts/models.sh writes them before the tests).</summary>
internal static class RealEngine
{
    private static readonly Lazy<LocalFaceEngine> Shared = new(() => LocalFaceEngine.Load(Path.Combine(RepoPaths.Root, "models")));
    public static LocalFaceEngine Engine => Shared.Value;
    public static string Photo(string name) => Path.Combine(AppContext.BaseDirectory, "faces", name);
}

/// <summary>
/// A real console server (Kestrel on a free port) over a real state database and faces folder judged
/// by the real engine, with an HttpClient that keeps the session cookie like a browser.
/// </summary>
internal sealed class ConsoleHost : IAsyncDisposable
{
    private ConsoleHost(string root, LocalStore store, FacesFolder faces, LiveFrames live, List<CameraFeed> feeds, ConsoleServer server, HttpClient client, CookieContainer cookies)
    {
        Root = root;
        Store = store;
        Faces = faces;
        Live = live;
        Feeds = feeds;
        Server = server;
        Client = client;
        Cookies = cookies;
    }

    public string Root { get; }
    public string FacesFolder => Path.Combine(Root, "faces");
    public string SnapshotFolder => Path.Combine(Root, "state", "snapshots");
    public LocalStore Store { get; }
    public FacesFolder Faces { get; }
    public LiveFrames Live { get; }
    public List<CameraFeed> Feeds { get; }
    public ConsoleServer Server { get; }
    public HttpClient Client { get; }
    public CookieContainer Cookies { get; }
    public string? Csrf { get; private set; }

    public static async Task<ConsoleHost> StartAsync(string listen = "127.0.0.1:0", string? password = null, TimeProvider? time = null)
    {
        var root = Directory.CreateTempSubdirectory("horus-console-test-").FullName;
        Directory.CreateDirectory(Path.Combine(root, "faces"));
        var store = new LocalStore(Path.Combine(root, "state", "state.db"));
        var faces = new FacesFolder(Path.Combine(root, "faces"), RealEngine.Engine, store);
        await faces.ScanAsync(CancellationToken.None);
        var live = new LiveFrames();
        var feeds = new List<CameraFeed>();
        var settings = new ConsoleSettings(IPEndPoint.Parse(listen), password is null ? null : ConsolePassword.Hash(password, ConsolePassword.MinIterations));
        var view = new RunView(() => store, () => faces, () => feeds, live, Path.Combine(root, "state", "snapshots"), 90);
        var server = await ConsoleServer.StartAsync(settings, view, time);
        var cookies = new CookieContainer();
        var client = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = server.Address };
        return new ConsoleHost(root, store, faces, live, feeds, server, client, cookies);
    }

    /// <summary>GET /api/session as the page does first: the session cookie and its CSRF token.</summary>
    public async Task<string?> OpenSessionAsync()
    {
        var info = await Client.GetFromJsonAsync<JsonElement>("/api/session");
        Csrf = info.GetProperty("csrf").GetString();
        return Csrf;
    }

    public async Task LoginAsync(string password)
    {
        using var response = await Client.PostAsJsonAsync("/api/login", new { password });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Csrf = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("csrf").GetString();
    }

    /// <summary>A change as the page sends it: with the session's CSRF token (unless told otherwise).</summary>
    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, HttpContent? content = null, string? csrf = "session", string? origin = null)
    {
        var request = new HttpRequestMessage(method, url) { Content = content };
        var token = csrf == "session" ? Csrf : csrf;
        if (token is not null) request.Headers.Add(ConsoleSessions.CsrfHeader, token);
        if (origin is not null) request.Headers.Add("Origin", origin);
        return Client.SendAsync(request);
    }

    public static MultipartFormDataContent Photo(byte[] bytes, string fileName)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("image/jpeg");
        form.Add(file, "photo", fileName);
        return form;
    }

    public static async Task<string> ErrorOf(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString()!;

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
        Faces.Dispose();
        Store.Dispose();
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
