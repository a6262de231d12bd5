using System.CommandLine;
using EyeOfHorus.Edge.Configuration;

namespace EyeOfHorus.Edge.Operator;

/// <summary>The options every operator command takes: where the deploy outputs are, and which AWS identity and region.</summary>
public sealed class CommonOptions
{
    public Option<string?> Outputs { get; } = new("--outputs")
    {
        Description = $"Deploy outputs file written by `npx cdk deploy --outputs-file {DeployOutputs.DefaultFileName}` (default: ./{DeployOutputs.DefaultFileName})",
        HelpName = "FILE",
        Recursive = true,
    };

    public Option<string?> Region { get; } = new("--region")
    {
        Description = "AWS region (default: the outputs file's Region, else the profile's or AWS_REGION)",
        Recursive = true,
    };

    public Option<string?> Profile { get; } = new("--profile")
    {
        Description = "AWS profile from the shared config/credentials files (default: the SDK's credential chain)",
        Recursive = true,
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Outputs);
        command.Options.Add(Region);
        command.Options.Add(Profile);
    }

    public OperatorContext Resolve(ParseResult parse)
    {
        var outputs = DeployOutputs.LoadOrDefault(parse.GetValue(Outputs));
        return new OperatorContext(outputs, parse.GetValue(Region), parse.GetValue(Profile), parse.InvocationConfiguration.Error);
    }
}
