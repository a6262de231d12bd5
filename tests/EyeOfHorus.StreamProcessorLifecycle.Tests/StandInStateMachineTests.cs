using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using EyeOfHorus.Testing.Rekognition;
using Microsoft.Extensions.Time.Testing;

namespace EyeOfHorus.StreamProcessorLifecycle.Tests;

/// <summary>The Rekognition stand-in's stream processor state machine, on the wire, as the handler meets it.</summary>
public sealed class StandInStateMachineTests : IAsyncLifetime
{
    private const string Video = "arn:aws:kinesisvideo:us-east-1:123456789012:stream/cam/1";
    private RekognitionStandIn _rekognition = null!;
    private readonly HttpClient _http = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero));

    public async Task InitializeAsync()
    {
        _rekognition = await RekognitionStandIn.StartAsync();
        _rekognition.Time = _time;
        _rekognition.CreateCollection("faces");
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _rekognition.DisposeAsync();
    }

    private async Task<(HttpStatusCode Status, JsonObject Body)> PostAsync(string operation, JsonObject body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _rekognition.Endpoint)
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/x-amz-json-1.1"),
        };
        request.Content.Headers.ContentType = new("application/x-amz-json-1.1");
        request.Headers.Add("X-Amz-Target", "RekognitionService." + operation);
        request.Headers.TryAddWithoutValidation("Authorization", "AWS4-HMAC-SHA256 Credential=AKID/20261202/us-east-1/rekognition/aws4_request, SignedHeaders=host, Signature=x");
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonNode.Parse(text.Length == 0 ? "{}" : text)!.AsObject());
    }

    private static JsonObject Create(string name, double threshold = 90, string video = Video) => new()
    {
        ["Name"] = name,
        ["Input"] = new JsonObject { ["KinesisVideoStream"] = new JsonObject { ["Arn"] = video } },
        ["Output"] = new JsonObject { ["KinesisDataStream"] = new JsonObject { ["Arn"] = "arn:aws:kinesis:us-east-1:123456789012:stream/m" } },
        ["RoleArn"] = "arn:aws:iam::123456789012:role/r",
        ["Settings"] = new JsonObject { ["FaceSearch"] = new JsonObject { ["CollectionId"] = "faces", ["FaceMatchThreshold"] = threshold } },
    };

    private static JsonObject Named(string name) => new() { ["Name"] = name };

    private static string Error(JsonObject body) => body["__type"]!.GetValue<string>();

    private async Task<string> StatusAsync(string name) => (await PostAsync("DescribeStreamProcessor", Named(name))).Body["Status"]!.GetValue<string>();

    [Fact]
    public async Task STOPPING_lasts_its_transition_time_and_a_processor_that_is_not_STOPPED_cannot_be_deleted()
    {
        _rekognition.StreamProcessorTransitionTime = TimeSpan.FromSeconds(10);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync("CreateStreamProcessor", Create("cam"))).Status);
        Assert.Equal("STOPPED", await StatusAsync("cam"));
        await PostAsync("StartStreamProcessor", Named("cam"));
        Assert.Equal("ResourceInUseException", Error((await PostAsync("DeleteStreamProcessor", Named("cam"))).Body)); // STARTING
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal("STARTING", await StatusAsync("cam")); // seen once, however long it took
        Assert.Equal("RUNNING", await StatusAsync("cam"));
        Assert.Equal("ResourceInUseException", Error((await PostAsync("DeleteStreamProcessor", Named("cam"))).Body)); // RUNNING

        await PostAsync("StopStreamProcessor", Named("cam"));
        Assert.Equal("STOPPING", await StatusAsync("cam"));
        _time.Advance(TimeSpan.FromSeconds(10) - TimeSpan.FromTicks(1));
        Assert.Equal("STOPPING", await StatusAsync("cam")); // a tick short of the transition time
        Assert.Equal("ResourceInUseException", Error((await PostAsync("DeleteStreamProcessor", Named("cam"))).Body)); // STOPPING
        _time.Advance(TimeSpan.FromTicks(1));
        Assert.Equal("STOPPED", await StatusAsync("cam"));
        Assert.Equal(HttpStatusCode.OK, (await PostAsync("DeleteStreamProcessor", Named("cam"))).Status);
        Assert.Equal("ResourceNotFoundException", Error((await PostAsync("DescribeStreamProcessor", Named("cam"))).Body));
    }

    [Fact]
    public async Task A_deleted_name_is_refused_for_a_few_seconds_then_usable_again()
    {
        _rekognition.DeletedNameReuseDelay = TimeSpan.FromSeconds(3);
        await PostAsync("CreateStreamProcessor", Create("cam"));
        await PostAsync("DeleteStreamProcessor", Named("cam"));

        _time.Advance(TimeSpan.FromSeconds(3) - TimeSpan.FromTicks(1));
        var refused = await PostAsync("CreateStreamProcessor", Create("cam"));
        Assert.Equal((HttpStatusCode.BadRequest, "ResourceInUseException"), (refused.Status, Error(refused.Body)));
        _time.Advance(TimeSpan.FromTicks(1));
        Assert.Equal(HttpStatusCode.OK, (await PostAsync("CreateStreamProcessor", Create("cam"))).Status);
    }

    [Fact]
    public async Task One_processor_per_name_and_per_video_stream_and_thresholds_below_80_become_80()
    {
        var created = await PostAsync("CreateStreamProcessor", Create("cam", threshold: 50));
        Assert.EndsWith(":streamprocessor/cam", created.Body["StreamProcessorArn"]!.GetValue<string>(), StringComparison.Ordinal);

        Assert.Equal("ResourceInUseException", Error((await PostAsync("CreateStreamProcessor", Create("cam"))).Body));
        Assert.Equal("ResourceInUseException", Error((await PostAsync("CreateStreamProcessor", Create("other"))).Body));
        Assert.Equal(HttpStatusCode.OK, (await PostAsync("CreateStreamProcessor", Create("other", video: Video + "0"))).Status);

        var described = (await PostAsync("DescribeStreamProcessor", Named("cam"))).Body;
        Assert.Equal(80, described["Settings"]!["FaceSearch"]!["FaceMatchThreshold"]!.GetValue<double>());
        Assert.False(described["DataSharingPreference"]!["OptIn"]!.GetValue<bool>());
        var unknownCollection = Create("x", video: "v");
        unknownCollection["Settings"]!["FaceSearch"]!["CollectionId"] = "missing";
        Assert.Equal("ResourceNotFoundException", Error((await PostAsync("CreateStreamProcessor", unknownCollection)).Body));
    }

    [Fact]
    public async Task Create_and_delete_answer_AccessDenied_without_streaming_access()
    {
        _rekognition.StreamingAccessDenied = true;
        Assert.Equal("AccessDeniedException", Error((await PostAsync("CreateStreamProcessor", Create("cam"))).Body));
        Assert.Equal("AccessDeniedException", Error((await PostAsync("DeleteStreamProcessor", Named("cam"))).Body));
    }
}
