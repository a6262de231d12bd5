namespace EyeOfHorus.Aws;

/// <summary>
/// The service answered with an error: the outcome is known, the request was rejected.
/// Thrown after the client's own retries (for retryable errors) are exhausted.
/// </summary>
public sealed class AwsServiceException : Exception
{
    public AwsServiceException(string service, string operation, int statusCode, string errorCode, string? requestId, string? errorMessage)
        : base($"{service} {operation} failed: HTTP {statusCode} {errorCode}{(string.IsNullOrEmpty(errorMessage) ? "" : ": " + errorMessage)}{(requestId is null ? "" : $" (request id {requestId})")}")
    {
        Service = service;
        Operation = operation;
        StatusCode = statusCode;
        ErrorCode = errorCode;
        RequestId = requestId;
        ErrorMessage = errorMessage;
    }

    public string Service { get; }

    public string Operation { get; }

    public int StatusCode { get; }

    /// <summary>The error code without namespace or URI, e.g. "ThrottlingException".</summary>
    public string ErrorCode { get; }

    public string? RequestId { get; }

    /// <summary>The service's own message, if it sent one.</summary>
    public string? ErrorMessage { get; }

    public bool IsThrottling => AwsErrors.IsThrottling(Service, ErrorCode, StatusCode);

    public bool IsRetryable => AwsErrors.IsRetryable(Service, ErrorCode, StatusCode);
}

/// <summary>
/// No usable answer: timeout, network failure, or a response that could not be read, after the
/// client's retries. The outcome is UNKNOWN: the service may have processed the request.
/// </summary>
public sealed class AwsTransportException : Exception
{
    public AwsTransportException(string service, string operation, int attempts, string reason, Exception? innerException)
        : base($"{service} {operation}: {reason} after {attempts} attempt(s); the outcome is unknown.", innerException)
    {
        Service = service;
        Operation = operation;
        Attempts = attempts;
    }

    public string Service { get; }

    public string Operation { get; }

    public int Attempts { get; }

#pragma warning disable CA1822 // part of the contract: callers branch on it
    public bool OutcomeUnknown => true;
#pragma warning restore CA1822
}

/// <summary>Classifies normalised error codes.</summary>
public static class AwsErrors
{
    private static readonly HashSet<string> ThrottlingCodes = new(StringComparer.Ordinal)
    {
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
        "TooManyRequestsException", "ProvisionedThroughputExceededException", "TransactionInProgressException",
        "RequestLimitExceeded", "BandwidthLimitExceeded", "RequestThrottled", "SlowDown", "PriorRequestNotComplete",
        "EC2ThrottledException", "KMSThrottling", "KMSThrottlingException",
    };

    private static readonly HashSet<string> TransientCodes = new(StringComparer.Ordinal)
    {
        "RequestTimeout", "RequestTimeoutException", "InternalError", "InternalFailure", "InternalServerError",
        "ServiceUnavailable", "ServiceUnavailableException",
    };

    /// <summary>
    /// Throttling codes, HTTP 429, and Kinesis's LimitExceededException (its per-account call-rate
    /// limit; for Rekognition the same code means a quota, which retrying cannot fix).
    /// </summary>
    public static bool IsThrottling(string service, string errorCode, int statusCode) =>
        statusCode == 429
        || ThrottlingCodes.Contains(errorCode)
        || (errorCode == "LimitExceededException" && string.Equals(service, "kinesis", StringComparison.OrdinalIgnoreCase));

    public static bool IsRetryable(string service, string errorCode, int statusCode) =>
        IsThrottling(service, errorCode, statusCode) || statusCode >= 500 || TransientCodes.Contains(errorCode);

    /// <summary>
    /// "Name", "ns#Name", "ns#Name:http://..." and "Name:http://..." all become "Name"
    /// (botocore's rule: keep what is after '#', drop from ':').
    /// </summary>
    public static string NormaliseCode(string raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        string code = raw.Trim();
        int colon = code.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            code = code[..colon];
        }
        int hash = code.LastIndexOf('#');
        if (hash >= 0)
        {
            code = code[(hash + 1)..];
        }
        return code;
    }
}
