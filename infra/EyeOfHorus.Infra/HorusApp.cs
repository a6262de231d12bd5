using Amazon.CDK;

namespace EyeOfHorus.Infra;

/// <summary>Builds the CDK app: the same way for `cdk synth/deploy` (Program) and for the tests.</summary>
public static class HorusApp
{
    /// <summary>
    /// CDK behaviours this app relies on. Flags introduced after CDK v2.0 are off unless set, and
    /// cdk.json only holds the deployment's own choices, so they are set here.
    /// </summary>
    public static IReadOnlyDictionary<string, object> FeatureFlags { get; } = new Dictionary<string, object>
    {
        // Access-log delivery is granted by a bucket policy (ACLs are disabled on our buckets).
        ["@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy"] = true,
        ["@aws-cdk/aws-iam:minimizePolicies"] = true,
        ["@aws-cdk/core:enablePartitionLiterals"] = true,
    };

    /// <param name="context">Context values (tests); the CLI's -c values and cdk.json take precedence.</param>
    public static App NewApp(IReadOnlyDictionary<string, object>? context = null)
    {
        var all = FeatureFlags.ToDictionary(f => f.Key, f => f.Value);
        foreach (var (key, value) in context ?? new Dictionary<string, object>()) all[key] = value;
        return new App(new AppProps { Context = all });
    }

    /// <summary>
    /// Adds the stack, reading the deployment settings from context. The Lambda code is published
    /// now unless <c>-c lambdaCodeDir=...</c> names already published code.
    /// </summary>
    public static EyeOfHorusStack AddStack(App app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var settings = DeploymentSettings.FromContext(app.Node);
        var prebuilt = app.Node.TryGetContext(LambdaPackages.PrebuiltContextKey)?.ToString();
        var code = string.IsNullOrEmpty(prebuilt)
            ? LambdaPackages.Publish(LambdaPackages.FindRepositoryRoot(Directory.GetCurrentDirectory()))
            : LambdaPackages.FromFolder(prebuilt);
        return new EyeOfHorusStack(app, settings, code);
    }
}
