using System.Reflection.PortableExecutable;
using System.Text.Json.Nodes;
using EyeOfHorus.Infra;

namespace EyeOfHorus.Infra.Tests;

/// <summary>The code the CDK app publishes is what the dotnet10 arm64 runtime loads fastest.</summary>
public sealed class PublishedCodeTests
{
    // crossgen2 marks a Linux ReadyToRun image by XOR-ing the machine type with 0x7B79.
    private const ushort LinuxArm64ReadyToRun = 0xAA64 ^ 0x7B79;

    [Theory]
    [InlineData("face-indexer", "EyeOfHorus.FaceIndexer")]
    [InlineData("match-alerter", "EyeOfHorus.MatchAlerter")]
    [InlineData("stream-processor-lifecycle", "EyeOfHorus.StreamProcessorLifecycle")]
    public void Handler_assembly_is_ReadyToRun_for_linux_arm64_on_the_shared_framework(string folder, string assembly)
    {
        var dir = Path.Combine(Stacks.PublishedCode, folder);
        using (var pe = new PEReader(File.OpenRead(Path.Combine(dir, assembly + ".dll"))))
        {
            Assert.Equal(LinuxArm64ReadyToRun, (ushort)pe.PEHeaders.CoffHeader.Machine);
            Assert.True(pe.PEHeaders.CorHeader!.ManagedNativeHeaderDirectory.Size > 0, "no ReadyToRun header");
        }
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, assembly + ".runtimeconfig.json")))!;
        Assert.Equal("Microsoft.NETCore.App", (string?)config["runtimeOptions"]!["framework"]!["name"]);
        Assert.StartsWith("10.", (string?)config["runtimeOptions"]!["framework"]!["version"], StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(dir, "System.Private.CoreLib.dll")), "self-contained: the runtime provides the framework");
    }

}
