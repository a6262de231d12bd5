using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace EyeOfHorus.StreamProcessorLifecycle.Tests;

/// <summary>One PUT that arrived at the presigned ResponseURL.</summary>
public sealed record ReceivedResponse(string Method, string PathAndQuery, string? ContentType, long? ContentLength, string Body);

/// <summary>
/// The S3 end of CloudFormation's presigned ResponseURL on 127.0.0.1. The URL has the query-string
/// signature form of the CloudFormation docs' example (<c>AWSAccessKeyId</c>, <c>Expires</c>,
/// <c>Signature</c>), whose string to sign holds the method and the Content-Type, signed as PUT with an
/// empty Content-Type: another method or any Content-Type gets 403 (SignatureDoesNotMatch), as from S3.
/// </summary>
public sealed class ResponseUrlServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedResponse> _received = new();
    private int _failuresLeft;

    private ResponseUrlServer()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        _app.Run(HandleAsync);
    }

    public static async Task<ResponseUrlServer> StartAsync()
    {
        var server = new ResponseUrlServer();
        await server._app.StartAsync();
        server.BaseUri = new Uri(server._app.Urls.First());
        return server;
    }

    public Uri BaseUri { get; private set; } = null!;

    /// <summary>A presigned-looking URL for one request.</summary>
    public Uri UrlFor(string requestId) =>
        new(BaseUri, $"/arn%3Aaws%3Acloudformation%3Aus-east-1%3A123456789012%3Astack/EyeOfHorus/1%7CProcessor%7C{requestId}?AWSAccessKeyId=AKIAEXAMPLE&Expires=1796256000&Signature=c2lnbmF0dXJl");

    public IReadOnlyList<ReceivedResponse> Received => [.. _received];

    /// <summary>The next <paramref name="times"/> PUTs are answered 503 (S3 "Slow Down" style).</summary>
    public void FailNext(int times) => _failuresLeft = times;

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private async Task HandleAsync(HttpContext http)
    {
        using var reader = new StreamReader(http.Request.Body);
        var body = await reader.ReadToEndAsync();
        _received.Enqueue(new ReceivedResponse(http.Request.Method, http.Request.Path + http.Request.QueryString,
            http.Request.ContentType, http.Request.ContentLength, body));
        if (Interlocked.Decrement(ref _failuresLeft) >= 0) { http.Response.StatusCode = 503; return; }
        var signed = http.Request.Query.ContainsKey("Signature") && http.Request.Query.ContainsKey("Expires");
        http.Response.StatusCode = HttpMethods.IsPut(http.Request.Method) && signed && !http.Request.Headers.ContainsKey("Content-Type") ? 200 : 403;
    }
}
