using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EyeOfHorus.Testing.Sns;

/// <summary>What the stand-in does with one Publish request.</summary>
public enum SnsFault
{
    /// <summary>Publish and answer 200 with a MessageId.</summary>
    None,
    /// <summary>Reject with HTTP 400 <c>Throttling</c> (SNS's Query-protocol throttle); nothing published.</summary>
    Throttle,
    /// <summary>Reject with HTTP 500 <c>InternalError</c>; nothing published.</summary>
    InternalError,
    /// <summary>Reject with HTTP 503 <c>ServiceUnavailable</c>; nothing published.</summary>
    ServiceUnavailable,
    /// <summary>Publish (record the message), then stall without answering until the client gives up.</summary>
    TimeoutAfterAccepting,
}

/// <summary>A message the stand-in accepted, as the SNS Query protocol carried it.</summary>
public sealed record SnsPublishedMessage(
    string MessageId,
    string TopicArn,
    string Message,
    string? Subject,
    string? MessageStructure,
    IReadOnlyDictionary<string, (string DataType, string StringValue)> MessageAttributes,
    SnsFault Fault)
{
    /// <summary>For MessageStructure=json: the message for one protocol ("email", "sms", ...), else "default".</summary>
    public string MessageFor(string protocol)
    {
        if (MessageStructure != "json") return Message;
        using var doc = JsonDocument.Parse(Message);
        return doc.RootElement.TryGetProperty(protocol, out var m) ? m.GetString()! : doc.RootElement.GetProperty("default").GetString()!;
    }
}

/// <summary>
/// Amazon SNS Publish over the real Query protocol (form-encoded POST, XML answers in the
/// 2010-03-31 namespace), in-process on 127.0.0.1 at a free port. Validates what SNS validates
/// (SigV4 Authorization header present and scoped to sns, TopicArn, Subject rules, message size,
/// MessageStructure=json with a "default" key, message attributes), records accepted messages,
/// and injects faults: a queue of faults for the next requests, then <see cref="FaultPolicy"/>.
/// </summary>
public sealed class SnsStandIn : IAsyncDisposable
{
    public const string Namespace = "http://sns.amazonaws.com/doc/2010-03-31/";
    private const int MaxMessageBytes = 256 * 1024;
    private readonly ConcurrentQueue<SnsFault> _queuedFaults = new();
    private readonly List<SnsPublishedMessage> _published = [];
    private readonly CancellationTokenSource _stopping = new();
    private WebApplication? _app;
    private int _requests;

    public Uri Endpoint { get; private set; } = new("http://127.0.0.1:0");

    /// <summary>Decides the fault for requests not covered by queued faults (default: none). Called concurrently.</summary>
    public Func<SnsFault>? FaultPolicy { get; set; }

    /// <summary>How long <see cref="SnsFault.TimeoutAfterAccepting"/> stalls (or until the client disconnects).</summary>
    public TimeSpan Stall { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Publish requests received, valid or not, faulted or not.</summary>
    public int RequestCount => Volatile.Read(ref _requests);

    public IReadOnlyList<SnsPublishedMessage> Published { get { lock (_published) return [.. _published]; } }

    public void EnqueueFaults(params SnsFault[] faults)
    {
        ArgumentNullException.ThrowIfNull(faults);
        foreach (var f in faults) _queuedFaults.Enqueue(f);
    }

    public void ClearPublished() { lock (_published) _published.Clear(); }

    public void ClearQueuedFaults() => _queuedFaults.Clear();

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        _app.MapPost("/", HandleAsync);
        await _app.StartAsync(cancellationToken);
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Endpoint = new Uri(address);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        _stopping.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        Interlocked.Increment(ref _requests);
        var requestId = Guid.NewGuid().ToString();
        if (AuthorizationProblem(context.Request) is { } authProblem)
        {
            await ErrorAsync(context, 403, "Sender", "IncompleteSignature", authProblem, requestId);
            return;
        }
        if (!context.Request.HasFormContentType)
        {
            await ErrorAsync(context, 400, "Sender", "MissingAction", "Expected an application/x-www-form-urlencoded Query request.", requestId);
            return;
        }
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        if (form["Action"] != "Publish")
        {
            await ErrorAsync(context, 400, "Sender", "InvalidAction", $"The action {form["Action"]} is not valid for this web service.", requestId);
            return;
        }
        if (form["Version"] != "2010-03-31")
        {
            await ErrorAsync(context, 400, "Sender", "InvalidParameterValue", "Version must be 2010-03-31.", requestId);
            return;
        }
        if (Validate(form, out var message) is { } invalid)
        {
            await ErrorAsync(context, 400, "Sender", "InvalidParameter", invalid, requestId);
            return;
        }
        var fault = _queuedFaults.TryDequeue(out var queued) ? queued : FaultPolicy?.Invoke() ?? SnsFault.None;
        switch (fault)
        {
            case SnsFault.Throttle:
                await ErrorAsync(context, 400, "Sender", "Throttling", "Rate exceeded", requestId);
                return;
            case SnsFault.InternalError:
                await ErrorAsync(context, 500, "Receiver", "InternalError", "An internal service error occurred.", requestId);
                return;
            case SnsFault.ServiceUnavailable:
                await ErrorAsync(context, 503, "Receiver", "ServiceUnavailable", "Service is unavailable.", requestId);
                return;
        }
        var published = message! with { Fault = fault };
        lock (_published) _published.Add(published);
        if (fault == SnsFault.TimeoutAfterAccepting)
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
            try { await Task.Delay(Stall, linked.Token); } catch (OperationCanceledException) { }
            context.Abort();
            return;
        }
        var body = new XElement(XName.Get("PublishResponse", Namespace),
            new XElement(XName.Get("PublishResult", Namespace), new XElement(XName.Get("MessageId", Namespace), published.MessageId)),
            new XElement(XName.Get("ResponseMetadata", Namespace), new XElement(XName.Get("RequestId", Namespace), requestId)));
        await XmlAsync(context, 200, body, requestId);
    }

    private static string? AuthorizationProblem(HttpRequest request)
    {
        var auth = request.Headers.Authorization.ToString();
        if (!auth.StartsWith("AWS4-HMAC-SHA256 ", StringComparison.Ordinal)) return "Authorization header requires AWS4-HMAC-SHA256 (Signature Version 4).";
        var credential = auth.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(p => p.StartsWith("Credential=", StringComparison.Ordinal));
        var scope = credential?["Credential=".Length..].Split('/');
        if (scope is not { Length: 5 } || scope[3] != "sns" || scope[4] != "aws4_request") return "Credential scope must be <key>/<date>/<region>/sns/aws4_request.";
        if (!auth.Contains("SignedHeaders=", StringComparison.Ordinal) || !auth.Contains("Signature=", StringComparison.Ordinal)) return "Authorization header lacks SignedHeaders or Signature.";
        if (!request.Headers.ContainsKey("X-Amz-Date")) return "X-Amz-Date header missing.";
        return null;
    }

    private static string? Validate(IFormCollection form, out SnsPublishedMessage? message)
    {
        message = null;
        string topicArn = form["TopicArn"].ToString();
        if (string.IsNullOrEmpty(topicArn)) return "Either TopicArn or TargetArn parameter must be specified.";
        var arn = topicArn.Split(':');
        if (arn.Length != 6 || arn[0] != "arn" || arn[2] != "sns" || arn[5].Length == 0) return "Invalid parameter: TopicArn";
        if (!form.TryGetValue("Message", out var messageValues) || messageValues.ToString().Length == 0) return "Empty message";
        string text = messageValues.ToString();
        if (Encoding.UTF8.GetByteCount(text) > MaxMessageBytes) return "Message too long";
        string? subject = form.TryGetValue("Subject", out var s) ? s.ToString() : null;
        if (subject is not null)
        {
            if (subject.Length == 0 || subject.Length >= 100) return "Subject must be less than 100 characters long and not empty";
            if (subject.Any(c => c < 0x20 || c > 0x7E)) return "Subject must be ASCII text without line breaks or control characters";
        }
        string? structure = form.TryGetValue("MessageStructure", out var ms) ? ms.ToString() : null;
        if (structure is not null)
        {
            if (structure != "json") return "Invalid parameter: MessageStructure";
            try
            {
                using var doc = JsonDocument.Parse(text);
                if (doc.RootElement.ValueKind != JsonValueKind.Object) return "Message Structure - JSON message body failed to parse";
                if (!doc.RootElement.TryGetProperty("default", out var d) || d.ValueKind != JsonValueKind.String) return "Message Structure - No default entry in JSON message body";
                foreach (var p in doc.RootElement.EnumerateObject())
                    if (p.Value.ValueKind != JsonValueKind.String) return $"Message Structure - the value for {p.Name} is not a string";
            }
            catch (JsonException)
            {
                return "Message Structure - JSON message body failed to parse";
            }
        }
        var attributes = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        for (var n = 1; form.ContainsKey($"MessageAttributes.entry.{n}.Name"); n++)
        {
            string name = form[$"MessageAttributes.entry.{n}.Name"].ToString();
            string dataType = form[$"MessageAttributes.entry.{n}.Value.DataType"].ToString();
            string? value = form.TryGetValue($"MessageAttributes.entry.{n}.Value.StringValue", out var v) ? v.ToString() : null;
            if (name.Length == 0 || name.Length > 256) return $"The message attribute name '{name}' is invalid.";
            if (dataType is not ("String" or "Number" or "String.Array") && !dataType.StartsWith("String.", StringComparison.Ordinal) && !dataType.StartsWith("Number.", StringComparison.Ordinal))
                return $"The message attribute '{name}' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.";
            if (string.IsNullOrEmpty(value)) return $"The message attribute '{name}' must contain non-empty message attribute value for message attribute type '{dataType}'.";
            if (dataType.StartsWith("Number", StringComparison.Ordinal) && !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
                return $"Could not cast message attribute '{name}' value to number.";
            if (!attributes.TryAdd(name, (dataType, value))) return $"Message attribute name '{name}' has multiple values.";
        }
        if (attributes.Count > 10) return "Number of message attributes [" + attributes.Count + "] exceeds the allowed maximum [10].";
        message = new SnsPublishedMessage(Guid.NewGuid().ToString(), topicArn, text, subject, structure, attributes, SnsFault.None);
        return null;
    }

    private static Task ErrorAsync(HttpContext context, int status, string type, string code, string text, string requestId) =>
        XmlAsync(context, status, new XElement(XName.Get("ErrorResponse", Namespace),
            new XElement(XName.Get("Error", Namespace),
                new XElement(XName.Get("Type", Namespace), type),
                new XElement(XName.Get("Code", Namespace), code),
                new XElement(XName.Get("Message", Namespace), text)),
            new XElement(XName.Get("RequestId", Namespace), requestId)), requestId);

    private static async Task XmlAsync(HttpContext context, int status, XElement body, string requestId)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/xml";
        context.Response.Headers["x-amzn-RequestId"] = requestId;
        await context.Response.WriteAsync(new XDocument(body).ToString(SaveOptions.DisableFormatting), context.RequestAborted);
    }
}
