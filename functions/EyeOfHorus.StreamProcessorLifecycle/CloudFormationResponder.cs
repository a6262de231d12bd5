using System.Text.Json;

namespace EyeOfHorus.StreamProcessorLifecycle;

/// <summary>
/// Sends a custom resource response: an HTTP PUT of the JSON document to the request's presigned S3
/// ResponseURL. The URL was signed without a Content-Type, so none is sent. Retried on network errors
/// and 5xx: until the response arrives, CloudFormation waits (up to the resource's ServiceTimeout).
/// </summary>
public sealed class CloudFormationResponder(HttpClient http, TimeSpan? retryDelay = null)
{
    public const int MaxAttempts = 4;
    private readonly TimeSpan _retryDelay = retryDelay ?? TimeSpan.FromSeconds(2);

    /// <exception cref="HttpRequestException">Every attempt failed; the message has the last status, never the URL.</exception>
    public async Task SendAsync(Uri responseUrl, CustomResourceResponse response, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(responseUrl);
        var body = JsonSerializer.SerializeToUtf8Bytes(response, LifecycleJsonContext.Default.CustomResourceResponse);
        string? last = null;
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            if (attempt > 1) await Task.Delay(_retryDelay * (attempt - 1), ct).ConfigureAwait(false);
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = null;
            content.Headers.ContentLength = body.Length;
            using var request = new HttpRequestMessage(HttpMethod.Put, responseUrl) { Content = content };
            try
            {
                using var answer = await http.SendAsync(request, ct).ConfigureAwait(false);
                if (answer.IsSuccessStatusCode) return;
                last = $"HTTP {(int)answer.StatusCode}";
                if ((int)answer.StatusCode < 500) break; // a 403 (expired or altered URL) will not get better
            }
            catch (HttpRequestException e)
            {
                last = e.Message;
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                last = "timed out";
            }
        }
        throw new HttpRequestException($"The CloudFormation response could not be delivered to its ResponseURL ({last}).");
    }
}
