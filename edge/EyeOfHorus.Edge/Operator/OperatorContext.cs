using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using EyeOfHorus.Aws;
using EyeOfHorus.Edge.Configuration;

namespace EyeOfHorus.Edge.Operator;

/// <summary>
/// One command's view of the deployed system: the deploy outputs, overridden by flags, and the AWS
/// clients built from one credential resolution. Endpoints honour AWS_ENDPOINT_URL_&lt;SERVICE&gt;.
/// </summary>
public sealed class OperatorContext(DeployOutputs outputs, string? regionFlag, string? profile, TextWriter diagnostics)
{
    private AwsClientOptions? _aws;

    public DeployOutputs Outputs { get; } = outputs;

    public string? Profile { get; } = profile;

    /// <summary>The region the commands talk to, once a client has been made.</summary>
    public string Region => AwsOptions("rekognition").Region;

    /// <summary>A value from a flag, else from the outputs file; missing both is a configuration error that says what to do.</summary>
    public string Require(string? flagValue, string? outputValue, string flag, string outputKey)
    {
        if (!string.IsNullOrWhiteSpace(flagValue)) return flagValue;
        if (!string.IsNullOrWhiteSpace(outputValue)) return outputValue;
        throw new OperatorException(ExitCodes.Configuration,
            ReferenceEquals(Outputs, DeployOutputs.Empty)
                ? $"No {outputKey} known: no {DeployOutputs.DefaultFileName} here and no {flag} given. {DeployOutputs.DeployHint}"
                : $"The deploy outputs have no {outputKey}: is the stack deployed and up to date? Pass {flag} or redeploy. {DeployOutputs.DeployHint}");
    }

    public AwsClientOptions AwsOptions(string service)
    {
        if (_aws is null)
        {
            var region = regionFlag ?? Outputs.Region;
            if (regionFlag is not null && Outputs.Region is not null && !string.Equals(regionFlag, Outputs.Region, StringComparison.Ordinal))
                diagnostics.WriteLine($"horus: warning: the stack was deployed to {Outputs.Region} (outputs file) but --region says {regionFlag}; using {regionFlag}.");
            try
            {
                _aws = AwsClientOptions.ForCli(service, Profile, region);
            }
            catch (InvalidOperationException ex)
            {
                throw new OperatorException(ExitCodes.Configuration, ex.Message, ex);
            }
            catch (AmazonClientException ex)
            {
                throw new OperatorException(ExitCodes.Configuration, NoCredentials(ex), ex);
            }
        }
        return _aws with { Endpoint = AwsEndpoints.FromEnvironment(service, Environment.GetEnvironmentVariable) };
    }

    public RekognitionClient Rekognition() => new(AwsOptions("rekognition"));

    public KinesisClient Kinesis() => new(AwsOptions("kinesis"));

    /// <summary>S3 through AWSSDK.S3, signed with the same credentials as the other clients.</summary>
    public AmazonS3Client S3()
    {
        var options = AwsOptions("s3");
        return S3Client(options.Region, options.Endpoint, new SdkCredentialsAdapter(options.Credentials), options.Timeout, options.MaxAttempts);
    }

    /// <summary>AWSSDK.S3 for a region (or an endpoint: path-style), signed with <paramref name="credentials"/>.</summary>
    public static AmazonS3Client S3Client(string region, Uri? endpoint, AWSCredentials credentials, TimeSpan timeout, int maxAttempts)
    {
        var config = new AmazonS3Config
        {
            RegionEndpoint = RegionEndpoint.GetBySystemName(region),
            Timeout = timeout,
            MaxErrorRetry = maxAttempts - 1,
            // Plain payload checksums: what every S3-compatible store understands.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (endpoint is not null)
        {
            config.ServiceURL = endpoint.ToString();
            config.AuthenticationRegion = region;
            config.ForcePathStyle = true;
        }
        return new AmazonS3Client(credentials, config);
    }

    internal static string NoCredentials(Exception ex) =>
        "No usable AWS credentials: run `aws configure` (or `aws sso login --profile NAME` and pass --profile NAME), " +
        "or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY. (" + FirstLine(ex.Message).TrimEnd(':', ' ') + ")";

    internal static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }

    /// <summary>Lets AWSSDK.S3 sign with the <see cref="ICredentialSource"/> the other clients use.</summary>
    private sealed class SdkCredentialsAdapter(ICredentialSource source) : AWSCredentials
    {
        public override ImmutableCredentials GetCredentials() => GetCredentialsAsync().GetAwaiter().GetResult();

        public override async Task<ImmutableCredentials> GetCredentialsAsync()
        {
            var credentials = await source.GetCredentialsAsync().ConfigureAwait(false);
            return new ImmutableCredentials(credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken);
        }
    }
}
