using System.Net;
using System.Xml.Linq;
using EyeOfHorus.Testing.Sns;

namespace EyeOfHorus.MatchAlerter.Tests.Sns;

// The stand-in over raw HTTP (the Query protocol as SNS documents it); the SigV4-signing
// SnsClient is exercised against it by the alerter tests.
public sealed class SnsStandInTests : IAsyncLifetime
{
    private const string Topic = "arn:aws:sns:us-east-1:123456789012:alerts";
    private readonly SnsStandIn _sns = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };

    public Task InitializeAsync() => _sns.StartAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _sns.DisposeAsync();
    }

    private async Task<(HttpStatusCode Status, XElement Body)> PostAsync(IEnumerable<KeyValuePair<string, string>> form, bool signed = true, HttpClient? http = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _sns.Endpoint) { Content = new FormUrlEncodedContent(form) };
        if (signed)
        {
            request.Headers.TryAddWithoutValidation("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261125/us-east-1/sns/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc");
            request.Headers.TryAddWithoutValidation("X-Amz-Date", "20261125T090000Z");
        }
        using var response = await (http ?? _http).SendAsync(request);
        return (response.StatusCode, XElement.Parse(await response.Content.ReadAsStringAsync()));
    }

    private static List<KeyValuePair<string, string>> Publish(string message = """{"default":"Alice seen","sms":"Alice"}""", string? subject = "Alice seen at front-door") =>
    [
        new("Action", "Publish"), new("Version", "2010-03-31"), new("TopicArn", Topic), new("Message", message),
        new("MessageStructure", "json"),
        new("MessageAttributes.entry.1.Name", "event"), new("MessageAttributes.entry.1.Value.DataType", "String"),
        new("MessageAttributes.entry.1.Value.StringValue", "person_recognised"),
        .. subject is null ? Array.Empty<KeyValuePair<string, string>>() : [new("Subject", subject)],
    ];

    private static string? Child(XElement e, params string[] path)
    {
        foreach (var name in path) e = e.Element(XName.Get(name, SnsStandIn.Namespace))!;
        return e?.Value;
    }

    [Fact]
    public async Task Publish_records_the_message_and_answers_with_its_message_id()
    {
        var (status, body) = await PostAsync(Publish());
        Assert.Equal(HttpStatusCode.OK, status);
        var published = Assert.Single(_sns.Published);
        Assert.Equal(published.MessageId, Child(body, "PublishResult", "MessageId"));
        Assert.Equal(Topic, published.TopicArn);
        Assert.Equal("Alice seen at front-door", published.Subject);
        Assert.Equal("Alice", published.MessageFor("sms"));
        Assert.Equal("Alice seen", published.MessageFor("email"));
        Assert.Equal(("String", "person_recognised"), published.MessageAttributes["event"]);
    }

    [Theory]
    [InlineData(SnsFault.Throttle, HttpStatusCode.BadRequest, "Throttling")]
    [InlineData(SnsFault.InternalError, HttpStatusCode.InternalServerError, "InternalError")]
    [InlineData(SnsFault.ServiceUnavailable, HttpStatusCode.ServiceUnavailable, "ServiceUnavailable")]
    public async Task Rejecting_faults_answer_an_sns_error_and_publish_nothing(SnsFault fault, HttpStatusCode expectedStatus, string expectedCode)
    {
        _sns.EnqueueFaults(fault);
        var (status, body) = await PostAsync(Publish());
        Assert.Equal(expectedStatus, status);
        Assert.Equal("ErrorResponse", body.Name.LocalName);
        Assert.Equal(expectedCode, Child(body, "Error", "Code"));
        Assert.Empty(_sns.Published);
        var (after, _) = await PostAsync(Publish());
        Assert.Equal(HttpStatusCode.OK, after);
        Assert.Single(_sns.Published);
    }

    [Fact]
    public async Task Timeout_after_accepting_publishes_then_never_answers()
    {
        _sns.EnqueueFaults(SnsFault.TimeoutAfterAccepting);
        using var impatient = new HttpClient { Timeout = TimeSpan.FromMilliseconds(300) };
        await Assert.ThrowsAsync<TaskCanceledException>(() => PostAsync(Publish(), http: impatient));
        Assert.Equal(SnsFault.TimeoutAfterAccepting, Assert.Single(_sns.Published).Fault);
    }

    [Fact]
    public async Task The_fault_policy_applies_after_queued_faults()
    {
        _sns.FaultPolicy = () => SnsFault.Throttle;
        _sns.EnqueueFaults(SnsFault.None);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(Publish())).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync(Publish())).Status);
        Assert.Equal(2, _sns.RequestCount);
    }

    [Theory]
    [InlineData("""{"sms":"x"}""", "Alice", "No default entry")]
    [InlineData("not json", "Alice", "failed to parse")]
    [InlineData("""{"default":"x"}""", "two\nlines", "Subject")]
    public async Task Invalid_publishes_are_rejected_as_sns_rejects_them(string message, string subject, string expected)
    {
        var (status, body) = await PostAsync(Publish(message, subject));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("InvalidParameter", Child(body, "Error", "Code"));
        Assert.Contains(expected, Child(body, "Error", "Message"), StringComparison.Ordinal);
        Assert.Empty(_sns.Published);
    }

    [Fact]
    public async Task Unsigned_requests_are_refused()
    {
        var (status, body) = await PostAsync(Publish(), signed: false);
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("IncompleteSignature", Child(body, "Error", "Code"));
        Assert.Empty(_sns.Published);
    }
}
