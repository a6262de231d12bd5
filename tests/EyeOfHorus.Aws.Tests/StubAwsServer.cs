using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace EyeOfHorus.Aws.Tests;

/// <summary>A request as the server received it, with the server-side SigV4 verdict (null = valid).</summary>
internal sealed record ReceivedRequest(
    string Method,
    string Path,
    IReadOnlyDictionary<string, string> Headers,
    byte[] Body,
    string? SignatureProblem)
{
    public string BodyText => System.Text.Encoding.UTF8.GetString(Body);

    public string? Header(string name) => Headers.TryGetValue(name, out string? value) ? value : null;
}

/// <summary>
/// Kestrel on 127.0.0.1:0 standing in for an AWS endpoint: records every request (verifying its
/// signature with <see cref="SigV4.Verify"/>) and answers with the test's responder, which can
/// also stall or abort the connection.
/// </summary>
internal sealed class StubAwsServer : IAsyncDisposable
{
    public static readonly AwsCredentials Credentials = new("AKIDSTUBSERVER", "stub/secret+key", "stub-session-token");
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedRequest> _requests = new();

    private StubAwsServer(WebApplication app) => _app = app;

    public Func<ReceivedRequest, int, HttpContext, Task> Responder { get; set; } = (_, _, context) =>
    {
        context.Response.StatusCode = 500;
        return Task.CompletedTask;
    };

    public string SigningService { get; init; } = "service";

    public Uri Endpoint { get; private set; } = null!;

    public IReadOnlyList<ReceivedRequest> Requests => [.. _requests];

    public static async Task<StubAwsServer> StartAsync(string signingService)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, o => o.Protocols = HttpProtocols.Http1));
        WebApplication app = builder.Build();
        var server = new StubAwsServer(app) { SigningService = signingService };
        app.Run(server.HandleAsync);
        await app.StartAsync();
        string address = app.Urls.Single();
        server.Endpoint = new Uri(address.EndsWith('/') ? address : address + "/");
        return server;
    }

    public AwsClientOptions ClientOptions(int maxAttempts = 4, TimeSpan? timeout = null) => new()
    {
        Region = "eu-west-1",
        Credentials = new StaticCredentialSource(Credentials),
        Endpoint = Endpoint,
        MaxAttempts = maxAttempts,
        Timeout = timeout ?? TimeSpan.FromSeconds(5),
        RetryBaseDelay = TimeSpan.FromMilliseconds(1),
        RetryMaxDelay = TimeSpan.FromMilliseconds(5),
    };

    private async Task HandleAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        byte[] body = buffer.ToArray();
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var signable = new SigV4Request(
            context.Request.Method,
            Uri.UnescapeDataString(context.Request.Path.HasValue ? context.Request.Path.Value! : "/"),
            context.Request.QueryString.HasValue ? context.Request.QueryString.Value![1..] : "",
            [.. headers.Select(h => new KeyValuePair<string, string>(h.Key, h.Value))],
            body);
        string? problem = SigV4.Verify(signable, key => key == Credentials.AccessKeyId ? Credentials.SecretAccessKey : null, "eu-west-1", SigningService);
        var request = new ReceivedRequest(context.Request.Method, context.Request.Path.Value ?? "/", headers, body, problem);
        _requests.Enqueue(request);
        await Responder(request, _requests.Count, context);
    }

    /// <summary>Answers with a status, optional headers and a body.</summary>
    public static async Task Respond(HttpContext context, int status, string contentType, string body, params (string Name, string Value)[] headers)
    {
        context.Response.StatusCode = status;
        foreach ((string name, string value) in headers)
        {
            context.Response.Headers[name] = value;
        }
        if (body.Length > 0 || contentType.Length > 0)
        {
            context.Response.ContentType = contentType;
        }
        await context.Response.WriteAsync(body);
    }

    /// <summary>Resets the TCP connection without answering.</summary>
    public static Task Reset(HttpContext context)
    {
        context.Abort();
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
