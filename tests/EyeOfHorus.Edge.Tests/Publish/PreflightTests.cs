using System.Text.RegularExpressions;
using EyeOfHorus.Edge.Pipeline;

namespace EyeOfHorus.Edge.Tests.Publish;

public sealed partial class PreflightTests
{
    private static PipelineSpec TestToFile(string path) =>
        new(new VideoSource.TestPattern(), EncodingPresets.LowLatency, new PipelineSink.LocalFile(path));

    private static Task<IReadOnlyList<PreflightProblem>> CheckAsync(PipelineSpec spec, GstTools tools) =>
        Preflight.CheckAsync(spec, PipelineBuilder.Build(spec), tools, CancellationToken.None);

    [Fact]
    public async Task A_complete_installation_passes()
    {
        Assert.Empty(await CheckAsync(TestToFile("/tmp/x.mkv"), new GstTools()));
    }

    [Fact]
    public async Task Missing_GStreamer_tools_are_named_with_the_packages_to_install()
    {
        using var emptyPath = new TempFolder();

        var problems = await CheckAsync(TestToFile("/tmp/x.mkv"), new GstTools(new Dictionary<string, string?> { ["PATH"] = emptyPath.Path }));

        Assert.Equal(["gst-launch-1.0 is not installed (not found on PATH)", "gst-inspect-1.0 is not installed (not found on PATH)"], problems.Select(p => p.Problem));
        Assert.Contains("apt-get install gstreamer1.0-tools", problems[0].Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_x264enc_is_named_with_the_ugly_plugins_package()
    {
        // A plugin folder holding every installed plugin but x264, and a registry of its own.
        using var plugins = new TempFolder();
        var (_, inspect) = await GstMedia.RunAsync("gst-inspect-1.0", "coreelements");
        var systemFolder = Path.GetDirectoryName(PluginFile().Match(inspect).Groups["file"].Value)!;
        foreach (var plugin in Directory.GetFiles(systemFolder, "*.so").Where(f => Path.GetFileName(f) != "libgstx264.so"))
            File.CreateSymbolicLink(Path.Combine(plugins.Path, Path.GetFileName(plugin)), plugin);
        var tools = new GstTools(new Dictionary<string, string?>
        {
            ["GST_PLUGIN_SYSTEM_PATH_1_0"] = plugins.Path,
            ["GST_PLUGIN_PATH_1_0"] = null,
            ["GST_PLUGIN_PATH"] = null,
            ["GST_REGISTRY_1_0"] = plugins.File("registry.bin"),
        });

        var problem = Assert.Single(await CheckAsync(TestToFile("/tmp/x.mkv"), tools));

        Assert.Equal("GStreamer element 'x264enc' is not installed", problem.Problem);
        Assert.Contains("sudo apt-get install gstreamer1.0-plugins-ugly", problem.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_kvssink_says_how_to_build_it_and_which_paths_to_set()
    {
        var spec = new PipelineSpec(new VideoSource.TestPattern(), EncodingPresets.Quality, new PipelineSink.Kvs("eye-of-horus-front-door", "eu-west-1"));
        // kvssink is not packaged anywhere: unless this machine built it, it is missing.
        var (installed, _) = await GstMedia.RunAsync("gst-inspect-1.0", "--exists", "kvssink");
        Assert.True(installed != 0, "this test expects kvssink not to be installed here");

        var problem = Assert.Single(await CheckAsync(spec, new GstTools()));

        Assert.Equal("GStreamer element 'kvssink' is not installed", problem.Problem);
        Assert.Contains("amazon-kinesis-video-streams-producer-sdk-cpp", problem.Fix, StringComparison.Ordinal);
        Assert.Contains("-DBUILD_GSTREAMER_PLUGIN=ON", problem.Fix, StringComparison.Ordinal);
        Assert.Contains("GST_PLUGIN_PATH=", problem.Fix, StringComparison.Ordinal);
        Assert.Contains("LD_LIBRARY_PATH=$PWD/../open-source/local/lib", problem.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_absent_camera_is_found_before_starting()
    {
        var spec = new PipelineSpec(new VideoSource.V4l2Device("/dev/video-horus-absent"), EncodingPresets.Quality, new PipelineSink.LocalFile("/tmp/x.mkv"));

        var problem = Assert.Single(await CheckAsync(spec, new GstTools()));

        Assert.Equal("camera /dev/video-horus-absent is absent", problem.Problem);
        Assert.Contains("horus devices", problem.Fix, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"Filename\s+(?<file>\S+libgstcoreelements\.so)")]
    private static partial Regex PluginFile();
}
