using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace EyeOfHorus.Local.Tests;

/// <summary>A real HTTP receiver (Kestrel on 127.0.0.1) recording each POSTed alert; it can answer with a status or stall.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    public ConcurrentQueue<string> Received { get; } = new();
    /// <summary>Every request, whatever it was answered.</summary>
    public ConcurrentQueue<(string? Event, string? AlertId, string? ContentType, string Body)> Requests { get; } = new();
    public int Status { get; set; } = 200;
    public TimeSpan Stall { get; set; } = TimeSpan.Zero;
    public int Port { get; }
    public Uri Url => new($"http://127.0.0.1:{Port}/hook");

    private WebhookReceiver(WebApplication app, int port) { _app = app; Port = port; }

    public static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    public static async Task<WebhookReceiver> StartAsync(int? port = null)
    {
        var p = port ?? FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, p));
        var app = builder.Build();
        var receiver = new WebhookReceiver(app, p);
        app.MapPost("/hook", async (HttpContext ctx) =>
        {
            using var reader = new StreamReader(ctx.Request.Body);
            var body = await reader.ReadToEndAsync();
            receiver.Requests.Enqueue((ctx.Request.Headers["X-Horus-Event"], ctx.Request.Headers["X-Horus-Alert-Id"], ctx.Request.ContentType, body));
            if (receiver.Stall > TimeSpan.Zero)
            {
                try { await Task.Delay(receiver.Stall, ctx.RequestAborted); } catch (OperationCanceledException) { return; }
            }
            if (receiver.Status is >= 200 and < 300) receiver.Received.Enqueue(body);
            ctx.Response.StatusCode = receiver.Status;
        });
        await app.StartAsync();
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
