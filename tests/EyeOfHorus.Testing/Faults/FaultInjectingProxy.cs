using System.Text;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EyeOfHorus.Testing.Faults;

/// <summary>What the proxy does with one request.</summary>
public abstract record ProxyFault
{
    /// <summary>Forward to the upstream and relay its answer.</summary>
    public static ProxyFault None { get; } = new Forward();
    /// <summary>Answer this error without forwarding: the upstream never sees the request (outcome known).</summary>
    public static ProxyFault Reject(int status, string contentType, string body) => new Rejection(status, contentType, body);
    /// <summary>Never forward and never answer (until the client gives up): the request was not applied, but the client cannot know.</summary>
    public static ProxyFault StallBeforeForwarding { get; } = new Stall(Forwarded: false);
    /// <summary>Forward (the upstream applies it), then never answer: the outcome is unknown to the client.</summary>
    public static ProxyFault StallAfterForwarding { get; } = new Stall(Forwarded: true);

    public sealed record Forward : ProxyFault;
    public sealed record Rejection(int Status, string ContentType, string Body) : ProxyFault;
    public sealed record Stall(bool Forwarded) : ProxyFault;
}

/// <summary>Error answers in DynamoDB's JSON 1.0 wire shape.</summary>
public static class DynamoDbFaults
{
    private const string ContentType = "application/x-amz-json-1.0";
    public static ProxyFault Throttling { get; } = ProxyFault.Reject(400, ContentType,
        """{"__type":"com.amazonaws.dynamodb.v20120810#ThrottlingException","message":"Rate of requests exceeds the allowed throughput."}""");
    public static ProxyFault ProvisionedThroughputExceeded { get; } = ProxyFault.Reject(400, ContentType,
        """{"__type":"com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException","message":"The level of configured provisioned throughput for the table was exceeded."}""");
    public static ProxyFault InternalServerError { get; } = ProxyFault.Reject(500, ContentType,
        """{"__type":"com.amazonaws.dynamodb.v20120810#InternalServerError","message":"Internal server error"}""");
    public static ProxyFault ServiceUnavailable { get; } = ProxyFault.Reject(503, ContentType,
        """{"__type":"com.amazonaws.dynamodb.v20120810#ServiceUnavailableException","message":"Service unavailable"}""");
}

/// <summary>
/// A reverse proxy on 127.0.0.1 (free port) in front of a local emulator (e.g. dynalite) that
/// injects faults per request: error answers, and stalls before or after forwarding.
/// <see cref="FaultPolicy"/> sees the request's <c>X-Amz-Target</c> (the operation) or path.
/// </summary>
public sealed class FaultInjectingProxy(Uri upstream) : IAsyncDisposable
{
    private readonly HttpClient _forwarder = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { Timeout = TimeSpan.FromSeconds(30) };
    private readonly CancellationTokenSource _stopping = new();
    private WebApplication? _app;
    private int _requests;
    private int _faults;

    public Uri Endpoint { get; private set; } = new("http://127.0.0.1:0");

    /// <summary>Decides each request's fault from its operation (X-Amz-Target, else the path). Called concurrently.</summary>
    public Func<string, ProxyFault>? FaultPolicy { get; set; }

    /// <summary>Like <see cref="FaultPolicy"/> (which it replaces when set), also seeing the request's body, to fault one kind of write.</summary>
    public Func<string, string, ProxyFault>? RequestFaultPolicy { get; set; }

    public TimeSpan Stall { get; set; } = TimeSpan.FromSeconds(60);

    public int RequestCount => Volatile.Read(ref _requests);

    /// <summary>Requests that got a fault other than <see cref="ProxyFault.None"/>.</summary>
    public int FaultCount => Volatile.Read(ref _faults);

    /// <summary>Every request received (operation, body), faulted or not: for what the emulator cannot show (e.g. ConsistentRead, attempts).</summary>
    public IReadOnlyList<(string Operation, string Body)> Received => [.. _received];

    private readonly System.Collections.Concurrent.ConcurrentQueue<(string Operation, string Body)> _received = new();

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        _app.Run(HandleAsync);
        await _app.StartAsync(cancellationToken);
        Endpoint = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        _forwarder.Dispose();
        _stopping.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        Interlocked.Increment(ref _requests);
        var operation = context.Request.Headers["X-Amz-Target"].ToString() is { Length: > 0 } target ? target : context.Request.Path.ToString();
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        var text = Encoding.UTF8.GetString(body.ToArray());
        _received.Enqueue((operation, text));
        var fault = (RequestFaultPolicy is { } byRequest ? byRequest(operation, text) : FaultPolicy?.Invoke(operation)) ?? ProxyFault.None;
        if (fault is not ProxyFault.Forward) Interlocked.Increment(ref _faults);
        switch (fault)
        {
            case ProxyFault.Rejection r:
                context.Response.StatusCode = r.Status;
                context.Response.ContentType = r.ContentType;
                context.Response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
                await context.Response.WriteAsync(r.Body, context.RequestAborted);
                return;
            case ProxyFault.Stall { Forwarded: false }:
                await StallAsync(context);
                return;
        }
        using var forward = new HttpRequestMessage(new HttpMethod(context.Request.Method), new Uri(upstream, context.Request.Path + context.Request.QueryString));
        forward.Content = new ByteArrayContent(body.ToArray());
        foreach (var header in context.Request.Headers)
        {
            if (header.Key.Equals("Host", StringComparison.OrdinalIgnoreCase) || header.Key.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)) continue;
            if (!forward.Headers.TryAddWithoutValidation(header.Key, header.Value.ToArray()))
                forward.Content.Headers.TryAddWithoutValidation(header.Key, header.Value.ToArray());
        }
        forward.Headers.Host = context.Request.Host.Value;
        using var response = await _forwarder.SendAsync(forward, _stopping.Token);
        var answer = await response.Content.ReadAsByteArrayAsync(_stopping.Token);
        if (fault is ProxyFault.Stall)
        {
            await StallAsync(context);
            return;
        }
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var header in response.Headers.Concat(response.Content.Headers))
        {
            if (header.Key.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase) || header.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)) continue;
            context.Response.Headers[header.Key] = header.Value.ToArray();
        }
        await context.Response.Body.WriteAsync(answer, context.RequestAborted);
    }

    private async Task StallAsync(HttpContext context)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
        try { await Task.Delay(Stall, linked.Token); } catch (OperationCanceledException) { }
        context.Abort();
    }
}
