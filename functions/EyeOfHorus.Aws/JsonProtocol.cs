using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace EyeOfHorus.Aws;

/// <summary>
/// The AWS JSON 1.1 (and 1.0, DynamoDB's) protocol: POST / with X-Amz-Target "{prefix}.{Operation}"
/// and Content-Type application/x-amz-json-1.x; errors named by X-Amzn-ErrorType, "code" or "__type".
/// </summary>
internal sealed class JsonProtocol(AwsTransport transport, string targetPrefix, string contentType = JsonProtocol.ContentType)
{
    public const string ContentType = "application/x-amz-json-1.1";
    public const string ContentType10 = "application/x-amz-json-1.0";

    public string Service => transport.Service;

    public Task<TResponse> CallAsync<TRequest, TResponse>(
        string operation, TRequest request, JsonTypeInfo<TRequest> requestType, JsonTypeInfo<TResponse> responseType, CancellationToken cancellationToken)
    {
        byte[] body = JsonSerializer.SerializeToUtf8Bytes(request, requestType);
        return transport.SendAsync(operation, Headers(operation), body, response => ParseError(Service, operation, response),
            responseBody => JsonSerializer.Deserialize(EmptyAsObject(responseBody), responseType)
                ?? throw new JsonException("The response body is JSON null."), cancellationToken);
    }

    /// <summary>A call with a hand-written body (tests: operations outside the typed surface, e.g. CreateStream).</summary>
    internal Task<string> CallRawAsync(string operation, string jsonBody, CancellationToken cancellationToken) =>
        transport.SendAsync(operation, Headers(operation), Encoding.UTF8.GetBytes(jsonBody),
            response => ParseError(Service, operation, response), Encoding.UTF8.GetString, cancellationToken);

    private List<KeyValuePair<string, string>> Headers(string operation) =>
    [
        new("Content-Type", contentType),
        new("X-Amz-Target", $"{targetPrefix}.{operation}"),
    ];

    // Some operations (StopStreamProcessor) answer 200 with an empty body.
    private static ReadOnlySpan<byte> EmptyAsObject(byte[] body) =>
        body.AsSpan().Trim(" \t\r\n"u8).IsEmpty ? "{}"u8 : body;

    internal static AwsServiceException ParseError(string service, string operation, AwsHttpResponse response)
    {
        AwsJsonError? error = null;
        try
        {
            if (!EmptyAsObject(response.Body).SequenceEqual("{}"u8))
            {
                error = JsonSerializer.Deserialize(response.Body, AwsJsonContext.Default.AwsJsonError);
            }
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's HTML page, a truncated body): the status code decides.
        }
        string? rawCode = response.Header("X-Amzn-ErrorType") ?? error?.Code ?? error?.Type;
        string code = string.IsNullOrWhiteSpace(rawCode) ? response.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture) : AwsErrors.NormaliseCode(rawCode);
        return new AwsServiceException(service, operation, response.StatusCode, code,
            response.Header("x-amzn-RequestId") ?? response.Header("x-amz-request-id"), error?.Message ?? error?.UpperMessage);
    }
}
