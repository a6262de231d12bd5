using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.Runtime.Credentials;

namespace EyeOfHorus.Aws;

/// <summary>The CLI's credentials: AWSSDK.Core's resolution, adapted to <see cref="ICredentialSource"/>.</summary>
internal static class SdkCredentials
{
    /// <param name="profilesLocation">A credentials file to read instead of the default ones (tests).</param>
    public static RefreshingCredentialSource CreateSource(string? profile, string? profilesLocation = null)
    {
        AWSCredentials sdkCredentials = Resolve(profile, profilesLocation);
        return new RefreshingCredentialSource(async _ =>
        {
            // Our source asks only when its copy is missing or within 5 minutes of expiry: make the
            // SDK fetch anew rather than hand back its own cached copy (its refresh policy differs).
            (sdkCredentials as RefreshingAWSCredentials)?.ClearCredentials();
            ImmutableCredentials current = await sdkCredentials.GetCredentialsAsync().ConfigureAwait(false);
            return new AwsCredentials(
                current.AccessKey,
                current.SecretKey,
                current.UseToken ? current.Token : null,
                sdkCredentials.Expiration is { } expiry ? AsUtc(expiry) : null);
        });
    }

    private static DateTimeOffset AsUtc(DateTime time) =>
        new(time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : DateTime.SpecifyKind(time, DateTimeKind.Utc));

    private static AWSCredentials Resolve(string? profile, string? profilesLocation)
    {
        if (string.IsNullOrEmpty(profile))
        {
            return DefaultAWSCredentialsIdentityResolver.GetCredentials();
        }
        if (new CredentialProfileStoreChain(profilesLocation).TryGetAWSCredentials(profile, out AWSCredentials credentials))
        {
            return credentials;
        }
        throw new InvalidOperationException($"AWS profile '{profile}' not found in the shared config or credentials file.");
    }

    public static string? ResolveRegion(string? profile, string? profilesLocation = null)
    {
        if (!string.IsNullOrEmpty(profile)
            && new CredentialProfileStoreChain(profilesLocation).TryGetProfile(profile, out CredentialProfile found)
            && found.Region is { } profileRegion)
        {
            return profileRegion.SystemName;
        }
        string? fromEnvironment = AwsClientOptions.RegionFromEnvironment(Environment.GetEnvironmentVariable);
        if (fromEnvironment is not null)
        {
            return fromEnvironment;
        }
        try
        {
            return FallbackRegionFactory.GetRegionEndpoint()?.SystemName;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }
}
