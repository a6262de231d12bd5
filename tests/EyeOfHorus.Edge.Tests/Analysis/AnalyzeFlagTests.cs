using EyeOfHorus.Edge;
using System.CommandLine;
using EyeOfHorus.Aws;
using EyeOfHorus.Edge.Analysis;
using EyeOfHorus.Edge.Commands;
using EyeOfHorus.Edge.Pipeline;

namespace EyeOfHorus.Edge.Tests.Analysis;

/// <summary><c>horus publish --analyze</c> as the command line sees it: the branch in <c>--print</c>, the default from the outputs, the errors.</summary>
public sealed class AnalyzeFlagTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("horus-analyze-flag-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    // Clients aimed at a closed port: --print never calls them.
    private static AnalysisClients Unused(PublishContext context, string region)
    {
        var options = LocalAws.Options(new Uri("http://127.0.0.1:9"));
        return new AnalysisClients(new RekognitionClient(options), new KinesisClient(options), LocalAws.S3(new Uri("http://127.0.0.1:9")));
    }

    private static async Task<(int ExitCode, string Output, string Error)> HorusAsync(params string[] args)
    {
        var root = new RootCommand { PublishCommand.Create(new AnalysisExtension(Unused, _ => ClipWorld.Engine)) };
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString(), error.ToString());
    }

    private async Task<string> OutputsAsync(string recognition, bool complete = true)
    {
        var path = Path.Combine(_dir, $"{recognition}-{complete}.json");
        var analysis = complete
            ? """ "DataStreamName": "eye-of-horus-matches", "DataStreamArn": "arn:aws:kinesis:eu-west-1:123456789012:stream/eye-of-horus-matches", "FacesBucket": "horus-faces", "CollectionId": "eye-of-horus-faces", """
            : "";
        await File.WriteAllTextAsync(path, $$$"""
            {"EyeOfHorus": {"Region": "eu-west-1", "Recognition": "{{{recognition}}}", {{{analysis}}}
             "Cameras": "front-door", "CameraStreams": "front-door=eye-of-horus-front-door"}}
            """);
        return path;
    }

    [Fact]
    public async Task Analyze_adds_the_tee_and_the_frame_sampling_branch_and_prints_bus_messages()
    {
        var outputs = await OutputsAsync("stream-processor");

        var (code, output, error) = await HorusAsync("publish", "--source", "test", "--print", "--outputs", outputs, "--analyze", "--analyze-fps", "3");

        Assert.True(code == ExitCodes.Ok, error);
        Assert.StartsWith("gst-launch-1.0 -e -m ", output, StringComparison.Ordinal);
        Assert.Contains(" tee ", output, StringComparison.Ordinal);
        Assert.Contains("leaky=downstream", output, StringComparison.Ordinal);
        Assert.Contains("videorate drop-only=true ! video/x-raw,framerate=3/1", output, StringComparison.Ordinal);
        Assert.Contains($"videoconvert ! jpegenc quality=90 ! multifilesink name={AnalysisBranchTokens.FrameSinkName}", output, StringComparison.Ordinal);
        Assert.DoesNotContain("facedetect", output, StringComparison.Ordinal); // the face engine finds the faces, in the process
        Assert.Contains("kvssink stream-name=eye-of-horus-front-door", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Edge_outputs_turn_analysis_on_by_default_and_analyze_false_turns_it_off()
    {
        var edge = await OutputsAsync("edge");
        var streamProcessor = await OutputsAsync("stream-processor");

        var (onCode, on, onError) = await HorusAsync("publish", "--source", "test", "--print", "--outputs", edge);
        var (offCode, off, _) = await HorusAsync("publish", "--source", "test", "--print", "--outputs", edge, "--analyze", "false");
        var (spCode, sp, _) = await HorusAsync("publish", "--source", "test", "--print", "--outputs", streamProcessor);

        Assert.True(onCode == ExitCodes.Ok, onError);
        Assert.Contains(AnalysisBranchTokens.FrameSinkName, on, StringComparison.Ordinal);
        Assert.Contains("framerate=2/1", on, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, offCode);
        Assert.DoesNotContain(AnalysisBranchTokens.FrameSinkName, off, StringComparison.Ordinal);
        Assert.DoesNotContain(" tee ", off, StringComparison.Ordinal);
        Assert.DoesNotContain(" -m ", off, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, spCode);
        Assert.DoesNotContain(AnalysisBranchTokens.FrameSinkName, sp, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Analyze_without_the_analysis_outputs_is_a_clear_configuration_error()
    {
        var outputs = await OutputsAsync("edge", complete: false);

        var (code, output, error) = await HorusAsync("publish", "--source", "test", "--print", "--outputs", outputs);
        var (fpsCode, _, fpsError) = await HorusAsync("publish", "--source", "test", "--print", "--outputs", await OutputsAsync("edge"), "--analyze-fps", "0");

        Assert.Equal(ExitCodes.Configuration, code);
        Assert.Empty(output);
        Assert.Contains("--analyze needs DataStreamName, DataStreamArn, FacesBucket, CollectionId from the deploy outputs", error, StringComparison.Ordinal);
        Assert.Contains("--analyze false", error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Configuration, fpsCode);
        Assert.Contains("--analyze-fps must be between 1 and", fpsError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Analyze_without_the_face_models_says_how_to_install_them_and_exits_3()
    {
        var outputs = await OutputsAsync("edge");
        var empty = Path.Combine(_dir, "no-models");
        Directory.CreateDirectory(empty);
        var root = new RootCommand { PublishCommand.Create(new AnalysisExtension(Unused)) }; // the engine loaded as the CLI loads it
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await root.Parse(["publish", "--source", "test", "--print", "--outputs", outputs, "--models", empty])
            .InvokeAsync(new InvocationConfiguration { Output = output, Error = error });

        Assert.Equal(ExitCodes.Configuration, code);
        Assert.Empty(output.ToString());
        var message = Assert.Single(error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"horus publish: face model {Path.Combine(empty, "face_detector.onnx")} is missing: ", message, StringComparison.Ordinal);
        Assert.Contains("scripts/models.sh", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_models_flag_loads_the_engine_from_that_folder()
    {
        var outputs = await OutputsAsync("edge");
        var root = new RootCommand { PublishCommand.Create(new AnalysisExtension(Unused)) };
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await root.Parse(["publish", "--source", "test", "--print", "--outputs", outputs, "--models", EyeOfHorus.Testing.Rekognition.LocalEngineFaces.ModelDirectory])
            .InvokeAsync(new InvocationConfiguration { Output = output, Error = error });

        Assert.True(code == ExitCodes.Ok, error.ToString());
        Assert.Contains(AnalysisBranchTokens.FrameSinkName, output.ToString(), StringComparison.Ordinal);
    }
}
