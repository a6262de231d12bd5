using System.Net;
using System.Text;
using EyeOfHorus.Local.State;

namespace EyeOfHorus.Local.Alerts;

/// <summary>
/// POSTs each alert's JSON document (the one the SNS alert carries) to a URL. 2xx is delivered;
/// 408, 429 and 5xx, timeouts and connection failures are retried; any other status is the
/// receiver refusing the document, which retrying cannot change.
/// </summary>
public sealed class WebhookSink(Uri url, TimeSpan? timeout = null, HttpMessageHandler? handler = null) : IAlertSink
{
    public const string SinkName = "webhook";
    private readonly HttpClient _http = new(handler ?? new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };
    private readonly TimeSpan _timeout = timeout ?? TimeSpan.FromSeconds(5);

    public string Name => SinkName;

    public async Task<(DeliveryResult Result, string? Error)> DeliverAsync(StoredAlert alert, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alert);
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(_timeout);
        using var content = new StringContent(alert.Document, Encoding.UTF8, "application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
        request.Headers.TryAddWithoutValidation("X-Horus-Event", alert.Event);
        request.Headers.TryAddWithoutValidation("X-Horus-Alert-Id", alert.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, bounded.Token).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode) return (DeliveryResult.Delivered, null);
            if (status >= 500 || response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests)
                return (DeliveryResult.Retry, $"HTTP {status}");
            return (DeliveryResult.Refused, $"HTTP {status}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (DeliveryResult.Retry, $"no answer within {_timeout.TotalSeconds:0.#} s");
        }
        catch (HttpRequestException ex)
        {
            return (DeliveryResult.Retry, ex.Message);
        }
    }

    public ValueTask DisposeAsync()
    {
        _http.Dispose();
        return ValueTask.CompletedTask;
    }
}
