using System.Text;
using System.Text.Json;
using EyeOfHorus.Recognition;
using EyeOfHorus.Testing.Emulators;

namespace EyeOfHorus.Edge.Tests.Operator;

/// <summary><c>horus watch</c> as a user sees it: the built CLI against kinesalite, records put by the test.</summary>
public sealed class WatchCliTests : IAsyncLifetime
{
    private const string Stream = "eye-of-horus-matches";
    private readonly Kinesalite _kinesalite = new();
    private KinesisTestKit _kit = null!;
    private OutputsFolder _folder = null!;
    private Dictionary<string, string?> _env = null!;

    // 2025-11-25 09:12:03.455 UTC
    private const double FrameTime = 1_764_061_923.455;

    public async Task InitializeAsync()
    {
        await _kinesalite.StartAsync();
        _kit = new KinesisTestKit(_kinesalite.Endpoint);
        await _kit.CreateStreamAsync(Stream, 2);
        _folder = new OutputsFolder(new Dictionary<string, string>
        {
            ["Region"] = KinesisTestKit.Region,
            ["Recognition"] = "stream-processor",
            ["DataStreamName"] = Stream,
            ["Cameras"] = "front-door,garage",
            ["CameraStreams"] = "front-door=eye-of-horus-front-door,garage=eye-of-horus-garage",
        });
        _env = HorusProcess.Environment();
        _env["AWS_ENDPOINT_URL_KINESIS"] = _kinesalite.Endpoint.ToString();
    }

    public async Task DisposeAsync()
    {
        _folder.Dispose();
        _kit.Dispose();
        await _kinesalite.DisposeAsync();
    }

    private async Task PutSampleRecordsAsync()
    {
        var shards = await _kit.ShardsAsync(Stream);
        await _kit.PutToShardAsync(Stream, shards[0].ShardId!,
            Matches.StreamProcessor("eye-of-horus-front-door", FaceNaming.Encode("Alice Smith", "alice.jpg"), 99.47, FrameTime));
        await _kit.PutToShardAsync(Stream, shards[1].ShardId!, Matches.Edge("garage", null, producerTimestamp: FrameTime + 1));
        await _kit.PutToShardAsync(Stream, shards[1].ShardId!, Encoding.UTF8.GetBytes("{\"not\": \"a match record\"}"));
    }

    [Fact]
    public async Task Prints_one_line_per_face_and_exits_cleanly_on_ctrl_c()
    {
        await using var horus = HorusProcess.Start(_env, _folder.Path, "watch");
        await horus.WaitForLineAsync(stderr: true, l => l.StartsWith("watching", StringComparison.Ordinal));
        await PutSampleRecordsAsync();
        await horus.WaitForLineAsync(stderr: false, l => l.Contains("garage", StringComparison.Ordinal));
        await horus.WaitForLineAsync(stderr: false, l => l.Contains("front-door", StringComparison.Ordinal));
        await horus.WaitForLineAsync(stderr: true, l => l.Contains("skipped record", StringComparison.Ordinal));

        horus.Interrupt();
        await horus.WaitForExitAsync(TimeSpan.FromSeconds(10));

        Assert.True(horus.ExitCode == 0, horus.Transcript);
        Assert.Contains("2025-11-25 09:12:03.455Z  front-door  Alice Smith  99.5%", horus.Stdout);
        Assert.Contains("2025-11-25 09:12:04.455Z  garage  unknown", horus.Stdout);
        Assert.Equal(2, horus.Stdout.Count);
        Assert.Equal("watching eye-of-horus-matches (2 shards) from now; Ctrl-C to stop.", horus.Stderr[0]);
        Assert.Contains(horus.Stderr, l => l.StartsWith("horus: skipped record ", StringComparison.Ordinal) && l.Contains("Not a match record", StringComparison.Ordinal));
        Assert.Equal("stopped.", horus.Stderr[^1]);
    }

    [Fact]
    public async Task Json_lines_for_one_camera_from_a_time_in_the_past()
    {
        await PutSampleRecordsAsync();
        await using var horus = HorusProcess.Start(_env, _folder.Path, "watch", "--json", "--since", "10m", "--camera", "front-door");
        var line = await horus.WaitForLineAsync(stderr: false, l => l.StartsWith('{'));
        // the garage record is further on in its shard: give the watcher time to pass it
        await Task.Delay(1500);
        horus.Interrupt();
        await horus.WaitForExitAsync(TimeSpan.FromSeconds(10));

        Assert.True(horus.ExitCode == 0, horus.Transcript);
        Assert.Single(horus.Stdout);
        using var json = JsonDocument.Parse(line);
        var root = json.RootElement;
        Assert.Equal("2025-11-25T09:12:03.455Z", root.GetProperty("time").GetString());
        Assert.Equal("front-door", root.GetProperty("camera").GetString());
        Assert.Equal("Alice Smith", root.GetProperty("person").GetString());
        Assert.Equal("alice.jpg", root.GetProperty("photo").GetString());
        Assert.Equal(99.47, root.GetProperty("similarity").GetDouble());
        Assert.Equal("shardId-000000000000", root.GetProperty("shardId").GetString());
        Assert.Equal(0.05625, root.GetProperty("boundingBox").GetProperty("width").GetDouble());
    }

    [Fact]
    public async Task Unknown_faces_are_json_with_a_null_person()
    {
        await using var horus = HorusProcess.Start(_env, _folder.Path, "watch", "--json");
        await horus.WaitForLineAsync(stderr: true, l => l.StartsWith("watching", StringComparison.Ordinal));
        await PutSampleRecordsAsync();
        var line = await horus.WaitForLineAsync(stderr: false, l => l.Contains("garage", StringComparison.Ordinal));
        horus.Interrupt();
        await horus.WaitForExitAsync(TimeSpan.FromSeconds(10));

        using var json = JsonDocument.Parse(line);
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("person").ValueKind);
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("similarity").ValueKind);
    }

    [Fact]
    public async Task A_stream_that_is_not_deployed_says_so()
    {
        var horus = await HorusProcess.RunAsync(_env, _folder.Path, "watch", "--data-stream", "not-deployed", "--region", "eu-west-1");
        Assert.Equal(3, horus.ExitCode);
        Assert.Equal(2, horus.Stderr.Count);
        Assert.Equal("horus: warning: the stack was deployed to us-east-1 (outputs file) but --region says eu-west-1; using eu-west-1.", horus.Stderr[0]);
        var message = horus.Stderr[1];
        Assert.StartsWith("horus: no data stream not-deployed (using eu-west-1): is the stack deployed", message, StringComparison.Ordinal);
        Assert.Contains("npx cdk deploy --outputs-file horus.outputs.json", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_outputs_file_points_to_the_deploy_command()
    {
        var horus = await HorusProcess.RunAsync(_env, _folder.Path, "watch", "--outputs", "elsewhere/horus.outputs.json");
        Assert.Equal(3, horus.ExitCode);
        var message = Assert.Single(horus.Stderr);
        Assert.Contains("No deploy outputs at", message, StringComparison.Ordinal);
        Assert.Contains("npx cdk deploy --outputs-file horus.outputs.json", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_outputs_and_no_stream_flag_says_what_to_do()
    {
        using var empty = new OutputsFolder(null);
        var horus = await HorusProcess.RunAsync(_env, empty.Path, "watch");
        Assert.Equal(3, horus.ExitCode);
        Assert.StartsWith("horus: No DataStreamName known: no horus.outputs.json here and no --data-stream given.", Assert.Single(horus.Stderr), StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_credentials_says_how_to_get_some()
    {
        var env = HorusProcess.Environment(withCredentials: false);
        env["AWS_ENDPOINT_URL_KINESIS"] = _kinesalite.Endpoint.ToString();
        var horus = await HorusProcess.RunAsync(env, _folder.Path, "watch");
        Assert.Equal(3, horus.ExitCode);
        Assert.StartsWith("horus: No usable AWS credentials: run `aws configure`", Assert.Single(horus.Stderr), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("yesterday-ish", "--since takes a time such as")]
    [InlineData("2999-01-01T00:00:00Z", "is in the future")]
    public async Task A_bad_since_is_refused(string since, string expected)
    {
        var horus = await HorusProcess.RunAsync(_env, _folder.Path, "watch", "--since", since);
        Assert.Equal(2, horus.ExitCode);
        Assert.Contains(expected, Assert.Single(horus.Stderr), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_parse_error_is_a_usage_error_and_the_flag_says_which_stream()
    {
        // --stream was renamed --data-stream (the data stream of match records, not a video stream).
        var horus = await HorusProcess.RunAsync(_env, _folder.Path, "watch", "--stream", "records");
        Assert.Equal(ExitCodes.Usage, horus.ExitCode);
        Assert.Contains(horus.Stderr, line => line.Contains("--stream", StringComparison.Ordinal));
    }
}
