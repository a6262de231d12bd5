using Microsoft.AspNetCore.WebUtilities;

namespace EyeOfHorus.Aws.Tests;

/// <summary>SNS Publish over the Query protocol against an in-process Kestrel server.</summary>
public sealed class SnsClientTests : IAsyncLifetime
{
    private const string TopicArn = "arn:aws:sns:eu-west-1:123456789012:eye-of-horus-alerts";
    private StubAwsServer _server = null!;

    public async Task InitializeAsync() => _server = await StubAwsServer.StartAsync("sns");

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static string CapturedResponse => Vectors.Read("wire", "sns", "sns-publish-response.lumigo-captured.body.xml");

    [Fact]
    public async Task Publish_sends_the_exact_signed_form_and_reads_the_captured_answer()
    {
        _server.Responder = (_, _, context) => StubAwsServer.Respond(context, 200, "text/xml", CapturedResponse,
            ("x-amzn-requestid", "3e7f7a41-4c85-5f51-8160-2ffb038d8478"));
        var client = new SnsClient(_server.ClientOptions());

        PublishResponse response = await client.PublishAsync(new PublishRequest
        {
            TopicArn = TopicArn,
            Message = """{"default":"Alice seen at front-door","email":"Alice seen at front-door 12:00 & more"}""",
            Subject = "Eye of Horus: Alice seen",
            MessageStructure = "json",
            MessageAttributes = new Dictionary<string, MessageAttributeValue>
            {
                ["event"] = new("String", "person_recognised"),
                ["camera"] = new("String", "front-door"),
                ["similarity"] = new("Number", "97.5"),
            },
        });

        Assert.Equal("72eaeab7-267d-5bac-8eee-bf0d69758085", response.MessageId);
        ReceivedRequest request = Assert.Single(_server.Requests);
        Assert.Equal(("POST", "/"), (request.Method, request.Path));
        Assert.Equal("application/x-www-form-urlencoded; charset=utf-8", request.Header("Content-Type"));
        Assert.Null(request.Header("X-Amz-Target"));
        Assert.Null(request.SignatureProblem);
        Assert.Contains("/eu-west-1/sns/aws4_request", request.Header("Authorization"), StringComparison.Ordinal);
        Assert.Equal(
            "Action=Publish&Version=2010-03-31" +
            "&TopicArn=arn%3Aaws%3Asns%3Aeu-west-1%3A123456789012%3Aeye-of-horus-alerts" +
            "&Message=%7B%22default%22%3A%22Alice%20seen%20at%20front-door%22%2C%22email%22%3A%22Alice%20seen%20at%20front-door%2012%3A00%20%26%20more%22%7D" +
            "&Subject=Eye%20of%20Horus%3A%20Alice%20seen&MessageStructure=json" +
            "&MessageAttributes.entry.1.Name=camera&MessageAttributes.entry.1.Value.DataType=String&MessageAttributes.entry.1.Value.StringValue=front-door" +
            "&MessageAttributes.entry.2.Name=event&MessageAttributes.entry.2.Value.DataType=String&MessageAttributes.entry.2.Value.StringValue=person_recognised" +
            "&MessageAttributes.entry.3.Name=similarity&MessageAttributes.entry.3.Value.DataType=Number&MessageAttributes.entry.3.Value.StringValue=97.5",
            request.BodyText);
    }

    [Theory]
    [InlineData("plain ascii")]
    [InlineData("a+b=c&d;e/f?g#h%i")]
    [InlineData("ünïcödé ሴ 👁 line1\nline2")]
    public async Task Any_message_text_survives_form_encoding(string message)
    {
        _server.Responder = (_, _, context) => StubAwsServer.Respond(context, 200, "text/xml", CapturedResponse);

        await new SnsClient(_server.ClientOptions()).PublishAsync(new PublishRequest { TopicArn = TopicArn, Message = message, Subject = message });

        var form = QueryHelpers.ParseQuery(Assert.Single(_server.Requests).BodyText);
        Assert.Equal(message, form["Message"].ToString());
        Assert.Equal(message, form["Subject"].ToString());
        Assert.Equal(TopicArn, form["TopicArn"].ToString());
        Assert.False(form.ContainsKey("MessageStructure"));
    }

    [Fact]
    public async Task An_ErrorResponse_is_a_service_exception_with_code_message_and_request_id()
    {
        string apprise = Vectors.Read("wire", "sns", "apprise-tests-test_plugin_sns.py.lines369-407.txt");
        int start = apprise.IndexOf("<ErrorResponse", StringComparison.Ordinal);
        string errorXml = apprise[start..(apprise.IndexOf("</ErrorResponse>", StringComparison.Ordinal) + "</ErrorResponse>".Length)];
        _server.Responder = (_, _, context) => StubAwsServer.Respond(context, 400, "text/xml", errorXml);

        var e = await Assert.ThrowsAsync<AwsServiceException>(() =>
            new SnsClient(_server.ClientOptions()).PublishAsync(new PublishRequest { TopicArn = TopicArn, Message = "m" }));

        Assert.Single(_server.Requests);
        Assert.Equal(("sns", "Publish", 400, "InvalidParameter", "b5614883-babe-56ca-93b2-1c592ba6191e"), (e.Service, e.Operation, e.StatusCode, e.ErrorCode, e.RequestId));
        Assert.StartsWith("Invalid parameter: TopicArn or TargetArn Reason:", e.ErrorMessage, StringComparison.Ordinal);
        Assert.False(e.IsRetryable);
    }

    [Fact]
    public async Task Throttling_and_InternalError_are_retried()
    {
        _server.Responder = (_, n, context) => n switch
        {
            1 => StubAwsServer.Respond(context, 400, "text/xml", "<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>r1</RequestId></ErrorResponse>"),
            2 => StubAwsServer.Respond(context, 500, "text/xml", "<ErrorResponse><Error><Type>Receiver</Type><Code>InternalError</Code></Error><RequestId>r2</RequestId></ErrorResponse>"),
            _ => StubAwsServer.Respond(context, 200, "text/xml", CapturedResponse),
        };

        PublishResponse response = await new SnsClient(_server.ClientOptions()).PublishAsync(new PublishRequest { TopicArn = TopicArn, Message = "m" });

        Assert.Equal("72eaeab7-267d-5bac-8eee-bf0d69758085", response.MessageId);
        Assert.Equal(3, _server.Requests.Count);
    }

    [Theory]
    [InlineData("<PublishResponse><PublishResult></PublishResult></PublishResponse>")]
    [InlineData("<PublishResponse><PublishResult><MessageId>x</MessageId>")]
    [InlineData("{\"MessageId\":\"json-not-xml\"}")]
    [InlineData("<OtherResponse><OtherResult><MessageId>x</MessageId></OtherResult></OtherResponse>")]
    public async Task An_unreadable_success_answer_is_outcome_unknown_and_not_retried(string body)
    {
        _server.Responder = (_, _, context) => StubAwsServer.Respond(context, 200, "text/xml", body);

        var e = await Assert.ThrowsAsync<AwsTransportException>(() =>
            new SnsClient(_server.ClientOptions()).PublishAsync(new PublishRequest { TopicArn = TopicArn, Message = "m" }));

        Assert.Single(_server.Requests);
        Assert.True(e.OutcomeUnknown);
    }
}
