using EyeOfHorus.Edge;
using System.CommandLine;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.S3.Model;
using EyeOfHorus.Aws;
using EyeOfHorus.Edge.Analysis;
using EyeOfHorus.Edge.Commands;
using EyeOfHorus.MatchAlerter;
using EyeOfHorus.Recognition.Alerts;
using EyeOfHorus.Testing.Emulators;
using EyeOfHorus.Testing.Rekognition;
using EyeOfHorus.Testing.Sns;
using EyeOfHorus.Contract;

namespace EyeOfHorus.Edge.Tests.Analysis;

/// <summary>
/// Local mode from camera to alert: the same clip as the edge-mode end-to-end test through the real
/// <c>horus publish --analyze</c> with Recognition=local: the authorised photo in s3rver's faces bucket,
/// the project's face engine on the host, records to kinesalite, the real MatchAlerter (dynalite, the SNS
/// stand-in). A Rekognition stand-in is wired in as the edge mode's would be, and must see no request.
/// </summary>
public sealed class LocalModeEndToEndTests(LocalEmulators emulators) : IClassFixture<LocalEmulators>, IAsyncLifetime
{
    private const string Topic = "arn:aws:sns:us-east-1:123456789012:eye-of-horus-alerts";
    private const string DataStreamArnPrefix = "arn:aws:kinesis:us-east-1:123456789012:stream/";

    private static readonly ClipSegment[] Segments =
    [
        ClipSegment.Blank(1), ClipSegment.Face(3, "obama.jpg"), ClipSegment.Blank(2, "ball"), ClipSegment.Face(3, "biden2.jpg"), ClipSegment.Blank(2, "snow"),
    ];

    private readonly string _stream = "matches-" + Guid.NewGuid().ToString("N")[..8];
    private readonly string _bucket = "faces-" + Guid.NewGuid().ToString("N")[..12];
    private readonly string _directory = Directory.CreateTempSubdirectory("horus-local-e2e-").FullName;
    private readonly Dynalite _dynalite = new();
    private readonly SnsStandIn _sns = new();
    private RekognitionStandIn _rekognition = null!;
    private string _clip = null!;

    public async Task InitializeAsync()
    {
        _clip = Path.Combine(_directory, "clip.mkv");
        _rekognition = await RekognitionStandIn.StartAsync();
        using var s3 = LocalAws.S3(emulators.S3rver.Endpoint);
        await s3.PutBucketAsync(new PutBucketRequest { BucketName = _bucket });
        await s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = _bucket, Key = "faces/obama/obama.jpg", UseChunkEncoding = false,
            FilePath = Path.Combine(AppContext.BaseDirectory, "Analysis", "faces", "obama.jpg"),
        });
        await Task.WhenAll(TestClip.BuildAsync(_clip, Segments), LocalAws.CreateStreamAsync(emulators.Kinesalite.Endpoint, _stream),
            _dynalite.StartAsync(), _sns.StartAsync());
    }

    public async Task DisposeAsync()
    {
        await _sns.DisposeAsync();
        await _dynalite.DisposeAsync();
        await _rekognition.DisposeAsync();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task A_known_and_an_unknown_face_become_the_same_two_alerts_as_in_edge_mode_with_no_Rekognition_call()
    {
        var outputs = Path.Combine(_directory, "horus.outputs.json");
        await File.WriteAllTextAsync(outputs, JsonSerializer.Serialize(new Dictionary<string, Dictionary<string, string>>
        {
            ["EyeOfHorus"] = new()
            {
                ["Region"] = LocalAws.Region, ["Recognition"] = "local", ["FacesBucket"] = _bucket,
                ["DataStreamName"] = _stream, ["DataStreamArn"] = DataStreamArnPrefix + _stream, ["AlertTopicArn"] = Topic,
                ["Cameras"] = "front-door", ["CameraStreams"] = "front-door=eye-of-horus-front-door",
            },
        }));
        var video = Path.Combine(_directory, "published.mkv");
        var state = Path.Combine(_directory, "state");
        var extension = new AnalysisExtension((_, _) => new AnalysisClients(
            new RekognitionClient(LocalAws.Options(_rekognition.Endpoint)),
            new KinesisClient(LocalAws.Options(emulators.Kinesalite.Endpoint)),
            LocalAws.S3(emulators.S3rver.Endpoint)), _ => ClipWorld.Engine);
        var root = new RootCommand { PublishCommand.Create(extension) };
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var code = await root.Parse(["publish", "--outputs", outputs, "--source", $"file:{_clip}", "--sink", $"file:{video}",
                "--preset", "low-latency", "--max-restarts", "0", "--status-interval", "0",
                "--state", state])
            .InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, timeout.Token);
        var log = error.ToString();
        Assert.True(code == ExitCodes.Ok, log);
        Assert.True(new FileInfo(video).Length > 10_000, log);
        Assert.Contains("faces: 1 person(s), 1 photo(s) authorised", log, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(state, "faces", "obama", "obama.jpg")), log);

        var records = await LocalAws.ReadAllAsync(new KinesisClient(LocalAws.Options(emulators.Kinesalite.Endpoint)), _stream);
        Assert.True(records.Count >= 2, log);
        Assert.Empty(_rekognition.Requests); // no Rekognition at all

        var table = await CooldownTables.CreateAsync(_dynalite.Endpoint, "eye-of-horus-cooldown");
        var dynamo = CooldownTables.AlerterClient(_dynalite.Endpoint);
        var sns = new SnsClient(LocalAws.Options(_sns.Endpoint));
        var lines = new List<string>();
        // The stack's MatchAlerter in local mode: the local detector's unknown-face bar (LocalModeTests in Infra.Tests).
        var settings = new AlertSettings { UnknownMinConfidence = MatchAlerterEnvironment.LocalEngineUnknownMinConfidence };
        var function = new Function(
            new AlerterConfiguration(Topic, table, null, CameraDirectory.Parse("front-door=eye-of-horus-front-door"), settings),
            dynamo, sns, null, line => { lock (lines) lines.Add(line); });
        using var input = new MemoryStream(EndToEndTests.LambdaEvent(records));
        using var result = function.Handle(input);

        var alerts = _sns.Published.Select(m => (Event: m.MessageAttributes["event"].StringValue, Camera: m.MessageAttributes["camera"].StringValue,
            Person: m.MessageAttributes.TryGetValue("person", out var p) ? p.StringValue : null)).ToList();
        Assert.True(alerts.Count == 2, string.Join("\n", alerts) + "\n" + string.Join("\n", lines) + "\n" + log);
        Assert.Single(alerts, a => a is { Event: "person_recognised", Camera: "front-door", Person: "obama" });
        Assert.Single(alerts, a => a is { Event: "unknown_face", Camera: "front-door" });
        Assert.Empty(_rekognition.Requests);
    }
}
