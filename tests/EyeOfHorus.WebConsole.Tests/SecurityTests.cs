using System.Net;
using System.Net.Http.Json;
using EyeOfHorus.Contract;

namespace EyeOfHorus.WebConsole.Tests;

/// <summary>The console's gate against a real Kestrel listener: who may read, who may change, what may be uploaded and served.</summary>
public sealed class SecurityTests
{
    private const string Password = "correct horse battery";

    [Fact]
    public void Listening_beyond_loopback_without_a_password_is_refused_with_what_to_set()
    {
        var error = Assert.Throws<FormatException>(() => ConsoleSettings.From("0.0.0.0:8420", null, _ => null));
        Assert.Contains(ConsoleSettings.PasswordVariable, error.Message, StringComparison.Ordinal);
        Assert.Contains("console.passwordHash", error.Message, StringComparison.Ordinal);
        Assert.Null(ConsoleSettings.From("127.0.0.1:8420", null, _ => null)!.PasswordHash);
        Assert.Null(ConsoleSettings.From("off", null, _ => null));
        Assert.Throws<FormatException>(() => ConsoleSettings.From("example.com:80", null, _ => null));
        Assert.Throws<FormatException>(() => ConsoleSettings.From("0.0.0.0:8420", "plain-password", _ => null)); // the file holds a hash, never the password
    }

    [Fact]
    public void A_password_from_the_environment_is_kept_only_as_its_hash()
    {
        var settings = ConsoleSettings.From("0.0.0.0:8420", null, name => name == ConsoleSettings.PasswordVariable ? Password : null)!;
        Assert.DoesNotContain(Password, settings.PasswordHash!, StringComparison.Ordinal);
        Assert.StartsWith(ConsolePassword.Scheme + "$", settings.PasswordHash, StringComparison.Ordinal);
        Assert.True(ConsolePassword.Verify(Password, settings.PasswordHash!));
        Assert.False(ConsolePassword.Verify(Password + "!", settings.PasswordHash!));
        Assert.Throws<FormatException>(() => ConsoleSettings.From("0.0.0.0:8420", null, _ => "short"));
    }

    [Fact]
    public async Task Beyond_loopback_every_page_and_call_needs_a_login()
    {
        await using var host = await ConsoleHost.StartAsync("0.0.0.0:0", Password);
        foreach (var api in new[] { "/api/events", "/api/cameras", "/api/faces", "/api/faces/check", "/api/events/1/snapshot.jpg" })
        {
            using var response = await host.Client.GetAsync(api);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Contains("log in", await ConsoleHost.ErrorOf(response), StringComparison.Ordinal);
        }
        using (var page = await host.Client.GetAsync("/events"))
        {
            Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
            Assert.Equal("/login?next=%2Fevents", page.Headers.Location!.OriginalString);
        }
        using (var upload = await host.Client.PostAsync("/api/faces/mallory", ConsoleHost.Photo(await File.ReadAllBytesAsync(RealEngine.Photo("obama.jpg")), "x.jpg")))
            Assert.Equal(HttpStatusCode.Unauthorized, upload.StatusCode);
        Assert.False(Directory.Exists(Path.Combine(host.FacesFolder, "mallory")));
        using (var session = await host.Client.GetAsync("/api/session"))
        {
            var info = await session.Content.ReadFromJsonAsync<SessionInfo>();
            Assert.Equal(new SessionInfo(true, false, null), info); // no session handed out without the password
        }

        using (var wrong = await host.Client.PostAsJsonAsync("/api/login", new { password = "guess" }))
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        using (var login = await host.Client.PostAsJsonAsync("/api/login", new { password = Password }))
        {
            Assert.Equal(HttpStatusCode.OK, login.StatusCode);
            var cookie = Assert.Single(login.Headers.GetValues("Set-Cookie"));
            Assert.StartsWith(ConsoleSessions.Cookie + "=", cookie, StringComparison.Ordinal);
            Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        }
        using (var events = await host.Client.GetAsync("/api/events"))
            Assert.Equal(HttpStatusCode.OK, events.StatusCode);
    }

    [Fact]
    public async Task Failed_logins_are_limited_per_minute()
    {
        await using var host = await ConsoleHost.StartAsync("0.0.0.0:0", Password);
        for (var i = 0; i < ConsoleSessions.MaxFailedLogins; i++)
        {
            using var wrong = await host.Client.PostAsJsonAsync("/api/login", new { password = $"guess {i}" });
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }
        using var limited = await host.Client.PostAsJsonAsync("/api/login", new { password = Password });
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
    }

    [Fact]
    public async Task On_loopback_a_foreign_host_name_is_refused()
    {
        await using var host = await ConsoleHost.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/events");
        request.Headers.Host = "attacker.example";
        using var response = await host.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.MisdirectedRequest, response.StatusCode);
        using var ok = await host.Client.GetAsync("/api/events");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    [Fact]
    public async Task Changes_without_the_sessions_csrf_token_or_from_another_origin_are_refused()
    {
        await using var host = await ConsoleHost.StartAsync();
        var photo = Path.Combine(host.FacesFolder, "obama", "portrait.jpg");
        Directory.CreateDirectory(Path.GetDirectoryName(photo)!);
        File.Copy(RealEngine.Photo("obama.jpg"), photo);
        await host.OpenSessionAsync();

        using (var none = await host.SendAsync(HttpMethod.Delete, "/api/faces/obama/portrait.jpg", csrf: null))
        {
            Assert.Equal(HttpStatusCode.Forbidden, none.StatusCode);
            Assert.Contains("CSRF", await ConsoleHost.ErrorOf(none), StringComparison.Ordinal);
        }
        using (var wrong = await host.SendAsync(HttpMethod.Delete, "/api/faces/obama/portrait.jpg", csrf: "not-the-token"))
            Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
        using (var upload = await host.SendAsync(HttpMethod.Post, "/api/faces/mallory", ConsoleHost.Photo(await File.ReadAllBytesAsync(RealEngine.Photo("biden.jpg")), "b.jpg"), csrf: null))
            Assert.Equal(HttpStatusCode.Forbidden, upload.StatusCode);
        using (var crossSite = await host.SendAsync(HttpMethod.Delete, "/api/faces/obama/portrait.jpg", origin: "http://attacker.example"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, crossSite.StatusCode);
            Assert.Contains("cross-site", await ConsoleHost.ErrorOf(crossSite), StringComparison.Ordinal);
        }
        Assert.True(File.Exists(photo));
        Assert.False(Directory.Exists(Path.Combine(host.FacesFolder, "mallory")));

        using var allowed = await host.SendAsync(HttpMethod.Delete, "/api/faces/obama/portrait.jpg", origin: host.Server.Address.GetLeftPart(UriPartial.Authority));
        Assert.Equal(HttpStatusCode.NoContent, allowed.StatusCode);
        Assert.False(File.Exists(photo));
    }

    [Fact]
    public async Task An_oversized_upload_is_refused_with_the_limit_and_nothing_is_written()
    {
        await using var host = await ConsoleHost.StartAsync();
        await host.OpenSessionAsync();
        var jpeg = await File.ReadAllBytesAsync(RealEngine.Photo("obama.jpg"));
        var big = new byte[BucketLayout.MaxPhotoBytes + 1];
        jpeg.CopyTo(big, 0);
        using var response = await host.SendAsync(HttpMethod.Post, "/api/faces/bigfoot", ConsoleHost.Photo(big, "big.jpg"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("larger than the limit of 15 MB", await ConsoleHost.ErrorOf(response), StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(host.FacesFolder, "bigfoot")));
    }

    [Fact]
    public async Task A_chunked_upload_past_the_limit_is_cut_off_with_the_same_message()
    {
        await using var host = await ConsoleHost.StartAsync();
        await host.OpenSessionAsync();
        var form = new MultipartFormDataContent();
        form.Add(new StreamContent(new MemoryStream(new byte[ConsoleServer.MaxRequestBytes + 1024])), "photo", "big.jpg");
        var chunked = new PushStreamContentLike(form).Init(); // no Content-Length: Kestrel's body limit must stop it
        using var response = await host.SendAsync(HttpMethod.Post, "/api/faces/bigfoot", chunked);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("larger than the limit", await ConsoleHost.ErrorOf(response), StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(host.FacesFolder, "bigfoot")));
    }

    [Fact]
    public async Task A_file_that_is_not_a_jpeg_or_png_is_refused_by_its_content_whatever_its_name()
    {
        await using var host = await ConsoleHost.StartAsync();
        await host.OpenSessionAsync();
        using var response = await host.SendAsync(HttpMethod.Post, "/api/faces/alice", ConsoleHost.Photo("#!/bin/sh\necho hi\n"u8.ToArray(), "alice.jpg"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("alice.jpg is not a JPEG or PNG photo (the content is neither JPEG nor PNG)", await ConsoleHost.ErrorOf(response));
        Assert.False(File.Exists(Path.Combine(host.FacesFolder, "alice", "alice.jpg")));
    }

    [Theory]
    [InlineData("/api/faces/..", "x.jpg", "person name '..'")]
    [InlineData("/api/faces/%2E%2E", "x.jpg", "person name '..'")]
    [InlineData("/api/faces/alice", "../../state/evil.jpg", "photo name '../../state/evil.jpg' is not one name")]
    [InlineData("/api/faces/alice", "..\\evil.jpg", "is not one name")]
    [InlineData("/api/faces/alice", ".hidden.jpg", "starts with '.'")]
    [InlineData("/api/faces/.alice", "x.jpg", "starts with '.'")]
    public async Task Names_that_leave_the_faces_folder_are_refused(string url, string fileName, string expected)
    {
        await using var host = await ConsoleHost.StartAsync();
        await host.OpenSessionAsync();
        using var response = await host.SendAsync(HttpMethod.Post, url, ConsoleHost.Photo(await File.ReadAllBytesAsync(RealEngine.Photo("obama.jpg")), fileName));
        // A URL whose dot segments the server resolves away no longer names an upload route at all.
        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed, $"{response.StatusCode}");
        if (response.StatusCode == HttpStatusCode.BadRequest) Assert.Contains(expected, await ConsoleHost.ErrorOf(response), StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFiles(host.Root, "*.jpg", SearchOption.AllDirectories));
    }

    [Theory]
    [InlineData("/api/faces/%2E%2E/state.db")]
    [InlineData("/api/faces/obama/..%2F..%2Fstate%2Fstate.db")]
    [InlineData("/api/faces/obama/%2E%2E%2F%2E%2E%2Fstate%2Fstate.db")]
    public async Task Reading_or_deleting_through_dot_dot_names_is_refused(string url)
    {
        await using var host = await ConsoleHost.StartAsync();
        await host.OpenSessionAsync();
        var db = host.Store.Path;
        using (var read = await host.Client.GetAsync(url))
            Assert.True(read.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound, $"{read.StatusCode}");
        using (var delete = await host.SendAsync(HttpMethod.Delete, url))
            Assert.True(delete.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed, $"{delete.StatusCode}");
        Assert.True(File.Exists(db));
        Assert.True(Directory.Exists(host.FacesFolder));
    }

    [Fact]
    public async Task Snapshots_are_served_only_from_the_snapshot_folder()
    {
        await using var host = await ConsoleHost.StartAsync();
        var cameraFolder = Directory.CreateDirectory(Path.Combine(host.SnapshotFolder, "front-door")).FullName;
        var genuine = Path.Combine(cameraFolder, "ok.jpg");
        File.Copy(RealEngine.Photo("obama.jpg"), genuine);
        var outside = Path.Combine(host.Root, "outside.jpg");
        File.Copy(RealEngine.Photo("biden.jpg"), outside);
        var link = Path.Combine(cameraFolder, "link.jpg");
        File.CreateSymbolicLink(link, outside);
        var linkedFolder = Path.Combine(host.SnapshotFolder, "linked");
        Directory.CreateSymbolicLink(linkedFolder, host.Root);

        long Alert(string? snapshot) => host.Store.TryAccept(Guid.NewGuid().ToString(), TimeSpan.Zero, DateTimeOffset.UtcNow, "front-door", AlertEvents.UnknownFace, null,
            DateTimeOffset.UtcNow, "line", "{}", snapshot, [])!.Id;
        var ok = Alert(genuine);
        var refused = new[] { Alert(outside), Alert(host.Store.Path), Alert(link), Alert(Path.Combine(linkedFolder, "outside.jpg")), Alert(Path.Combine(cameraFolder, "..", "..", "..", "outside.jpg")), Alert(null) };

        using (var response = await host.Client.GetAsync($"/api/events/{ok}/snapshot.jpg"))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("image/jpeg", response.Content.Headers.ContentType!.MediaType);
            Assert.Equal(await File.ReadAllBytesAsync(genuine), await response.Content.ReadAsByteArrayAsync());
        }
        foreach (var id in refused)
        {
            using var response = await host.Client.GetAsync($"/api/events/{id}/snapshot.jpg");
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
    }

    [Fact]
    public async Task Pages_carry_a_content_security_policy_and_refuse_framing()
    {
        await using var host = await ConsoleHost.StartAsync();
        foreach (var page in new[] { "/live", "/events", "/faces", "/login" })
        {
            using var response = await host.Client.GetAsync(page);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
            Assert.Contains("script-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
            Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        }
    }

    /// <summary>Sends another content's bytes without a Content-Length (chunked).</summary>
    private sealed class PushStreamContentLike(HttpContent inner) : HttpContent
    {
        protected override void Dispose(bool disposing) { if (disposing) inner.Dispose(); base.Dispose(disposing); }
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => inner.CopyToAsync(stream, context);
        protected override bool TryComputeLength(out long length) { length = 0; return false; }
        public PushStreamContentLike Init() { Headers.ContentType = inner.Headers.ContentType; return this; }
    }
}
