using System.Net;
using EyeOfHorus.Contract;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EyeOfHorus.WebConsole;

/// <summary>
/// The web console of <c>horus run</c>: pages (<see cref="StaticAssets"/>) and the JSON API
/// (<see cref="ConsoleApi"/>) on one Kestrel listener. Every request passes the same gate:
/// security headers; on loopback, a Host header naming loopback (so a rebinding DNS name cannot
/// reach it); when a password is set, a session; for every change, a same-origin request carrying
/// the session's CSRF token.
/// </summary>
public sealed class ConsoleServer : IAsyncDisposable
{
    /// <summary>The largest request body: one photo at the faces bucket's limit plus the multipart framing.</summary>
    public const long MaxRequestBytes = BucketLayout.MaxPhotoBytes + 64 * 1024;

    private readonly WebApplication _app;

    private ConsoleServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>The address the console answers on (with the port chosen when the settings said 0).</summary>
    public Uri Address { get; }

    /// <exception cref="IOException">The address cannot be bound (in use, not this machine's); the message says which.</exception>
    public static async Task<ConsoleServer> StartAsync(ConsoleSettings settings, RunView view, TimeProvider? time = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(view);
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = MaxRequestBytes;
            k.Listen(settings.Listen);
        });
        builder.Services.AddRoutingCore();
        builder.Services.AddSingleton<IHostLifetime, RunOwnsLifetime>(); // horus run handles Ctrl-C/SIGTERM, not the web host
        var app = builder.Build();
        var sessions = new ConsoleSessions(time);
        var gate = new ConsoleGate(settings, sessions);
        app.Use(gate.InvokeAsync);
        app.UseRouting();
        StaticAssets.Map(app);
        new ConsoleApi(view, settings, sessions).Map(app);
        try
        {
            await app.StartAsync(ct).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw new IOException($"the console cannot listen on {settings.Listen}: {ex.Message} (choose another with --console HOST:PORT, or --console off)", ex);
        }
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        var address = bound is null ? new Uri($"http://{settings.Listen}/") : new Uri(bound.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal).Replace("[::]", "[::1]", StringComparison.Ordinal) + "/");
        return new ConsoleServer(app, address);
    }

    public async Task StopAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await _app.StopAsync(timeout.Token).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private sealed class RunOwnsLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}

/// <summary>The checks every request passes before it reaches a page or the API (see <see cref="ConsoleServer"/>).</summary>
internal sealed class ConsoleGate(ConsoleSettings settings, ConsoleSessions sessions)
{
    /// <summary>What a browser may load before logging in: the login page, its assets, the session and login calls.</summary>
    private static readonly string[] Public = ["/login", "/assets/", "/api/session", "/api/login"];

    public const string SessionItem = "horus.session";

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var request = context.Request;
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' blob: data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-store";

        if (settings.OnLoopback && !IsLoopbackHost(request.Host.Host))
        {
            await Refuse(context, StatusCodes.Status421MisdirectedRequest, $"this console answers only to 127.0.0.1, localhost or [::1], not '{request.Host.Host}'").ConfigureAwait(false);
            return;
        }

        var session = sessions.Find(request.Cookies[ConsoleSessions.Cookie]);
        if (session is not null) context.Items[SessionItem] = session;
        var path = request.Path.Value ?? "/";
        var isPublic = Public.Any(p => p.EndsWith('/') ? path.StartsWith(p, StringComparison.Ordinal) : path == p);
        if (settings.PasswordRequired && session is null && !isPublic)
        {
            if (path.StartsWith("/api/", StringComparison.Ordinal))
                await Refuse(context, StatusCodes.Status401Unauthorized, "log in first (POST /api/login)").ConfigureAwait(false);
            else
                context.Response.Redirect("/login?next=" + Uri.EscapeDataString(path));
            return;
        }

        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
        {
            var origin = request.Headers.Origin;
            if (origin.Count > 0 && !SameOrigin(origin.ToString(), request))
            {
                await Refuse(context, StatusCodes.Status403Forbidden, "cross-site request refused").ConfigureAwait(false);
                return;
            }
            // Login has no session yet: it must be JSON (which a cross-site form cannot send without a preflight this server never grants).
            var csrfOk = path == "/api/login"
                ? request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) == true
                : session is not null && ConsoleSessions.CsrfMatches(session, request.Headers[ConsoleSessions.CsrfHeader].FirstOrDefault());
            if (!csrfOk)
            {
                await Refuse(context, StatusCodes.Status403Forbidden, $"missing or wrong CSRF token ({ConsoleSessions.CsrfHeader}): reload the page and try again").ConfigureAwait(false);
                return;
            }
        }
        await next(context).ConfigureAwait(false);
    }

    private static bool IsLoopbackHost(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));

    private static bool SameOrigin(string origin, HttpRequest request) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var o) && string.Equals(o.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase)
        && string.Equals(o.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase);

    internal static Task Refuse(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new ConsoleError(message), ConsoleJson.Options);
    }
}
