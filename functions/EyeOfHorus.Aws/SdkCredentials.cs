using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.Runtime.Credentials;

namespace EyeOfHorus.Aws;

/// <summary>The CLI's credentials: AWSSDK.Core's resolution, adapted to <see cref="ICredentialSource"/>.</summary>
internal static class SdkCredentials
{
    public static RefreshingCredentialSource CreateSource(string? profile)
    {
        AWSCredentials sdkCredentials = Resolve(profile);
        if (sdkCredentials is RefreshingAWSCredentials refreshing)
        {
            refreshing.PreemptExpiryTime = RefreshingCredentialSource.RefreshWindow;
        }
        return new RefreshingCredentialSource(async _ =>
        {
            ImmutableCredentials current = await sdkCredentials.GetCredentialsAsync().ConfigureAwait(false);
            DateTime? expiry = sdkCredentials.Expiration;
            return new AwsCredentials(
                current.AccessKey,
                current.SecretKey,
                current.UseToken ? current.Token : null,
                expiry is { } e ? new DateTimeOffset(DateTime.SpecifyKind(e, e.Kind == DateTimeKind.Unspecified ? DateTimeKind.Utc : e.Kind)) : null);
        });
    }

    private static AWSCredentials Resolve(string? profile)
    {
        if (string.IsNullOrEmpty(profile))
        {
            return DefaultAWSCredentialsIdentityResolver.GetCredentials();
        }
        if (new CredentialProfileStoreChain().TryGetAWSCredentials(profile, out AWSCredentials credentials))
        {
            return credentials;
        }
        throw new InvalidOperationException($"AWS profile '{profile}' not found in the shared config or credentials file.");
    }

    public static string? ResolveRegion(string? profile)
    {
        if (!string.IsNullOrEmpty(profile)
            && new CredentialProfileStoreChain().TryGetProfile(profile, out CredentialProfile found)
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
