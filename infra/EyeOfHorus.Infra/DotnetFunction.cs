using Amazon.CDK;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.Lambda;
using Amazon.CDK.AWS.Logs;
using Constructs;

namespace EyeOfHorus.Infra;

/// <summary>What differs between our two functions.</summary>
public sealed record DotnetFunctionProps(
    string Description,
    string CodeDirectory,
    string Handler,
    IReadOnlyDictionary<string, string> Environment,
    IReadOnlyList<PolicyStatement> Permissions,
    Duration Timeout,
    int? MemorySize = null);

/// <summary>
/// A .NET Lambda function as every function of the stack is deployed: managed <c>dotnet10</c>
/// runtime on arm64, ReadyToRun code published by <see cref="LambdaPackages"/>, JSON logs in a log
/// group with a retention that the stack owns, and a role with exactly the given permissions.
/// </summary>
public sealed class DotnetFunction : Construct
{
    // CDK 2.160 predates Runtime.DOTNET_10; "dotnet10" is the managed runtime's identifier.
    public static Runtime Dotnet10 { get; } = new("dotnet10", RuntimeFamily.DOTNET_CORE);

    public Function Function { get; }
    public Role Role { get; }

    public DotnetFunction(Construct scope, string id, DotnetFunctionProps props) : base(scope, id)
    {
        ArgumentNullException.ThrowIfNull(props);
        var logGroup = new LogGroup(this, "Logs", new LogGroupProps
        {
            Retention = RetentionDays.THREE_MONTHS,
            RemovalPolicy = RemovalPolicy.DESTROY,
        });
        Role = new Role(this, "Role", new RoleProps
        {
            Description = props.Description,
            AssumedBy = new ServicePrincipal("lambda.amazonaws.com"),
            InlinePolicies = new Dictionary<string, PolicyDocument>
            {
                ["Logs"] = LambdaLogging.WriteTo(logGroup),
                ["Function"] = new(new PolicyDocumentProps { Statements = [.. props.Permissions] }),
            },
        });
        Function = new Function(this, "Function", new FunctionProps
        {
            Description = props.Description,
            Runtime = Dotnet10,
            Architecture = Architecture.ARM_64,
            Handler = props.Handler,
            Code = Code.FromAsset(props.CodeDirectory),
            MemorySize = props.MemorySize ?? 512,
            Timeout = props.Timeout,
            Environment = props.Environment.ToDictionary(e => e.Key, e => e.Value),
            Role = Role,
            LogGroup = logGroup,
            LoggingFormat = LoggingFormat.JSON,
        });
    }
}
