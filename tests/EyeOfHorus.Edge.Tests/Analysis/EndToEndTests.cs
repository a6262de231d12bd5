using EyeOfHorus.Edge;
using System.CommandLine;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EyeOfHorus.Aws;
using EyeOfHorus.Edge.Analysis;
using EyeOfHorus.Edge.Commands;
using EyeOfHorus.Edge.Pipeline;
using EyeOfHorus.MatchAlerter;
using EyeOfHorus.Recognition.Alerts;
using EyeOfHorus.Testing.Emulators;
using EyeOfHorus.Testing.Sns;

namespace EyeOfHorus.Edge.Tests.Analysis;

/// <summary>
/// The edge recognition from camera to alert: the clip played through the real <c>horus publish --analyze</c>
/// (GStreamer in real time, gating by the project's face engine, the Rekognition stand-in recognising with the
/// same engine, kinesalite, s3rver), the records read back from the data stream into a Lambda Kinesis event,
/// and the real MatchAlerter at the deployment's threshold (dynalite, the SNS stand-in).
/// </summary>
public sealed class EndToEndTests(LocalEmulators emulators) : IClassFixture<LocalEmulators>, IAsyncLifetime
{
    private const string Topic = "arn:aws:sns:us-east-1:123456789012:eye-of-horus-alerts";
    private const string DataStreamArnPrefix = "arn:aws:kinesis:us-east-1:123456789012:stream/";

    private static readonly ClipSegment[] Segments =
    [
        ClipSegment.Blank(1), ClipSegment.Face(3, ClipWorld.Known), ClipSegment.Blank(2, "ball"), ClipSegment.Face(3, ClipWorld.Stranger), ClipSegment.Blank(2, "snow"),
    ];

    private readonly string _stream = "matches-" + Guid.NewGuid().ToString("N")[..8];
    private readonly Dynalite _dynalite = new();
    private readonly SnsStandIn _sns = new();
    private ClipWorld _world = null!;
    private string _clip = null!;

    public async Task InitializeAsync()
    {
        _world = await ClipWorld.StartAsync();
        _clip = Path.Combine(_world.Directory, "clip.mkv");
        await Task.WhenAll(TestClip.BuildAsync(_clip, Segments), LocalAws.CreateStreamAsync(emulators.Kinesalite.Endpoint, _stream),
            _dynalite.StartAsync(), _sns.StartAsync());
    }

    public async Task DisposeAsync()
    {
        await _sns.DisposeAsync();
        await _dynalite.DisposeAsync();
        await _world.DisposeAsync();
    }

    [Fact]
    public async Task A_known_and_an_unknown_face_on_camera_become_one_alert_each()
    {
        // 1. horus publish --analyze, as the camera host runs it, the video to a local file.
        var outputs = Path.Combine(_world.Directory, "horus.outputs.json");
        await File.WriteAllTextAsync(outputs, JsonSerializer.Serialize(new Dictionary<string, Dictionary<string, string>>
        {
            ["EyeOfHorus"] = new()
            {
                ["Region"] = LocalAws.Region, ["Recognition"] = "edge", ["FacesBucket"] = LocalEmulators.Bucket, ["CollectionId"] = ClipWorld.CollectionId,
                ["DataStreamName"] = _stream, ["DataStreamArn"] = DataStreamArnPrefix + _stream, ["AlertTopicArn"] = Topic,
                ["Cameras"] = "front-door", ["CameraStreams"] = "front-door=eye-of-horus-front-door",
            },
        }));
        var video = Path.Combine(_world.Directory, "published.mkv");
        var extension = new AnalysisExtension((_, region) => new AnalysisClients(
            new RekognitionClient(LocalAws.Options(_world.Rekognition.Endpoint)),
            new KinesisClient(LocalAws.Options(emulators.Kinesalite.Endpoint)),
            LocalAws.S3(emulators.S3rver.Endpoint)), _ => ClipWorld.Engine);
        var root = new RootCommand { PublishCommand.Create(extension) };
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var code = await root.Parse(["publish", "--outputs", outputs, "--source", $"file:{_clip}", "--sink", $"file:{video}",
                "--preset", "low-latency", "--max-restarts", "0", "--status-interval", "0"])
            .InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, timeout.Token);
        var log = error.ToString();
        Assert.True(code == ExitCodes.Ok, log);
        Assert.True(new FileInfo(video).Length > 10_000, log); // the video still went where it was sent

        // 2. What reached the data stream.
        var records = await LocalAws.ReadAllAsync(new KinesisClient(LocalAws.Options(emulators.Kinesalite.Endpoint)), _stream);
        Assert.True(records.Count >= 2, log);
        var sampled = (Segments.Sum(s => s.Seconds) - 1) * 2; // 2 fps; allow a second lost at start-up
        var searches = _world.Rekognition.CallCount("SearchFacesByImage");
        Assert.InRange(searches, 2, 4);              // each new face once (a lost track may cost one more)
        Assert.True(searches * 4 < sampled, $"{searches} searches for ~{sampled} sampled frames\n{log}");
        Assert.Contains("analysis: frames ", log, StringComparison.Ordinal);

        // 3. The Lambda Kinesis event (the aws-lambda-dotnet shape) into the real MatchAlerter.
        var table = await CooldownTables.CreateAsync(_dynalite.Endpoint, "eye-of-horus-cooldown");
        var dynamo = CooldownTables.AlerterClient(_dynalite.Endpoint);
        var sns = new SnsClient(LocalAws.Options(_sns.Endpoint));
        var lines = new List<string>();
        var function = new Function(
            new AlerterConfiguration(Topic, table, null, CameraDirectory.Parse("front-door=eye-of-horus-front-door"), new AlertSettings()),
            dynamo, sns, null, line => { lock (lines) lines.Add(line); });
        using var input = new MemoryStream(LambdaEvent(records));
        using var result = function.Handle(input);

        var alerts = _sns.Published.Select(m => (Event: m.MessageAttributes["event"].StringValue, Camera: m.MessageAttributes["camera"].StringValue,
            Person: m.MessageAttributes.TryGetValue("person", out var p) ? p.StringValue : null)).ToList();
        Assert.True(alerts.Count == 2, string.Join("\n", alerts) + "\n" + string.Join("\n", lines) + "\n" + log);
        Assert.Single(alerts, a => a is { Event: "person_recognised", Camera: "front-door", Person: "obama" });
        Assert.Single(alerts, a => a is { Event: "unknown_face", Camera: "front-door" });
        Assert.All(_sns.Published, m => Assert.Equal(Topic, m.TopicArn));
    }

    internal static byte[] LambdaEvent(IReadOnlyList<EyeOfHorus.Aws.Record> records)
    {
        var array = new JsonArray();
        foreach (var r in records)
        {
            array.Add(new JsonObject
            {
                ["kinesis"] = new JsonObject
                {
                    ["kinesisSchemaVersion"] = "1.0",
                    ["partitionKey"] = r.PartitionKey,
                    ["sequenceNumber"] = r.SequenceNumber,
                    ["data"] = Convert.ToBase64String(r.Data!),
                    ["approximateArrivalTimestamp"] = r.ApproximateArrivalTimestamp is { } t ? t.ToUnixTimeMilliseconds() / 1000.0 : 0,
                },
                ["eventSource"] = "aws:kinesis",
                ["eventVersion"] = "1.0",
                ["eventID"] = $"shardId-000000000000:{r.SequenceNumber}",
                ["eventName"] = "aws:kinesis:record",
                ["invokeIdentityArn"] = "arn:aws:iam::123456789012:role/LambdaRole",
                ["awsRegion"] = LocalAws.Region,
                ["eventSourceARN"] = DataStreamArnPrefix + "eye-of-horus-matches",
            });
        }
        return Encoding.UTF8.GetBytes(new JsonObject { ["Records"] = array }.ToJsonString());
    }
}
