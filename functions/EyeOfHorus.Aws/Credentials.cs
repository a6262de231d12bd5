namespace EyeOfHorus.Aws;

/// <summary>An AWS access key pair, with the session token and expiry of temporary credentials.</summary>
public sealed record AwsCredentials(
    string AccessKeyId,
    string SecretAccessKey,
    string? SessionToken = null,
    DateTimeOffset? Expiration = null)
{
    // Keeps the secret out of logs and exception messages.
    public override string ToString() =>
        $"AwsCredentials {{ AccessKeyId = {AccessKeyId}, SessionToken = {(SessionToken is null ? "none" : "set")}, Expiration = {Expiration?.ToString("O", System.Globalization.CultureInfo.InvariantCulture) ?? "none"} }}";
}

/// <summary>Supplies the credentials to sign the next request with.</summary>
public interface ICredentialSource
{
    ValueTask<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken = default);
}

/// <summary>Fixed credentials (tests, or keys obtained elsewhere).</summary>
public sealed class StaticCredentialSource(AwsCredentials credentials) : ICredentialSource
{
    public ValueTask<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(credentials);
}

/// <summary>
/// AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN, read on every call: the Lambda
/// runtime sets them for the function's role. No SDK types on this path.
/// </summary>
public sealed class EnvironmentCredentialSource : ICredentialSource
{
    private readonly Func<string, string?> _getVariable;

    public EnvironmentCredentialSource() : this(Environment.GetEnvironmentVariable) { }

    public EnvironmentCredentialSource(Func<string, string?> getVariable) => _getVariable = getVariable;

    public ValueTask<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken = default)
    {
        string? accessKey = NonEmpty(_getVariable("AWS_ACCESS_KEY_ID"));
        string? secretKey = NonEmpty(_getVariable("AWS_SECRET_ACCESS_KEY"));
        if (accessKey is null || secretKey is null)
        {
            throw new InvalidOperationException(
                "AWS credentials not found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary credentials).");
        }
        string? token = NonEmpty(_getVariable("AWS_SESSION_TOKEN"));
        return ValueTask.FromResult(new AwsCredentials(accessKey, secretKey, token));
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

/// <summary>
/// Caches credentials from a slower source (STS, SSO, IMDS, container endpoint) and fetches new
/// ones when the cached ones are within <see cref="RefreshWindow"/> of their expiry. Credentials
/// without an expiry are kept for good. If a refresh fails while the cached credentials have not
/// yet expired, they are used until they do.
/// </summary>
public sealed class RefreshingCredentialSource : ICredentialSource, IDisposable
{
    public static readonly TimeSpan RefreshWindow = TimeSpan.FromMinutes(5);

    private readonly Func<CancellationToken, Task<AwsCredentials>> _fetch;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private AwsCredentials? _current;

    public RefreshingCredentialSource(Func<CancellationToken, Task<AwsCredentials>> fetch, TimeProvider? time = null)
    {
        _fetch = fetch;
        _time = time ?? TimeProvider.System;
    }

    public async ValueTask<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken = default)
    {
        AwsCredentials? current = Volatile.Read(ref _current);
        if (current is not null && !NeedsRefresh(current))
        {
            return current;
        }
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            current = _current;
            if (current is null || NeedsRefresh(current))
            {
                try
                {
                    current = await _fetch(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception) when (current?.Expiration is { } expiry && expiry > _time.GetUtcNow() && !cancellationToken.IsCancellationRequested)
                {
                    return current;
                }
                Volatile.Write(ref _current, current);
            }
            return current;
        }
        finally
        {
            _gate.Release();
        }
    }

    private bool NeedsRefresh(AwsCredentials credentials) =>
        credentials.Expiration is { } expiry && expiry - _time.GetUtcNow() <= RefreshWindow;

    public void Dispose() => _gate.Dispose();
}
