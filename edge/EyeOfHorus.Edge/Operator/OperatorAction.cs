using System.CommandLine;
using Amazon.Runtime;
using EyeOfHorus.Aws;
using EyeOfHorus.Edge.Configuration;

namespace EyeOfHorus.Edge.Operator;

/// <summary>
/// Runs an operator command's body and turns every failure the user can meet into one line on
/// stderr that says what to do, and an exit code from <see cref="ExitCodes"/>.
/// </summary>
public static class OperatorAction
{
    public static async Task<int> RunAsync(ParseResult parse, CommonOptions common, CancellationToken cancellationToken,
        Func<OperatorContext, TextWriter, CancellationToken, Task<int>> body)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(common);
        ArgumentNullException.ThrowIfNull(body);
        var error = parse.InvocationConfiguration.Error;
        OperatorContext? context = null;
        try
        {
            context = common.Resolve(parse);
            return await body(context, parse.InvocationConfiguration.Output, cancellationToken).ConfigureAwait(false);
        }
        catch (OperatorException ex)
        {
            return Fail(error, ex.ExitCode, ex.Message);
        }
        catch (DeployOutputsException ex)
        {
            return Fail(error, ExitCodes.Configuration, ex.Message);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return Fail(error, ExitCodes.Interrupted, "interrupted.");
        }
        catch (AwsServiceException ex)
        {
            return Fail(error, AwsAdvice.ExitCode(ex.ErrorCode), AwsAdvice.Explain(ex.ErrorCode, ex.Service, ex.Operation, ex.ErrorMessage, context));
        }
        catch (AwsTransportException ex)
        {
            return Fail(error, ExitCodes.AwsError,
                $"could not reach AWS {ex.Service} ({ex.Operation}) after {ex.Attempts} attempt(s): check the network/proxy and the region{RegionNote(context)}. ({OperatorContext.FirstLine(ex.Message)})");
        }
        catch (AmazonServiceException ex)
        {
            var code = ex.ErrorCode ?? ex.StatusCode.ToString();
            return Fail(error, AwsAdvice.ExitCode(code), AwsAdvice.Explain(code, "s3", "", ex.Message, context));
        }
        catch (AmazonClientException ex)
        {
            return Fail(error, ExitCodes.Configuration, OperatorContext.NoCredentials(ex));
        }
        catch (HttpRequestException ex)
        {
            return Fail(error, ExitCodes.AwsError, $"could not reach AWS: {ex.Message} Check the network/proxy and the region{RegionNote(context)}.");
        }
    }

    private static int Fail(TextWriter error, int exitCode, string message)
    {
        error.WriteLine("horus: " + message);
        return exitCode;
    }

    internal static string RegionNote(OperatorContext? context)
    {
        try
        {
            return context is null ? "" : $" (using {context.Region})";
        }
        catch (OperatorException)
        {
            return "";
        }
    }
}

/// <summary>What an AWS error code means for an operator, and what to do about it.</summary>
public static class AwsAdvice
{
    private static readonly HashSet<string> CredentialCodes = new(StringComparer.Ordinal)
    {
        "UnrecognizedClientException", "InvalidSignatureException", "InvalidClientTokenId", "ExpiredTokenException",
        "ExpiredToken", "InvalidAccessKeyId", "SignatureDoesNotMatch", "InvalidToken", "MissingAuthenticationToken",
        "IncompleteSignature",
    };

    private static readonly HashSet<string> NotDeployedCodes = new(StringComparer.Ordinal)
    {
        "ResourceNotFoundException", "NoSuchBucket",
    };

    private static readonly HashSet<string> WrongRegionCodes = new(StringComparer.Ordinal)
    {
        "PermanentRedirect", "AuthorizationHeaderMalformed", "IllegalLocationConstraintException",
    };

    public static int ExitCode(string errorCode) =>
        CredentialCodes.Contains(errorCode) || NotDeployedCodes.Contains(errorCode) || WrongRegionCodes.Contains(errorCode)
        || IsAccessDenied(errorCode)
            ? ExitCodes.Configuration
            : ExitCodes.AwsError;

    public static bool IsAccessDenied(string errorCode) => errorCode is "AccessDeniedException" or "AccessDenied";

    public static string Explain(string errorCode, string service, string operation, string? awsMessage, OperatorContext? context)
    {
        var region = OperatorAction.RegionNote(context);
        var said = $"({service}{(operation.Length > 0 ? " " + operation : "")}: {errorCode}{(string.IsNullOrEmpty(awsMessage) ? "" : ": " + awsMessage)})";
        if (CredentialCodes.Contains(errorCode))
            return $"AWS rejected the credentials: refresh them (`aws sso login`, new keys) or choose another --profile. {said}";
        if (WrongRegionCodes.Contains(errorCode))
            return $"wrong region{region}: the bucket lives in another region; pass the deploy outputs file or --region. {said}";
        if (NotDeployedCodes.Contains(errorCode))
            return $"not found{region}: is the stack deployed in this region and account? {DeployOutputs.DeployHint} {said}";
        if (IsAccessDenied(errorCode))
            return $"AWS denied this to the current identity: use a profile whose role has the permission (--profile). {said}";
        return $"AWS answered with an error {said}";
    }
}
