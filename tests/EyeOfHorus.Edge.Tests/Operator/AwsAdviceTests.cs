using EyeOfHorus.Edge.Operator;

namespace EyeOfHorus.Edge.Tests.Operator;

/// <summary>What an operator is told for the AWS errors that mean "fix your setup".</summary>
public sealed class AwsAdviceTests
{
    [Theory]
    [InlineData("UnrecognizedClientException", "AWS rejected the credentials: refresh them")]
    [InlineData("ExpiredTokenException", "AWS rejected the credentials: refresh them")]
    [InlineData("InvalidAccessKeyId", "AWS rejected the credentials: refresh them")]
    [InlineData("PermanentRedirect", "wrong region: the bucket lives in another region")]
    [InlineData("AuthorizationHeaderMalformed", "wrong region: the bucket lives in another region")]
    [InlineData("ResourceNotFoundException", "not found: is the stack deployed in this region and account?")]
    [InlineData("NoSuchBucket", "not found: is the stack deployed in this region and account?")]
    [InlineData("AccessDeniedException", "AWS denied this to the current identity")]
    public void Setup_errors_exit_3_and_say_what_to_do(string code, string advice)
    {
        Assert.Equal(ExitCodes.Configuration, AwsAdvice.ExitCode(code));
        var message = AwsAdvice.Explain(code, "kinesis", "ListShards", "the service's words", context: null);
        Assert.StartsWith(advice, message, StringComparison.Ordinal);
        Assert.EndsWith($"(kinesis ListShards: {code}: the service's words)", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("InternalFailure")]
    [InlineData("ValidationException")]
    public void Other_errors_exit_4_with_the_services_words(string code)
    {
        Assert.Equal(ExitCodes.AwsError, AwsAdvice.ExitCode(code));
        Assert.Equal($"AWS answered with an error (rekognition ListFaces: {code}: boom)", AwsAdvice.Explain(code, "rekognition", "ListFaces", "boom", null));
    }
}
