namespace EyeOfHorus.Aws;

/// <summary>Where a service's requests go.</summary>
public static class AwsEndpoints
{
    /// <summary>https://{service}.{region}.amazonaws.com (".amazonaws.com.cn" in the China partition).</summary>
    public static Uri Regional(string service, string region)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(service);
        ArgumentException.ThrowIfNullOrWhiteSpace(region);
        string suffix = region.StartsWith("cn-", StringComparison.Ordinal) ? "amazonaws.com.cn" : "amazonaws.com";
        return new Uri($"https://{service}.{region}.{suffix}/");
    }

    /// <summary>
    /// AWS_ENDPOINT_URL_&lt;SERVICE&gt; (service id upper-cased, spaces and dashes as underscores),
    /// then AWS_ENDPOINT_URL; null when neither is set.
    /// </summary>
    public static Uri? FromEnvironment(string service, Func<string, string?> getVariable)
    {
        ArgumentNullException.ThrowIfNull(getVariable);
        string serviceVariable = "AWS_ENDPOINT_URL_" + service.ToUpperInvariant().Replace(' ', '_').Replace('-', '_');
        foreach (string variable in new[] { serviceVariable, "AWS_ENDPOINT_URL" })
        {
            string? value = getVariable(variable);
            if (string.IsNullOrWhiteSpace(value))
            {
                continue;
            }
            if (!Uri.TryCreate(value.Trim(), UriKind.Absolute, out Uri? uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                throw new InvalidOperationException($"{variable} is not an http(s) URL: '{value}'.");
            }
            return uri;
        }
        return null;
    }
}
