using EyeOfHorus.Edge;
using System.CommandLine;
using System.Diagnostics;
using EyeOfHorus.Edge.Commands;
using EyeOfHorus.Edge.Pipeline;

namespace EyeOfHorus.Edge.Tests.Publish;

public sealed class PublishCliTests
{
    private static async Task<(int ExitCode, string Output, string Error)> HorusAsync(CancellationToken cancellationToken, params string[] args)
    {
        var root = new RootCommand { PublishCommand.Create(), DevicesCommand.Create() };
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancellationToken);
        return (code, output.ToString(), error.ToString());
    }

    private static Task<(int ExitCode, string Output, string Error)> HorusAsync(params string[] args) => HorusAsync(CancellationToken.None, args);

    [Fact]
    public async Task Help_lists_the_flags_and_horus_help_the_one_exit_code_table()
    {
        var (code, output, _) = await HorusAsync("publish", "--help");

        Assert.Equal(0, code);
        foreach (var flag in new[] { "--source", "--preset", "--width", "--height", "--fps", "--bitrate", "--video-stream", "--region", "--profile", "--outputs", "--sink", "--print" })
            Assert.Contains(flag, output, StringComparison.Ordinal);
        Assert.DoesNotContain("--stream-name", output, StringComparison.Ordinal);

        var horus = await EyeOfHorus.Edge.Tests.Operator.HorusProcess.RunAsync(EyeOfHorus.Edge.Tests.Operator.HorusProcess.Environment(), AppContext.BaseDirectory, "--help");
        Assert.Equal(0, horus.ExitCode);
        var rootHelp = System.Text.RegularExpressions.Regex.Replace(string.Join(' ', horus.Stdout), @"\s+", " "); // help text is wrapped
        foreach (var entry in new[] { "Exit codes: 0 done", "3 cannot start", "6 GStreamer", "7 invalid pipeline", "8 gave up", "70 unexpected error", "130 interrupted" })
            Assert.Contains(entry, rootHelp, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Print_shows_the_pipeline_with_overrides_and_no_secret()
    {
        var (code, output, _) = await HorusAsync("publish", "--source", "test", "--print", "--video-stream", "eye-of-horus-garage", "--region", "eu-west-1",
            "--preset", "low-latency", "--fps", "15", "--bitrate", "250");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.StartsWith("gst-launch-1.0 -e videotestsrc is-live=true", output, StringComparison.Ordinal);
        Assert.Contains("video/x-raw,format=I420,width=640,height=480,framerate=15/1", output, StringComparison.Ordinal);
        Assert.Contains("x264enc bframes=0 key-int-max=15 tune=zerolatency speed-preset=veryfast bitrate=250", output, StringComparison.Ordinal);
        Assert.Contains("kvssink stream-name=eye-of-horus-garage aws-region=eu-west-1 credential-file-path=", output, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-key", output, StringComparison.Ordinal);
        Assert.DoesNotContain("access-key", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_stream_and_region_come_from_the_deploy_outputs_for_the_chosen_camera()
    {
        using var folder = new TempFolder();
        var outputs = folder.File("horus.outputs.json");
        await File.WriteAllTextAsync(outputs, """
            {"EyeOfHorus": {"Region": "ap-southeast-2", "Recognition": "stream-processor", "Cameras": "front-door,garage",
             "CameraStreams": "front-door=eye-of-horus-front-door,garage=eye-of-horus-garage"}}
            """);

        var (code, output, _) = await HorusAsync("publish", "--outputs", outputs, "--camera", "garage", "--source", "test", "--print");
        var (ambiguous, _, error) = await HorusAsync("publish", "--outputs", outputs, "--source", "test", "--print");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("kvssink stream-name=eye-of-horus-garage aws-region=ap-southeast-2", output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Configuration, ambiguous);
        Assert.Contains("several cameras (front-door, garage): choose one with --camera", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ExitCodes.Usage, "must be one of quality, low-latency", "--preset", "fast")]
    [InlineData(ExitCodes.Usage, "password", "--source", "rtsp://admin:hunter2@camera.local/stream1")]
    [InlineData(ExitCodes.Usage, "width 641 must be an even number", "--source", "test", "--width", "641")]
    [InlineData(ExitCodes.Usage, "unknown sink", "--source", "test", "--sink", "s3://bucket")]
    [InlineData(ExitCodes.Usage, "--credentials must be file or env", "--source", "test", "--credentials", "argv")]
    [InlineData(ExitCodes.Configuration, "No deploy outputs at '/nonexistent-horus/none.json'", "--source", "test", "--sink", "kvs", "--outputs", "/nonexistent-horus/none.json")]
    [InlineData(ExitCodes.Configuration, "no video stream: pass --video-stream", "--source", "test", "--sink", "kvs")]
    [InlineData(ExitCodes.Preflight, "camera /dev/video-horus-absent is absent", "--source", "/dev/video-horus-absent", "--sink", "file:/tmp/horus-never.mkv")]
    public async Task Bad_input_gets_its_exit_code_and_a_clear_message(int expected, string message, params string[] args)
    {
        var (code, _, error) = await HorusAsync(["publish", .. args]);

        Assert.Equal(expected, code);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelling_the_command_drains_the_pipeline_and_exits_0_with_a_playable_file()
    {
        using var folder = new TempFolder();
        var path = folder.File("cli.mp4");
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2.5));

        var (code, _, error) = await HorusAsync(stop.Token, "publish", "--source", "test", "--preset", "low-latency", "--sink", $"file:{path}", "--status-interval", "0");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("horus publish: running", error, StringComparison.Ordinal);
        Assert.Contains("horus publish: stopping (EOS)", error, StringComparison.Ordinal);
        Assert.Equal("H.264 (Constrained Baseline Profile)", (await GstMedia.DiscoverAsync(path)).Codec);
    }

    [Fact]
    public async Task SIGTERM_to_the_horus_process_ends_the_pipeline_with_EOS_within_the_bound()
    {
        using var folder = new TempFolder();
        var path = folder.File("sigterm.mp4");
        var horus = Path.Combine(AppContext.BaseDirectory, "horus.dll");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { horus, "publish", "--source", "test", "--preset", "low-latency", "--sink", $"file:{path}", "--status-interval", "0", "--stop-timeout", "5" })
            psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        var running = new TaskCompletionSource();
        var lines = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lines.Enqueue(e.Data);
            if (e.Data.StartsWith("horus publish: running", StringComparison.Ordinal)) running.TrySetResult();
        };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        try
        {
            await running.Task.WaitAsync(TimeSpan.FromSeconds(30));
            await Task.Delay(1500);
            var stopwatch = Stopwatch.StartNew();
            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) await kill.WaitForExitAsync();
            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await process.WaitForExitAsync(bound.Token);

            Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"took {stopwatch.Elapsed}");
            Assert.Equal(ExitCodes.Ok, process.ExitCode);
            Assert.Contains(lines, l => l.StartsWith("horus publish: stopping (EOS)", StringComparison.Ordinal));
            Assert.Equal(640, (await GstMedia.DiscoverAsync(path)).Width);
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
    }
}
