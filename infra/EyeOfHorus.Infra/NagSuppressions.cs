using Amazon.CDK;

namespace EyeOfHorus.Infra;

/// <summary>
/// A cdk-nag rule that does not apply to one resource, and why. <paramref name="AppliesTo"/> narrows
/// it to findings such as <c>Resource::...</c>; an entry <c>regex:/.../</c> is a cdk-nag regex.
/// </summary>
public sealed record NagSuppression(string Id, string Reason, IReadOnlyList<string>? AppliesTo = null);

/// <summary>
/// Writes cdk-nag suppressions into the template (<c>Metadata.cdk_nag.rules_to_suppress</c>), where
/// the npm scanner (scripts/nag) reads them: the .NET cdk-nag package is not available here.
/// </summary>
public static class NagSuppressions
{
    public static void Add(CfnResource resource, params NagSuppression[] suppressions)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(suppressions);
        // One call per resource: AddMetadata replaces the key, and reading jsii metadata back is not reliable.
        if (resource.GetMetadata("cdk_nag") is not null)
            throw new InvalidOperationException($"{resource.Node.Path} already has cdk-nag suppressions: add them all in one call.");
        var rules = suppressions.Select(s =>
        {
            if (s.Reason.Length < 10) throw new ArgumentException($"Suppression {s.Id} on {resource.Node.Path} needs a real reason.", nameof(suppressions));
            var rule = new Dictionary<string, object> { ["id"] = s.Id, ["reason"] = s.Reason };
            if (s.AppliesTo is { Count: > 0 }) rule["applies_to"] = s.AppliesTo.Select(AppliesToEntry).ToArray();
            return rule;
        }).ToArray();
        resource.AddMetadata("cdk_nag", new Dictionary<string, object> { ["rules_to_suppress"] = rules });
    }

    private static object AppliesToEntry(string entry) =>
        entry.StartsWith("regex:", StringComparison.Ordinal)
            ? new Dictionary<string, object> { ["regex"] = entry["regex:".Length..] }
            : entry;

    /// <summary>Adds suppressions to the CloudFormation resource behind an L2 construct.</summary>
    public static void Add(Constructs.IConstruct construct, params NagSuppression[] suppressions)
    {
        ArgumentNullException.ThrowIfNull(construct);
        var resource = construct as CfnResource ?? construct.Node.DefaultChild as CfnResource
            ?? throw new ArgumentException($"{construct.Node.Path} has no CloudFormation resource to annotate.", nameof(construct));
        Add(resource, suppressions);
    }
}
