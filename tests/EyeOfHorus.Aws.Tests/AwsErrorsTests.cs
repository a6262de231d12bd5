namespace EyeOfHorus.Aws.Tests;

/// <summary>
/// The retry decision per (service, code, status), the code normalisation at its edges, and the
/// messages callers log: one row per rule, including the status right at the 5xx boundary.
/// </summary>
public sealed class AwsErrorsTests
{
    [Theory]
    // service, code, status, throttling, retryable
    [InlineData("rekognition", "ThrottlingException", 400, true, true)]
    [InlineData("sns", "Throttling", 400, true, true)]
    [InlineData("kinesis", "ProvisionedThroughputExceededException", 400, true, true)]
    [InlineData("rekognition", "SomethingNew", 429, true, true)]
    [InlineData("kinesis", "LimitExceededException", 400, true, true)]
    [InlineData("Kinesis", "LimitExceededException", 400, true, true)]
    [InlineData("rekognition", "LimitExceededException", 400, false, false)]
    [InlineData("sns", "SomethingNew", 500, false, true)]
    [InlineData("sns", "SomethingNew", 501, false, true)]
    [InlineData("sns", "SomethingNew", 499, false, false)]
    [InlineData("sns", "InternalError", 400, false, true)]
    [InlineData("rekognition", "RequestTimeout", 408, false, true)]
    [InlineData("rekognition", "InvalidParameterException", 400, false, false)]
    [InlineData("rekognition", "", 400, false, false)]
    public void Each_code_and_status_has_one_retry_decision(string service, string code, int status, bool throttling, bool retryable)
    {
        Assert.Equal(throttling, AwsErrors.IsThrottling(service, code, status));
        Assert.Equal(retryable, AwsErrors.IsRetryable(service, code, status));
        var error = new AwsServiceException(service, "Op", status, code, null, null);
        Assert.Equal((throttling, retryable), (error.IsThrottling, error.IsRetryable));
    }

    [Theory]
    [InlineData("ThrottlingException", "ThrottlingException")]
    [InlineData("  com.amazonaws.rekognition#ImageTooLargeException:http://internal.amazon.com/coral/ ", "ImageTooLargeException")]
    [InlineData("InvalidParameter:http://example/", "InvalidParameter")]
    [InlineData("#Leading", "Leading")]
    [InlineData(":http://only-a-uri", "")]
    [InlineData("a#b#c", "c")]
    public void Error_codes_lose_namespace_and_uri(string raw, string code) =>
        Assert.Equal(code, AwsErrors.NormaliseCode(raw));

    [Fact]
    public void A_null_code_is_an_argument_error() =>
        Assert.Throws<ArgumentNullException>(() => AwsErrors.NormaliseCode(null!));

    [Fact]
    public void The_service_exception_message_names_the_call_the_status_the_code_the_message_and_the_request_id()
    {
        var full = new AwsServiceException("sns", "Publish", 400, "InvalidParameter", "req-1", "Bad topic");
        var bare = new AwsServiceException("sns", "Publish", 503, "503", null, "");

        Assert.Equal("sns Publish failed: HTTP 400 InvalidParameter: Bad topic (request id req-1)", full.Message);
        Assert.Equal("sns Publish failed: HTTP 503 503", bare.Message);
        Assert.Equal(("sns", "Publish", 400, "InvalidParameter", "req-1", "Bad topic"),
            (full.Service, full.Operation, full.StatusCode, full.ErrorCode, full.RequestId, full.ErrorMessage));
    }

    [Fact]
    public void The_transport_exception_says_the_outcome_is_unknown()
    {
        var inner = new IOException("reset");
        var e = new AwsTransportException("kinesis", "PutRecord", 3, "network failure (reset)", inner);

        Assert.Equal("kinesis PutRecord: network failure (reset) after 3 attempt(s); the outcome is unknown.", e.Message);
        Assert.Equal(("kinesis", "PutRecord", 3, true), (e.Service, e.Operation, e.Attempts, e.OutcomeUnknown));
        Assert.Same(inner, e.InnerException);
    }
}
