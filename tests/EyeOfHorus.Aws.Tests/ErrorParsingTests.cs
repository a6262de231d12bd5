using System.Text;

namespace EyeOfHorus.Aws.Tests;

/// <summary>How an error answer becomes an <see cref="AwsServiceException"/>: which of the places a service may put the code, message and request id wins.</summary>
public sealed class ErrorParsingTests
{
    private static AwsHttpResponse Response(int status, string body, params (string Name, string Value)[] headers)
    {
        using var message = new HttpResponseMessage();
        foreach ((string name, string value) in headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }
        return new AwsHttpResponse(status, message.Headers, Encoding.UTF8.GetBytes(body));
    }

    [Fact]
    public void Json_the_error_type_header_wins_over_the_body_and_code_wins_over_type()
    {
        AwsServiceException fromHeader = JsonProtocol.ParseError("kinesis", "PutRecords",
            Response(400, """{"__type":"com.amazon#TypeInBody","code":"CodeInBody"}""", ("X-Amzn-ErrorType", "HeaderCode:http://internal.amazon.com/")));
        Assert.Equal("HeaderCode", fromHeader.ErrorCode);

        AwsServiceException fromBody = JsonProtocol.ParseError("kinesis", "PutRecords",
            Response(400, """{"__type":"com.amazon#TypeInBody","code":"CodeInBody"}"""));
        Assert.Equal("CodeInBody", fromBody.ErrorCode);
        Assert.Equal("TypeInBody", JsonProtocol.ParseError("kinesis", "PutRecords", Response(400, """{"__type":"com.amazon#TypeInBody"}""")).ErrorCode);
    }

    [Fact]
    public void Json_request_id_and_message_come_from_either_spelling()
    {
        AwsServiceException both = JsonProtocol.ParseError("dynamodb", "GetItem",
            Response(400, """{"__type":"X","message":"lower","Message":"Upper"}""", ("x-amzn-RequestId", "amzn-id"), ("x-amz-request-id", "amz-id")));
        Assert.Equal("amzn-id", both.RequestId);
        Assert.Equal("lower", both.ErrorMessage);

        AwsServiceException other = JsonProtocol.ParseError("dynamodb", "GetItem",
            Response(400, """{"__type":"X","Message":"Upper"}""", ("x-amz-request-id", "amz-id")));
        Assert.Equal("amz-id", other.RequestId);
        Assert.Equal("Upper", other.ErrorMessage);
    }

    [Fact]
    public void Query_an_ErrorResponse_gives_code_message_and_the_body_request_id_when_no_header_has_one()
    {
        AwsServiceException e = QueryProtocol.ParseError("sns", "Publish", Response(400,
            "<ErrorResponse><Error><Type>Sender</Type><Code>InvalidParameter</Code><Message>bad topic</Message></Error><RequestId>body-id</RequestId></ErrorResponse>"));
        Assert.Equal(("InvalidParameter", "bad topic", "body-id"), (e.ErrorCode, e.ErrorMessage, e.RequestId));

        AwsServiceException header = QueryProtocol.ParseError("sns", "Publish", Response(400,
            "<ErrorResponse><Error><Code>InvalidParameter</Code></Error><RequestId>body-id</RequestId></ErrorResponse>", ("x-amzn-RequestId", "header-id")));
        Assert.Equal("header-id", header.RequestId);
        Assert.Null(header.ErrorMessage);
    }

    [Fact]
    public void Query_a_bare_Error_root_and_the_RequestID_spelling_are_read()
    {
        AwsServiceException e = QueryProtocol.ParseError("sns", "Publish", Response(403,
            "<Error><Code>AccessDenied</Code><Message>no</Message><RequestID>upper-id</RequestID></Error>"));
        Assert.Equal(("AccessDenied", "no", "upper-id"), (e.ErrorCode, e.ErrorMessage, e.RequestId));
    }

    [Theory]
    [InlineData("")]
    [InlineData("<html><body>Bad Gateway</body></html>")]
    [InlineData("<ErrorResponse><RequestId>r</RequestId></ErrorResponse>")]
    [InlineData("<ErrorResponse><Error><Code> </Code></Error></ErrorResponse>")]
    [InlineData("not xml")]
    public void Query_without_a_readable_code_is_named_by_the_status(string body)
    {
        AwsServiceException e = QueryProtocol.ParseError("sns", "Publish", Response(502, body));
        Assert.Equal("502", e.ErrorCode);
        Assert.Equal(502, e.StatusCode);
    }

    [Fact]
    public void Query_a_success_answer_for_another_operation_is_refused()
    {
        var e = Assert.Throws<InvalidDataException>(() => QueryProtocol.Result(Encoding.UTF8.GetBytes("<ListTopicsResponse><ListTopicsResult/></ListTopicsResponse>"), "Publish"));
        Assert.Equal("Expected <PublishResponse>, got <ListTopicsResponse>.", e.Message);
        var missing = Assert.Throws<InvalidDataException>(() => QueryProtocol.Result(Encoding.UTF8.GetBytes("<PublishResponse><ResponseMetadata/></PublishResponse>"), "Publish"));
        Assert.Equal("<PublishResponse> has no <PublishResult>.", missing.Message);
    }
}
