using System.Text.Json;
using EyeOfHorus.Testing.Rekognition;

namespace EyeOfHorus.Edge.Tests.Operator;

/// <summary><c>horus processor</c> as a user sees it: the built CLI against the Rekognition stand-in.</summary>
public sealed class ProcessorCliTests : IAsyncLifetime
{
    private RekognitionStandIn _rekognition = null!;
    private OutputsFolder _folder = null!;
    private Dictionary<string, string?> _env = null!;

    public async Task InitializeAsync()
    {
        _rekognition = await RekognitionStandIn.StartAsync();
        _rekognition.CreateCollection("eye-of-horus-faces");
        _rekognition.AddStreamProcessor("eye-of-horus-front-door", "eye-of-horus-faces");
        _rekognition.AddStreamProcessor("eye-of-horus-garage", "eye-of-horus-faces",
            kinesisVideoStreamArn: "arn:aws:kinesisvideo:us-east-1:123456789012:stream/eye-of-horus-garage/1");
        _rekognition.SetStreamProcessorStatus("eye-of-horus-front-door", "RUNNING");
        _folder = new OutputsFolder(new Dictionary<string, string>
        {
            ["Region"] = KinesisTestKit.Region,
            ["Recognition"] = "stream-processor",
            ["Cameras"] = "front-door,garage",
            ["StreamProcessors"] = "front-door=eye-of-horus-front-door,garage=eye-of-horus-garage",
        });
        _env = HorusProcess.Environment();
        _env["AWS_ENDPOINT_URL_REKOGNITION"] = _rekognition.Endpoint.ToString();
    }

    public async Task DisposeAsync()
    {
        _folder.Dispose();
        await _rekognition.DisposeAsync();
    }

    private Task<HorusProcess> Horus(params string[] args) => HorusProcess.RunAsync(_env, _folder.Path, args);

    [Fact]
    public async Task Status_start_and_stop_each_camera()
    {
        var status = await Horus("processor", "status");
        Assert.True(status.ExitCode == 0, status.Transcript);
        Assert.Equal(
        [
            "CAMERA      PROCESSOR                STATUS   NOTE",
            "front-door  eye-of-horus-front-door  RUNNING",
            "garage      eye-of-horus-garage      STOPPED",
        ], status.Stdout);

        var start = await Horus("processor", "start");
        Assert.True(start.ExitCode == 0, start.Transcript);
        Assert.Equal(
        [
            "front-door: eye-of-horus-front-door is already RUNNING",
            "garage: eye-of-horus-garage started (now STARTING)",
        ], start.Stdout);
        Assert.Equal("RUNNING", _rekognition.StreamProcessor("eye-of-horus-garage").Status);

        var stop = await Horus("processor", "stop", "--camera", "garage");
        Assert.True(stop.ExitCode == 0, stop.Transcript);
        Assert.Equal(["garage: eye-of-horus-garage stopping (now STOPPING)"], stop.Stdout);
        Assert.Equal(1, _rekognition.CallCount("StopStreamProcessor"));

        var again = await Horus("processor", "stop", "--camera", "garage");
        Assert.Equal(["garage: eye-of-horus-garage is already STOPPED"], again.Stdout);
        Assert.Equal(1, _rekognition.CallCount("StopStreamProcessor"));
    }

    [Fact]
    public async Task Status_as_json_and_a_failed_processor_exits_1()
    {
        _rekognition.SetStreamProcessorStatus("eye-of-horus-garage", "FAILED");
        var status = await Horus("processor", "status", "--json");
        Assert.True(status.ExitCode == 1, status.Transcript);
        using var json = JsonDocument.Parse(string.Join('\n', status.Stdout));
        var all = json.RootElement.EnumerateArray().ToList();
        Assert.Equal(["front-door", "garage"], all.Select(p => p.GetProperty("camera").GetString()));
        Assert.Equal("FAILED", all[1].GetProperty("status").GetString());
        Assert.Equal("The stream processor failed.", all[1].GetProperty("statusMessage").GetString());
        Assert.Equal("eye-of-horus-faces", all[1].GetProperty("collectionId").GetString());
        Assert.Equal(90, all[1].GetProperty("faceMatchThreshold").GetDouble());
        Assert.Equal("arn:aws:kinesisvideo:us-east-1:123456789012:stream/eye-of-horus-garage/1", all[1].GetProperty("videoStreamArn").GetString());
    }

    [Fact]
    public async Task An_account_without_streaming_access_is_pointed_to_edge_recognition()
    {
        _rekognition.StreamingAccessDenied = true;
        foreach (var verb in new[] { "status", "start", "stop" })
        {
            var denied = await Horus("processor", verb, "--camera", "garage");
            Assert.True(denied.ExitCode == 3, denied.Transcript);
            var message = Assert.Single(denied.Stderr);
            Assert.StartsWith("horus: this AWS account has no access to Rekognition streaming video", message, StringComparison.Ordinal);
            Assert.Contains("npx cdk deploy -c recognition=edge --outputs-file horus.outputs.json", message, StringComparison.Ordinal);
            Assert.EndsWith("(DescribeStreamProcessor: AccessDeniedException)", message, StringComparison.Ordinal);
        }
        Assert.Equal("STOPPED", _rekognition.StreamProcessor("eye-of-horus-garage").Status);
    }

    [Fact]
    public async Task An_edge_deployment_has_no_processor_to_manage()
    {
        using var edge = new OutputsFolder(new Dictionary<string, string> { ["Region"] = KinesisTestKit.Region, ["Recognition"] = "edge" });
        var status = await HorusProcess.RunAsync(_env, edge.Path, "processor", "status");
        Assert.Equal(3, status.ExitCode);
        Assert.StartsWith("horus: this deployment uses recognition=edge: there is no stream processor", Assert.Single(status.Stderr), StringComparison.Ordinal);
        Assert.Equal(0, _rekognition.CallCount("DescribeStreamProcessor"));
    }

    [Fact]
    public async Task An_unknown_camera_or_processor_says_what_exists()
    {
        var camera = await Horus("processor", "status", "--camera", "attic");
        Assert.Equal(2, camera.ExitCode);
        Assert.Equal("horus: No camera 'attic' in this deployment; cameras: front-door, garage.", Assert.Single(camera.Stderr));

        var processor = await Horus("processor", "status", "--processor", "not-deployed");
        Assert.Equal(3, processor.ExitCode);
        Assert.StartsWith("horus: no stream processor named not-deployed in this region", Assert.Single(processor.Stderr), StringComparison.Ordinal);
    }
}

public sealed class HelpCliTests
{
    [Fact]
    public async Task Every_operator_command_explains_itself()
    {
        using var folder = new OutputsFolder(null);
        var help = await HorusProcess.RunAsync(HorusProcess.Environment(), folder.Path, "faces", "add", "--help");
        Assert.Equal(0, help.ExitCode);
        Assert.Contains(help.Stdout, l => l.Contains("--person", StringComparison.Ordinal) && l.Contains("faces/<person>/", StringComparison.Ordinal));
        Assert.Contains(help.Stdout, l => l.Contains("--timeout", StringComparison.Ordinal));
        Assert.Contains(help.Stdout, l => l.Contains("--outputs", StringComparison.Ordinal));
    }
}
