using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace EyeOfHorus.Aws;

/// <summary>Amazon SNS Publish over the Query protocol (form-encoded POST, XML response).</summary>
public sealed class SnsClient
{
    internal const string ApiVersion = "2010-03-31";
    private readonly AwsTransport _transport;

    public SnsClient(AwsClientOptions options) => _transport = new AwsTransport(options, "sns");

    public Task<PublishResponse> PublishAsync(PublishRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        byte[] body = Encoding.UTF8.GetBytes(EncodePublish(request));
        return _transport.SendAsync("Publish", [new("Content-Type", QueryProtocol.ContentType)], body,
            response => QueryProtocol.ParseError(_transport.Service, "Publish", response),
            ParsePublishResponse, ct);
    }

    internal static string EncodePublish(PublishRequest request)
    {
        var form = new QueryForm("Publish", ApiVersion);
        form.Add("TopicArn", request.TopicArn);
        form.Add("Message", request.Message);
        if (request.Subject is not null)
        {
            form.Add("Subject", request.Subject);
        }
        if (request.MessageStructure is not null)
        {
            form.Add("MessageStructure", request.MessageStructure);
        }
        if (request.MessageAttributes is { } attributes)
        {
            form.AddMap("MessageAttributes", attributes, "Name", "Value", (prefix, value) =>
            {
                form.Add(prefix + ".DataType", value.DataType);
                form.Add(prefix + ".StringValue", value.StringValue);
            });
        }
        return form.ToString();
    }

    internal static PublishResponse ParsePublishResponse(byte[] body)
    {
        XElement result = QueryProtocol.Result(body, "Publish");
        return new PublishResponse
        {
            MessageId = QueryProtocol.Child(result, "MessageId")?.Value
                ?? throw new InvalidDataException("PublishResult has no MessageId."),
            SequenceNumber = QueryProtocol.Child(result, "SequenceNumber")?.Value,
        };
    }
}

/// <summary>The AWS Query protocol: form-encoded parameters in, XML out.</summary>
internal static class QueryProtocol
{
    public const string ContentType = "application/x-www-form-urlencoded; charset=utf-8";

    /// <summary>The {Operation}Result element of an {Operation}Response document (any namespace).</summary>
    public static XElement Result(byte[] body, string operation)
    {
        XElement root = Load(body);
        if (root.Name.LocalName != operation + "Response")
        {
            throw new InvalidDataException($"Expected <{operation}Response>, got <{root.Name.LocalName}>.");
        }
        return Child(root, operation + "Result") ?? throw new InvalidDataException($"<{operation}Response> has no <{operation}Result>.");
    }

    public static XElement? Child(XElement parent, string localName) =>
        parent.Elements().FirstOrDefault(e => e.Name.LocalName == localName);

    private static XElement Load(byte[] body)
    {
        using var stream = new MemoryStream(body, writable: false);
        using var reader = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
        return XDocument.Load(reader).Root ?? throw new XmlException("Empty XML document.");
    }

    /// <summary>ErrorResponse/Error/{Type,Code,Message} + RequestId; the status code names errors without a readable body.</summary>
    public static AwsServiceException ParseError(string service, string operation, AwsHttpResponse response)
    {
        string? code = null, message = null, requestId = response.Header("x-amzn-RequestId");
        try
        {
            if (response.Body.Length > 0)
            {
                XElement root = Load(response.Body);
                XElement? error = root.Name.LocalName == "Error" ? root : Child(root, "Error");
                code = error is null ? null : Child(error, "Code")?.Value;
                message = error is null ? null : Child(error, "Message")?.Value;
                requestId ??= Child(root, "RequestId")?.Value ?? Child(root, "RequestID")?.Value;
            }
        }
        catch (XmlException)
        {
            // Not XML: the status code decides.
        }
        code = string.IsNullOrWhiteSpace(code) ? response.StatusCode.ToString(CultureInfo.InvariantCulture) : AwsErrors.NormaliseCode(code);
        return new AwsServiceException(service, operation, response.StatusCode, code, requestId, message);
    }
}

/// <summary>Builds an x-www-form-urlencoded Query protocol body, parameters in insertion order.</summary>
internal sealed class QueryForm
{
    private readonly StringBuilder _body = new();

    public QueryForm(string action, string version)
    {
        Add("Action", action);
        Add("Version", version);
    }

    public void Add(string name, string value)
    {
        if (_body.Length > 0)
        {
            _body.Append('&');
        }
        _body.Append(SigV4.Encode(name)).Append('=').Append(SigV4.Encode(value));
    }

    /// <summary>
    /// A map as {prefix}.entry.N.{keyName} / {prefix}.entry.N.{valueName} (or {prefix}.N.* when
    /// flattened), entries sorted by key, N from 1; <paramref name="addValue"/> writes the value under the given prefix.
    /// </summary>
    public void AddMap<TValue>(string prefix, IReadOnlyDictionary<string, TValue> map, string keyName, string valueName, Action<string, TValue> addValue, bool flattened = false)
    {
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(addValue);
        int n = 0;
        foreach ((string key, TValue value) in map.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            n++;
            string entry = flattened ? $"{prefix}.{n}" : $"{prefix}.entry.{n}";
            Add($"{entry}.{keyName}", key);
            addValue($"{entry}.{valueName}", value);
        }
    }

    public override string ToString() => _body.ToString();
}
