using System.Text;
using System.Text.Json.Nodes;
using EyeOfHorus.Aws;
using EyeOfHorus.Testing.Rekognition;

namespace EyeOfHorus.StreamProcessorLifecycle.Tests;

/// <summary>
/// The custom resource function wired to the Rekognition stand-in (taught the stream processor state
/// machine) and to a real HTTP server at the presigned ResponseURL, as CloudFormation would call it.
/// </summary>
public sealed class LifecycleWorld : IAsyncDisposable
{
    public const string Name = "eye-of-horus-front-door";
    public const string Collection = "eye-of-horus-faces";
    public const string VideoArn = "arn:aws:kinesisvideo:us-east-1:123456789012:stream/eye-of-horus-front-door/1700000000000";
    public const string DataArn = "arn:aws:kinesis:us-east-1:123456789012:stream/EyeOfHorus-MatchDataStream";
    public const string RoleArn = "arn:aws:iam::123456789012:role/EyeOfHorus-RekognitionRole";

    private int _requests;

    private LifecycleWorld(RekognitionStandIn rekognition, ResponseUrlServer responses, Function function, List<string> logs)
    {
        Rekognition = rekognition;
        Responses = responses;
        Function = function;
        Logs = logs;
    }

    public RekognitionStandIn Rekognition { get; }
    public ResponseUrlServer Responses { get; }
    public Function Function { get; }
    public List<string> Logs { get; }

    /// <param name="budget">How long the handler may wait in all (default 20 s).</param>
    public static async Task<LifecycleWorld> StartAsync(TimeSpan? budget = null)
    {
        var rekognition = await RekognitionStandIn.StartAsync();
        rekognition.CreateCollection(Collection);
        // Scaled-down AWS: STOPPING/STARTING last 300 ms, a deleted name is refused for 600 ms.
        rekognition.StreamProcessorTransitionTime = TimeSpan.FromMilliseconds(300);
        rekognition.DeletedNameReuseDelay = TimeSpan.FromMilliseconds(600);
        var responses = await ResponseUrlServer.StartAsync();
        var client = new RekognitionClient(new AwsClientOptions
        {
            Region = "us-east-1",
            Endpoint = rekognition.Endpoint,
            Credentials = new StaticCredentialSource(new AwsCredentials("AKIDEXAMPLE", "secret", "token")),
            RetryBaseDelay = TimeSpan.FromMilliseconds(5),
        });
        var logs = new List<string>();
        var function = new Function(
            new ProcessorLifecycle(client, new LifecycleTiming(budget ?? TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(50))),
            new CloudFormationResponder(new HttpClient(), retryDelay: TimeSpan.FromMilliseconds(10)),
            line => { lock (logs) logs.Add(line); });
        return new LifecycleWorld(rekognition, responses, function, logs);
    }

    public static JsonObject Properties(double threshold = 90, string name = Name, string collection = Collection) => new()
    {
        ["ServiceToken"] = "arn:aws:lambda:us-east-1:123456789012:function:EyeOfHorus-StreamProcessorLifecycle",
        ["Name"] = name,
        ["CollectionId"] = collection,
        // CloudFormation hands every property to the function as a string.
        ["FaceMatchThreshold"] = threshold.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["KinesisVideoStreamArn"] = VideoArn,
        ["KinesisDataStreamArn"] = DataArn,
        ["RoleArn"] = RoleArn,
    };

    /// <summary>Sends one request as CloudFormation does and returns what arrived at the ResponseURL.</summary>
    public async Task<JsonObject> SendAsync(string requestType, JsonObject? properties = null, JsonObject? oldProperties = null, string? physicalId = null, string? requestId = null)
    {
        requestId ??= $"req-{Interlocked.Increment(ref _requests)}";
        var before = Responses.Received.Count;
        var request = new JsonObject
        {
            ["RequestType"] = requestType,
            ["ServiceToken"] = "arn:aws:lambda:us-east-1:123456789012:function:EyeOfHorus-StreamProcessorLifecycle",
            ["ResponseURL"] = Responses.UrlFor(requestId).ToString(),
            ["StackId"] = "arn:aws:cloudformation:us-east-1:123456789012:stack/EyeOfHorus/guid",
            ["RequestId"] = requestId,
            ["ResourceType"] = "Custom::StreamProcessor",
            ["LogicalResourceId"] = "StreamProcessorsfrontdoor",
            ["ResourceProperties"] = properties ?? Properties(),
        };
        if (physicalId is not null) request["PhysicalResourceId"] = physicalId;
        if (oldProperties is not null) request["OldResourceProperties"] = oldProperties;
        using var input = new MemoryStream(Encoding.UTF8.GetBytes(request.ToJsonString()));
        using var output = Function.Handle(input);
        var arrived = Responses.Received.Skip(before).Last();
        return JsonNode.Parse(arrived.Body)!.AsObject();
    }

    /// <summary>The stand-in's operations in the order they arrived, e.g. "StopStreamProcessor".</summary>
    public IReadOnlyList<string> Operations => [.. Rekognition.Requests.Select(r => r.Operation)];

    public static string Status(JsonObject response) => response["Status"]!.GetValue<string>();

    public static string Reason(JsonObject response) => response["Reason"]!.GetValue<string>();

    public async ValueTask DisposeAsync()
    {
        await Rekognition.DisposeAsync();
        await Responses.DisposeAsync();
    }
}

internal static class JsonHelpers
{
    public static JsonObject With(this JsonObject o, string key, string value)
    {
        var copy = JsonNode.Parse(o.ToJsonString())!.AsObject();
        copy[key] = value;
        return copy;
    }
}
