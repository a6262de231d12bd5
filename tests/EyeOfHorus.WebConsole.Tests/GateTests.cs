using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;

namespace EyeOfHorus.WebConsole.Tests;

/// <summary>
/// The gate every request passes, and login/logout, against a real Kestrel listener: headers, host
/// names, what is public, CSRF and origin checks, the login's rules and the session's lifetime.
/// </summary>
public sealed class GateTests
{
    private const string Password = "correct horse battery";
    private const string Csp = "default-src 'self'; img-src 'self' blob: data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'";

    private static string SessionToken(ConsoleHost host) => host.Cookies.GetCookies(host.Server.Address)[ConsoleSessions.Cookie]!.Value;

    /// <summary>A request with exactly the given session cookie (or none), as another browser would send it.</summary>
    private static async Task<HttpResponseMessage> AsAsync(ConsoleHost host, HttpMethod method, string url, string? token, string? csrf = null, HttpContent? content = null)
    {
        using var client = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = host.Server.Address };
        using var request = new HttpRequestMessage(method, url) { Content = content };
        if (token is not null) request.Headers.Add("Cookie", $"{ConsoleSessions.Cookie}={token}");
        if (csrf is not null) request.Headers.Add(ConsoleSessions.CsrfHeader, csrf);
        var response = await client.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    private static StringContent JsonBody(string json, string type = "application/json") => new(json, Encoding.UTF8, type);

    [Fact]
    public async Task Every_answer_carries_the_security_headers_and_no_server_name()
    {
        await using var host = await ConsoleHost.StartAsync();
        using var misdirected = new HttpRequestMessage(HttpMethod.Get, "/api/events");
        misdirected.Headers.Host = "attacker.example";
        foreach (var response in new[] { await host.Client.GetAsync("/api/events"), await host.Client.GetAsync("/live"), await host.Client.SendAsync(misdirected), await host.Client.GetAsync("/assets/nothing.js") })
        {
            using (response)
            {
                Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
                Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
                Assert.Equal(Csp, response.Headers.GetValues("Content-Security-Policy").Single());
                Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
                Assert.Equal("no-store", response.Headers.GetValues("Cache-Control").Single());
                Assert.False(response.Headers.Contains("Server"));
            }
        }
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("LOCALHOST")]
    [InlineData("localhost:1")]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.2")]
    [InlineData("[::1]")]
    public async Task On_loopback_host_names_of_this_machine_are_answered(string hostName)
    {
        await using var host = await ConsoleHost.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/events");
        request.Headers.Host = hostName;
        using var response = await host.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("attacker.example", "attacker.example")]
    [InlineData("localhost.attacker.example", "localhost.attacker.example")]
    [InlineData("0.0.0.0", "0.0.0.0")]
    [InlineData("192.168.1.10:8420", "192.168.1.10")]
    [InlineData("[::2]", "[::2]")]
    public async Task On_loopback_other_host_names_are_refused_by_name(string hostName, string named)
    {
        await using var host = await ConsoleHost.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/events");
        request.Headers.Host = hostName;
        using var response = await host.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.MisdirectedRequest, response.StatusCode);
        Assert.Equal($"this console answers only to 127.0.0.1, localhost or [::1], not '{named}'", await ConsoleHost.ErrorOf(response));
    }

    [Fact]
    public async Task Beyond_loopback_any_host_name_reaches_the_login()
    {
        await using var host = await ConsoleHost.StartAsync("0.0.0.0:0", Password);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/events");
        request.Headers.Host = "horus.example";
        using var response = await host.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("log in first (POST /api/login)", await ConsoleHost.ErrorOf(response));
    }

    [Fact]
    public async Task Before_logging_in_only_the_login_page_its_assets_and_the_session_and_login_calls_are_served()
    {
        await using var host = await ConsoleHost.StartAsync("0.0.0.0:0", Password);
        foreach (var (url, type) in new[] { ("/login", "text/html"), ("/assets/login.js", "text/javascript"), ("/assets/console.css", "text/css"), ("/api/session", "application/json") })
        {
            using var response = await host.Client.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(type, response.Content.Headers.ContentType!.MediaType);
        }
        foreach (var (url, next) in new[] { ("/", "%2F"), ("/live", "%2Flive"), ("/faces?person=x", "%2Ffaces"), ("/loginx", "%2Floginx"), ("/assets", "%2Fassets"), ("/login/x", "%2Flogin%2Fx") })
        {
            using var response = await host.Client.GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/login?next=" + next, response.Headers.Location!.OriginalString);
        }
        foreach (var url in new[] { "/api/sessions", "/api/session/x", "/api/faces/alice/a.jpg" })
        {
            using var response = await host.Client.GetAsync(url);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
        using var logout = await host.SendAsync(HttpMethod.Post, "/api/logout", csrf: null);
        Assert.Equal(HttpStatusCode.Unauthorized, logout.StatusCode);
    }

    [Fact]
    public async Task Reads_need_no_csrf_token_and_every_change_needs_the_sessions_own()
    {
        await using var host = await ConsoleHost.StartAsync();
        var csrf = await host.OpenSessionAsync();
        var token = SessionToken(host);

        using (var head = await host.SendAsync(HttpMethod.Head, "/live", csrf: null))
            Assert.NotEqual(HttpStatusCode.Forbidden, head.StatusCode);
        using (var get = await host.SendAsync(HttpMethod.Get, "/api/faces", csrf: null))
            Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        using (var none = await host.SendAsync(HttpMethod.Post, "/api/logout", csrf: null))
        {
            Assert.Equal(HttpStatusCode.Forbidden, none.StatusCode);
            Assert.Equal("missing or wrong CSRF token (X-CSRF-Token): reload the page and try again", await ConsoleHost.ErrorOf(none));
        }
        // The right token without the session it belongs to is refused too.
        using (var noSession = await AsAsync(host, HttpMethod.Post, "/api/logout", token: null, csrf: csrf))
            Assert.Equal(HttpStatusCode.Forbidden, noSession.StatusCode);
        using (var otherSession = await AsAsync(host, HttpMethod.Post, "/api/logout", token: "not-a-session", csrf: csrf))
            Assert.Equal(HttpStatusCode.Forbidden, otherSession.StatusCode);
        using (var sessionAndToken = await AsAsync(host, HttpMethod.Post, "/api/logout", token, csrf))
            Assert.Equal(HttpStatusCode.NoContent, sessionAndToken.StatusCode);
    }

    [Fact]
    public async Task A_change_from_another_origin_is_refused_even_with_the_token()
    {
        await using var host = await ConsoleHost.StartAsync();
        await host.OpenSessionAsync();
        var address = host.Server.Address;
        foreach (var origin in new[] { $"http://127.0.0.1:{address.Port + 1}", $"https://127.0.0.1:{address.Port}", $"http://localhost:{address.Port}", "null", "127.0.0.1", "" })
        {
            using var response = await host.SendAsync(HttpMethod.Delete, "/api/faces/nobody", origin: origin);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal("cross-site request refused", await ConsoleHost.ErrorOf(response));
        }
        foreach (var origin in new[] { $"http://127.0.0.1:{address.Port}", $"HTTP://127.0.0.1:{address.Port}/" })
        {
            using var response = await host.SendAsync(HttpMethod.Delete, "/api/faces/nobody", origin: origin);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode); // past the gate: there is no such person
            Assert.Equal("no person nobody", await ConsoleHost.ErrorOf(response));
        }
        using (var localhost = new HttpRequestMessage(HttpMethod.Delete, "/api/faces/nobody"))
        {
            localhost.Headers.Host = $"LOCALHOST:{address.Port}";
            localhost.Headers.Add("Origin", $"http://localhost:{address.Port}");
            localhost.Headers.Add(ConsoleSessions.CsrfHeader, host.Csrf);
            using var response = await host.Client.SendAsync(localhost);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
    }

    [Fact]
    public async Task A_console_without_a_password_has_no_login_and_hands_each_browser_one_session()
    {
        await using var host = await ConsoleHost.StartAsync();
        using (var first = await host.Client.GetAsync("/api/session"))
        {
            var cookie = Assert.Single(first.Headers.GetValues("Set-Cookie"));
            Assert.StartsWith(ConsoleSessions.Cookie + "=", cookie, StringComparison.Ordinal);
            var info = await first.Content.ReadFromJsonAsync<SessionInfo>();
            Assert.Equal((false, true), (info!.PasswordRequired, info.Authenticated));
            host.Cookies.SetCookies(host.Server.Address, cookie);
            using var again = await host.Client.GetAsync("/api/session");
            Assert.False(again.Headers.Contains("Set-Cookie"));
            Assert.Equal(info, await again.Content.ReadFromJsonAsync<SessionInfo>());
        }
        using var login = await host.SendAsync(HttpMethod.Post, "/api/login", JsonBody($$"""{"password":"{{Password}}"}"""));
        Assert.Equal(HttpStatusCode.BadRequest, login.StatusCode);
        Assert.Equal("this console has no password: nothing to log in to", await ConsoleHost.ErrorOf(login));
    }

    [Fact]
    public async Task Logging_in_needs_a_json_body_and_gives_a_strict_http_only_cookie_for_twelve_hours()
    {
        await using var host = await ConsoleHost.StartAsync("0.0.0.0:0", Password);
        foreach (var body in new HttpContent?[] { null, JsonBody($$"""{"password":"{{Password}}"}""", "text/plain"), new FormUrlEncodedContent([new("password", Password)]) })
        {
            using var refused = await host.SendAsync(HttpMethod.Post, "/api/login", body, csrf: null);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Contains("CSRF", await ConsoleHost.ErrorOf(refused), StringComparison.Ordinal);
        }
        using (var broken = await host.SendAsync(HttpMethod.Post, "/api/login", JsonBody("{\"password\":"), csrf: null))
        {
            Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
            Assert.Equal("send {\"password\": \"...\"} as JSON", await ConsoleHost.ErrorOf(broken));
        }

        using var login = await host.SendAsync(HttpMethod.Post, "/api/login", JsonBody($$"""{"password":"{{Password}}"}""", "APPLICATION/JSON"), csrf: null);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var info = await login.Content.ReadFromJsonAsync<SessionInfo>();
        Assert.Equal((true, true), (info!.PasswordRequired, info.Authenticated));
        Assert.Equal(43, info.Csrf!.Length);
        var cookie = Assert.Single(login.Headers.GetValues("Set-Cookie")).ToLowerInvariant();
        Assert.Contains("max-age=43200", cookie, StringComparison.Ordinal);
        Assert.Contains("path=/", cookie, StringComparison.Ordinal);
        Assert.Contains("samesite=strict", cookie, StringComparison.Ordinal);
        Assert.Contains("httponly", cookie, StringComparison.Ordinal);
        Assert.DoesNotContain("secure", cookie, StringComparison.Ordinal); // plain http: a secure cookie would never come back

        var session = await host.Client.GetFromJsonAsync<SessionInfo>("/api/session");
        Assert.Equal(info, session);
    }

    [Fact]
    public async Task A_new_login_ends_the_old_session_and_logging_out_ends_the_current_one()
    {
        await using var host = await ConsoleHost.StartAsync("0.0.0.0:0", Password);
        await host.LoginAsync(Password);
        var first = SessionToken(host);
        await host.LoginAsync(Password);
        var second = SessionToken(host);
        Assert.NotEqual(first, second);
        using (var old = await AsAsync(host, HttpMethod.Get, "/api/events", first))
            Assert.Equal(HttpStatusCode.Unauthorized, old.StatusCode);
        using (var current = await AsAsync(host, HttpMethod.Get, "/api/events", second))
            Assert.Equal(HttpStatusCode.OK, current.StatusCode);

        using (var logout = await host.SendAsync(HttpMethod.Post, "/api/logout"))
        {
            Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
            var cookie = Assert.Single(logout.Headers.GetValues("Set-Cookie"));
            Assert.StartsWith(ConsoleSessions.Cookie + "=;", cookie, StringComparison.Ordinal);
            Assert.Contains("expires=Thu, 01 Jan 1970", cookie, StringComparison.OrdinalIgnoreCase);
        }
        using (var after = await AsAsync(host, HttpMethod.Get, "/api/events", second))
            Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        var session = await host.Client.GetFromJsonAsync<SessionInfo>("/api/session");
        Assert.Equal(new SessionInfo(true, false, null), session);
    }

    [Fact]
    public async Task A_session_ends_twelve_hours_after_the_login()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await ConsoleHost.StartAsync("0.0.0.0:0", Password, time);
        await host.LoginAsync(Password);
        time.Advance(ConsoleSessions.Lifetime - TimeSpan.FromSeconds(1));
        using (var before = await host.Client.GetAsync("/api/events"))
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        time.Advance(TimeSpan.FromSeconds(1));
        using var after = await host.Client.GetAsync("/api/events");
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task Empty_and_missing_passwords_count_as_failed_logins_and_the_limit_lifts_after_a_minute()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await ConsoleHost.StartAsync("0.0.0.0:0", Password, time);
        foreach (var body in new[] { "{}", """{"password":""}""", """{"password":null}""", """{"password":"guess"}""", """{"password":"correct horse battery "}""" })
        {
            using var wrong = await host.SendAsync(HttpMethod.Post, "/api/login", JsonBody(body), csrf: null);
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
            Assert.Equal("wrong password", await ConsoleHost.ErrorOf(wrong));
        }
        using (var limited = await host.SendAsync(HttpMethod.Post, "/api/login", JsonBody($$"""{"password":"{{Password}}"}"""), csrf: null))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
            Assert.Equal("more than 5 failed logins in the last minute: wait a minute", await ConsoleHost.ErrorOf(limited));
        }
        time.Advance(TimeSpan.FromSeconds(61));
        await host.LoginAsync(Password);
    }

    [Fact]
    public async Task The_address_names_a_reachable_interface_and_a_taken_port_is_named()
    {
        await using (var any = await ConsoleHost.StartAsync("0.0.0.0:0", Password))
        {
            Assert.Equal("127.0.0.1", any.Server.Address.Host);
            Assert.NotEqual(0, any.Server.Address.Port);
            Assert.Equal("/", any.Server.Address.AbsolutePath);
        }
        await using var host = await ConsoleHost.StartAsync();
        Assert.Equal("127.0.0.1", host.Server.Address.Host);
        var taken = new IPEndPoint(IPAddress.Loopback, host.Server.Address.Port);
        var view = new RunView(() => null, () => null, () => [], new EyeOfHorus.Local.Live.LiveFrames(), host.SnapshotFolder, 90);
        var error = await Assert.ThrowsAsync<IOException>(() => ConsoleServer.StartAsync(new ConsoleSettings(taken, null), view));
        Assert.StartsWith($"the console cannot listen on {taken}: ", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("(choose another with --console HOST:PORT, or --console off)", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentNullException>(() => ConsoleServer.StartAsync(null!, view));
        await Assert.ThrowsAsync<ArgumentNullException>(() => ConsoleServer.StartAsync(new ConsoleSettings(taken, null), null!));
    }

    [Fact]
    public async Task On_ipv6_any_the_address_is_ipv6_loopback_and_after_disposal_nothing_listens()
    {
        var view = new RunView(() => null, () => null, () => [], new EyeOfHorus.Local.Live.LiveFrames(), Path.GetTempPath(), 90);
        var server = await ConsoleServer.StartAsync(new ConsoleSettings(IPEndPoint.Parse("[::]:0"), ConsolePassword.Hash(Password, ConsolePassword.MinIterations)), view);
        Assert.Equal("[::1]", server.Address.Host);
        using (var client = new HttpClient { BaseAddress = server.Address })
        using (var response = await client.GetAsync("/api/session"))
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await server.DisposeAsync();
        using var socket = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp);
        await Assert.ThrowsAnyAsync<SocketException>(async () => await socket.ConnectAsync(IPAddress.IPv6Loopback, server.Address.Port));
    }
}
