using System.Net;
using System.Reflection;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace EyeOfHorus.FaceIndexer.Tests;

/// <summary>
/// s3rver as S3 answers a role without s3:ListBucket (FaceIndexer's): reading a missing key is 403
/// AccessDenied, not 404 (S3 hides whether the key exists). Everything else goes to s3rver unchanged.
/// </summary>
public class S3WithoutListBucket : DispatchProxy
{
    private IAmazonS3 _s3rver = null!;

    public static IAmazonS3 Over(IAmazonS3 s3rver)
    {
        var proxy = Create<IAmazonS3, S3WithoutListBucket>();
        ((S3WithoutListBucket)(object)proxy)._s3rver = s3rver;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        var ct = args?.OfType<CancellationToken>().FirstOrDefault() ?? default;
        return args?.FirstOrDefault() switch
        {
            GetObjectMetadataRequest r => DenyMissing(_s3rver.GetObjectMetadataAsync(r, ct)),
            GetObjectRequest r => DenyMissing(_s3rver.GetObjectAsync(r, ct)),
            GetObjectTaggingRequest r => DenyMissing(_s3rver.GetObjectTaggingAsync(r, ct)),
            _ => targetMethod.Invoke(_s3rver, args),
        };
    }

    private static async Task<T> DenyMissing<T>(Task<T> call)
    {
        try { return await call; }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            throw new AmazonS3Exception("Access Denied", ErrorType.Sender, "AccessDenied", e.RequestId, HttpStatusCode.Forbidden);
        }
    }
}
