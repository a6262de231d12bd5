using Amazon.Runtime.CredentialManagement;
using Amazon.S3;
using EyeOfHorus.Aws;
using EyeOfHorus.Edge.Configuration;
using EyeOfHorus.Edge.Operator;

namespace EyeOfHorus.Edge.Doctor;

/// <summary>
/// The facts of the host <c>horus doctor</c> reads beyond files and GStreamer. Each is a function
/// so that a test can give the verdict's input; the defaults read the real host.
/// </summary>
public sealed class HostProbe
{
    public HostLayout Layout { get; init; } = HostLayout.Installed;

    /// <summary>The kernel's clock sync state; null when it cannot be read here.</summary>
    public Func<ClockReading?> Clock { get; init; } = ClockSync.Read;

    /// <summary>Bytes free for this process in the file system holding a folder; null when unknown.</summary>
    public Func<string, long?> FreeBytes { get; init; } = FreeBytesOf;

    /// <summary>Loads the image library's native part (SkiaSharp, for the edge's face crops); the error, or null when it loads.</summary>
    public Func<string?> ImageLibraryError { get; init; } = LoadSkia;

    /// <summary>Where the local face engine's models are looked for ($HORUS_MODELS, else models/ beside the binary, else ./models).</summary>
    public string ModelDirectory { get; init; } = FaceEngine.ModelFiles.DefaultDirectory();

    /// <summary>Loads the local face engine (models verified by sha256, ONNX Runtime's native library); the error, or null when it loads.</summary>
    public Func<string, string?> FaceEngineError { get; init; } = LoadFaceEngine;

    /// <summary>Credentials from the AWS SDK chain for (profile, region); throws when there are none.</summary>
    public Func<string?, string, CancellationToken, Task> ChainCredentials { get; init; } = ResolveChainAsync;

    /// <summary>
    /// The S3 client local mode's faces bucket is read with: (profile, region, credentials file or null), signed as the
    /// service signs (the credentials file's profile when the file exists, else the SDK chain); AWS_ENDPOINT_URL_S3 honoured.
    /// </summary>
    public Func<string?, string, string?, IAmazonS3> FacesBucketClient { get; init; } = S3For;

    /// <summary>Now, for the age of the last gallery sync.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>How long a credential lookup may take (instance-role and SSO lookups go over the network).</summary>
    public TimeSpan CredentialTimeout { get; init; } = TimeSpan.FromSeconds(10);

    private static IAmazonS3 S3For(string? profile, string region, string? credentialsFile)
    {
        if (credentialsFile is not null && new CredentialProfileStoreChain(credentialsFile).TryGetAWSCredentials(profile ?? "default", out var fromFile))
            return OperatorContext.S3Client(region, AwsEndpoints.FromEnvironment("s3", Environment.GetEnvironmentVariable), fromFile, TimeSpan.FromSeconds(10), 2);
        return new OperatorContext(DeployOutputs.Empty, region, profile, TextWriter.Null).S3();
    }

    private static long? FreeBytesOf(string folder)
    {
        try
        {
            return new DriveInfo(Path.GetFullPath(folder)).AvailableFreeSpace;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
    }

    private static string? LoadSkia()
    {
        try
        {
            using var bitmap = new SkiaSharp.SKBitmap(1, 1);
            return null;
        }
        catch (Exception ex) when (ex is DllNotFoundException or TypeInitializationException or BadImageFormatException)
        {
            return (ex.InnerException ?? ex).Message.Split('\n')[0];
        }
    }

    private static string? LoadFaceEngine(string directory)
    {
        try
        {
            using var engine = FaceEngine.FaceEngine.Load(directory);
            return null;
        }
        catch (FaceEngine.FaceModelException ex)
        {
            return ex.Message;
        }
        catch (Exception ex) when (ex is DllNotFoundException or TypeInitializationException or BadImageFormatException or Microsoft.ML.OnnxRuntime.OnnxRuntimeException)
        {
            return "ONNX Runtime does not load: " + (ex.InnerException ?? ex).Message.Split('\n')[0];
        }
    }

    private static async Task ResolveChainAsync(string? profile, string region, CancellationToken cancellationToken) =>
        await AwsClientOptions.ForCli("kinesisvideo", profile, region).Credentials.GetCredentialsAsync(cancellationToken).ConfigureAwait(false);
}
