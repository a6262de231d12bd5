using EyeOfHorus.Infra;

namespace EyeOfHorus.Infra.Tests;

/// <summary>
/// Synthesizes the stack the way `cdk synth` does (HorusApp), once per set of context values.
/// The Lambda code is really published (dotnet publish, linux-arm64, ReadyToRun) once per run, or
/// not at all when <see cref="PublishedCodeVariable"/> names code already published.
/// </summary>
public static class Stacks
{
    /// <summary>A folder of published Lambda code to reuse: scripts/test.sh points it at what synth-and-scan.sh's synth published.</summary>
    public const string PublishedCodeVariable = "HORUS_LAMBDA_CODE_DIR";

    public static string PublishedCode => Code.Value;

    private static readonly Lazy<string> Code = new(() =>
    {
        if (Environment.GetEnvironmentVariable(PublishedCodeVariable) is { Length: > 0 } published)
        {
            LambdaPackages.FromFolder(published); // a missing handler assembly fails here, by name
            return published;
        }
        var root = LambdaPackages.FindRepositoryRoot(AppContext.BaseDirectory);
        LambdaPackages.Publish(root);
        return LambdaPackages.DefaultOutput(root);
    });

    private static readonly Dictionary<string, Synthesized> Cache = [];

    /// <summary>front-door and garage, stream-processor mode (the default mode).</summary>
    public static Synthesized StreamProcessorTwoCameras => Synth(("cameras", "front-door,garage"));

    /// <summary>front-door and garage, edge mode.</summary>
    public static Synthesized EdgeTwoCameras => Synth(("recognition", "edge"), ("cameras", "front-door,garage"));

    /// <summary>front-door and garage, local mode (no Rekognition).</summary>
    public static Synthesized LocalTwoCameras => Synth(("recognition", "local"), ("cameras", "front-door,garage"));

    /// <summary>The two-camera stack of a mode, by its -c recognition value.</summary>
    public static Synthesized TwoCameras(string mode) => mode switch
    {
        "stream-processor" => StreamProcessorTwoCameras,
        "edge" => EdgeTwoCameras,
        "local" => LocalTwoCameras,
        _ => throw new ArgumentException($"no such mode {mode}", nameof(mode)),
    };

    /// <summary>No context at all: the defaults.</summary>
    public static Synthesized Defaults => Synth();

    public static Synthesized Synth(params (string Key, string Value)[] context)
    {
        var key = string.Join(';', context.Select(c => c.Key + "=" + c.Value));
        if (Cache.TryGetValue(key, out var cached)) return cached;
        var values = context.ToDictionary(c => c.Key, c => (object)c.Value);
        values[LambdaPackages.PrebuiltContextKey] = PublishedCode;
        values["aws:cdk:enable-path-metadata"] = true; // as the CDK CLI sets it: Metadata.aws:cdk:path
        // No copy of the Lambda code into a cdk.out per synth (~60 MB each, dozens of synths): the
        // template and the asset hashes are the same; only `cdk deploy` needs the staged copy.
        values["aws:cdk:disable-asset-staging"] = true;
        var stack = HorusApp.AddStack(HorusApp.NewApp(values));
        return Cache[key] = Synthesized.Of(stack);
    }
}
