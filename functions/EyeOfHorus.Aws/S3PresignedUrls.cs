namespace EyeOfHorus.Aws;

/// <summary>
/// Presigned GET links to S3 objects, computed locally (no call to S3). Virtual-hosted style
/// (<c>https://BUCKET.s3.REGION.amazonaws.com/KEY</c>) on AWS; path style
/// (<c>ENDPOINT/BUCKET/KEY</c>) under an endpoint override (AWS_ENDPOINT_URL_S3, local servers).
/// A link signed with session credentials stops working when they expire, whatever validity it asks for.
/// </summary>
public sealed class S3PresignedUrls(AwsClientOptions options)
{
    private const string UnsignedPayload = "UNSIGNED-PAYLOAD";

    public async Task<Uri> GetObjectAsync(string bucket, string key, TimeSpan validity, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(bucket);
        ArgumentException.ThrowIfNullOrEmpty(key);
        // Dots in a bucket name break the TLS name of the virtual host: those go path style.
        bool pathStyle = options.Endpoint is not null || bucket.Contains('.', StringComparison.Ordinal);
        Uri root = options.Endpoint ?? new Uri(pathStyle ? AwsEndpoints.Regional("s3", options.Region).ToString() : $"https://{bucket}.s3.{options.Region}.amazonaws.com/");
        string path = root.AbsolutePath.TrimEnd('/') + (pathStyle ? $"/{bucket}/{key}" : $"/{key}");
        var request = new SigV4Request("GET", path, "", [new("Host", root.Authority)], ReadOnlyMemory<byte>.Empty);
        AwsCredentials credentials = await options.Credentials.GetCredentialsAsync(ct).ConfigureAwait(false);
        // S3 signs the path as sent: no dot-segment normalisation, each segment percent-encoded once.
        SigV4Presigned presigned = SigV4.Presign(request, credentials, options.Region, "s3", options.TimeProvider.GetUtcNow(), validity,
            normalizePath: false, payloadHash: UnsignedPayload);
        string encodedPath = string.Join('/', path.Split('/').Select(SigV4.Encode));
        return new Uri($"{root.Scheme}://{root.Authority}{encodedPath}?{presigned.Query}");
    }
}
