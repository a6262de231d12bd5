using System.Net;
using System.Net.Http.Headers;

namespace EyeOfHorus.Aws;

/// <summary>An HTTP response read in full.</summary>
internal sealed record AwsHttpResponse(int StatusCode, HttpResponseHeaders Headers, byte[] Body)
{
    /// <summary>A response header (the ones read here, request ids and error types, are never content headers).</summary>
    public string? Header(string name) => Headers.TryGetValues(name, out IEnumerable<string>? values) ? values.First() : null;
}

/// <summary>
/// Sends one signed POST per attempt and applies the retry policy: throttling, 5xx and transient
/// network failures are retried with capped exponential backoff and full jitter; other errors are not.
/// </summary>
internal sealed class AwsTransport
{
    private static readonly HttpClient SharedHttpClient = new(new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        ConnectTimeout = TimeSpan.FromSeconds(5),
    })
    {
        Timeout = System.Threading.Timeout.InfiniteTimeSpan,
    };

    private readonly AwsClientOptions _options;
    private readonly HttpClient _http;
    private readonly Uri _endpoint;

    public AwsTransport(AwsClientOptions options, string service)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.MaxAttempts < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "MaxAttempts must be at least 1.");
        }
        if (options.Timeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "Timeout must be positive.");
        }
        _options = options;
        Service = service;
        _http = options.HttpClient ?? SharedHttpClient;
        _endpoint = options.Endpoint ?? AwsEndpoints.Regional(service, options.Region);
    }

    /// <summary>The signing name and endpoint prefix ("rekognition", "kinesis", "sns").</summary>
    public string Service { get; }

    public Uri Endpoint => _endpoint;

    /// <summary>Delay before retry <paramref name="retry"/> (1-based): full jitter over a capped exponential.</summary>
    internal static TimeSpan BackoffDelay(int retry, TimeSpan baseDelay, TimeSpan maxDelay, double random)
    {
        double ceiling = Math.Min(maxDelay.TotalMilliseconds, baseDelay.TotalMilliseconds * Math.Pow(2, retry - 1));
        return TimeSpan.FromMilliseconds(ceiling * random);
    }

    /// <summary>
    /// Sends the request, retrying as the policy allows, and returns the parsed success response.
    /// A 2xx body that <paramref name="parse"/> rejects is not retried (the service acted on the
    /// request): it surfaces as <see cref="AwsTransportException"/>.
    /// </summary>
    public async Task<T> SendAsync<T>(
        string operation,
        IReadOnlyList<KeyValuePair<string, string>> headers,
        byte[] body,
        Func<AwsHttpResponse, AwsServiceException> parseError,
        Func<byte[], T> parse,
        CancellationToken cancellationToken)
    {
        for (int attempt = 1; ; attempt++)
        {
            Exception failure;
            string reason;
            try
            {
                AwsHttpResponse response = await SendOnceAsync(headers, body, cancellationToken).ConfigureAwait(false);
                if (response.StatusCode is >= 200 and < 300)
                {
                    try
                    {
                        return parse(response.Body);
                    }
                    catch (Exception e) when (e is System.Text.Json.JsonException or System.Xml.XmlException or FormatException or InvalidDataException)
                    {
                        throw new AwsTransportException(Service, operation, attempt,
                            $"HTTP {response.StatusCode} response could not be read ({e.Message})", e);
                    }
                }
                AwsServiceException error = parseError(response);
                if (!error.IsRetryable || attempt >= _options.MaxAttempts)
                {
                    throw error;
                }
                failure = error;
                reason = error.ErrorCode;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (OperationCanceledException e)
            {
                failure = e;
                reason = $"no response within {_options.Timeout.TotalSeconds:0.###} s";
            }
            catch (Exception e) when (e is HttpRequestException or IOException)
            {
                failure = e;
                reason = $"network failure ({e.Message})";
            }

            if (attempt >= _options.MaxAttempts)
            {
                throw new AwsTransportException(Service, operation, attempt, reason, failure);
            }
            TimeSpan delay = BackoffDelay(attempt, _options.RetryBaseDelay, _options.RetryMaxDelay, _options.Jitter());
            await Task.Delay(delay, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<AwsHttpResponse> SendOnceAsync(
        IReadOnlyList<KeyValuePair<string, string>> headers, byte[] body, CancellationToken cancellationToken)
    {
        AwsCredentials credentials = await _options.Credentials.GetCredentialsAsync(cancellationToken).ConfigureAwait(false);
        using var attemptTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attemptTimeout.CancelAfter(_options.Timeout);

        string host = _endpoint.IsDefaultPort ? _endpoint.IdnHost : $"{_endpoint.IdnHost}:{_endpoint.Port}";
        var signed = new List<KeyValuePair<string, string>>(headers.Count + 1) { new("Host", host) };
        signed.AddRange(headers);
        SigV4Signature signature = SigV4.Sign(
            new SigV4Request("POST", _endpoint.AbsolutePath, "", signed, body),
            credentials, _options.Region, Service, _options.TimeProvider.GetUtcNow());

        using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint) { Version = HttpVersion.Version11 };
        request.Content = new ByteArrayContent(body);
        foreach ((string name, string value) in headers.Concat(signature.AddedHeaders))
        {
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                request.Content.Headers.TryAddWithoutValidation(name, value);
            }
            else
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }
        request.Headers.TryAddWithoutValidation("Authorization", signature.Authorization);

        using HttpResponseMessage response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, attemptTimeout.Token).ConfigureAwait(false);
        byte[] responseBody = await response.Content.ReadAsByteArrayAsync(attemptTimeout.Token).ConfigureAwait(false);
        return new AwsHttpResponse((int)response.StatusCode, response.Headers, responseBody);
    }
}
