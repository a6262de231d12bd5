namespace EyeOfHorus.Aws;

/// <summary>How a client reaches and authenticates to one AWS service.</summary>
public sealed record AwsClientOptions
{
    public required string Region { get; init; }

    public required ICredentialSource Credentials { get; init; }

    /// <summary>Overrides the regional endpoint (local servers, emulators, VPC endpoints).</summary>
    public Uri? Endpoint { get; init; }

    /// <summary>Time allowed for one attempt (send and read the whole response).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Attempts per call, the first included.</summary>
    public int MaxAttempts { get; init; } = 4;

    /// <summary>Shared client to send with; its own Timeout should not be shorter than <see cref="Timeout"/>.</summary>
    public HttpClient? HttpClient { get; init; }

    /// <summary>Backoff before retry n (1-based) is uniform in [0, min(RetryMaxDelay, RetryBaseDelay * 2^(n-1))].</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Clock for request dates and retry delays.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Uniform [0, 1) source of the backoff jitter (tests pin it).</summary>
    internal Func<double> Jitter { get; init; } = Random.Shared.NextDouble;

    /// <summary>
    /// Lean path (Lambda): region from AWS_REGION / AWS_DEFAULT_REGION, endpoint from
    /// AWS_ENDPOINT_URL_&lt;SERVICE&gt; then AWS_ENDPOINT_URL, credentials from the environment.
    /// </summary>
    /// <param name="service">Service id as in the endpoint variables: "rekognition", "kinesis", "sns".</param>
    public static AwsClientOptions FromEnvironment(string service) =>
        FromEnvironment(service, Environment.GetEnvironmentVariable);

    internal static AwsClientOptions FromEnvironment(string service, Func<string, string?> getVariable)
    {
        string region = RegionFromEnvironment(getVariable)
            ?? throw new InvalidOperationException("AWS region not set: set AWS_REGION (the Lambda runtime sets it).");
        return new AwsClientOptions
        {
            Region = region,
            Endpoint = AwsEndpoints.FromEnvironment(service, getVariable),
            Credentials = new EnvironmentCredentialSource(getVariable),
        };
    }

    /// <summary>
    /// CLI path: AWSSDK.Core's credential chain (environment, shared config/credentials files and
    /// profiles, SSO, web identity, container and instance roles), cached and refreshed 5 minutes
    /// before expiry. Region: the argument, else the profile's, else AWS_REGION / AWS_DEFAULT_REGION.
    /// </summary>
    public static AwsClientOptions ForCli(string service, string? profile, string? region) =>
        ForCli(service, profile, region, profilesLocation: null);

    internal static AwsClientOptions ForCli(string service, string? profile, string? region, string? profilesLocation) =>
        new()
        {
            Region = region ?? SdkCredentials.ResolveRegion(profile, profilesLocation)
                ?? throw new InvalidOperationException(
                    "AWS region not set: pass --region, set AWS_REGION, or set region in the profile."),
            Endpoint = AwsEndpoints.FromEnvironment(service, Environment.GetEnvironmentVariable),
            Credentials = SdkCredentials.CreateSource(profile, profilesLocation),
        };

    internal static string? RegionFromEnvironment(Func<string, string?> getVariable) =>
        NonEmpty(getVariable("AWS_REGION")) ?? NonEmpty(getVariable("AWS_DEFAULT_REGION"));

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
