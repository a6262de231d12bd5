using System.Runtime.CompilerServices;
using EyeOfHorus.Edge.Pipeline;

namespace EyeOfHorus.Edge.Tests.Publish;

public sealed class LatencyScriptTests
{
    [Fact]
    public void The_benchmark_measures_the_encoder_horus_publish_runs()
    {
        var script = File.ReadAllLines(ScriptPath());
        var line = Assert.Single(script, l => l.StartsWith("ours_encoder=", StringComparison.Ordinal));
        var tokens = new GstTokens();
        PipelineBuilder.AddEncoder(tokens, new EncodingSettings(640, 480, 20, 300));

        var expected = string.Join(' ', tokens.Tokens.TakeWhile(t => t != "!"))
            .Replace("key-int-max=20", "key-int-max=$fps", StringComparison.Ordinal)
            .Replace("bitrate=300", "bitrate=$bitrate", StringComparison.Ordinal);
        Assert.Equal($"ours_encoder=\"{expected}\"", line);
    }

    private static string ScriptPath([CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", "..", "..", "scripts", "pipeline-latency.sh"));
}
