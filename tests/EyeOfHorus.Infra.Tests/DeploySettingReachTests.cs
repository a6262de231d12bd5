using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.S3;
using EyeOfHorus.Aws;
using EyeOfHorus.Contract;
using EyeOfHorus.Edge.Analysis;
using EyeOfHorus.Edge.Configuration;
using EyeOfHorus.Edge.Pipeline;
using EyeOfHorus.MatchAlerter;
using EyeOfHorus.StreamProcessorLifecycle;

namespace EyeOfHorus.Infra.Tests;

/// <summary>
/// A deploy setting reaches every process that uses it: the face-match threshold goes from
/// <c>-c faceMatchThreshold</c> through the stack to the stream processors, the outputs file (and
/// from there the edge search) and the alerter's environment.
/// </summary>
public sealed class DeploySettingReachTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("horus-reach-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task The_face_match_threshold_reaches_the_outputs_the_edge_search_and_the_alerter()
    {
        var stack = Stacks.Synth(("recognition", "edge"), ("faceMatchThreshold", "80"));

        var outputs = DeployOutputs.Load(WriteOutputsFile(stack));
        Assert.Equal(80, outputs.FaceMatchThreshold);

        // The analysis loads the face engine: the repository's models (scripts/models.sh writes them before the tests).
        var models = Path.Combine(LambdaPackages.FindRepositoryRoot(AppContext.BaseDirectory), "models");
        var extension = new AnalysisExtension((_, _) => UnusedClients());
        var command = new RootCommand();
        foreach (var option in extension.Options) command.Options.Add(option);
        var attachment = await extension.AttachAsync(command.Parse(["--models", models]),
            new PublishContext(null, outputs, "eu-west-1", null, EncodingPresets.Quality, TextWriter.Null), CancellationToken.None);
        var analysis = Assert.IsType<AnalysisExtension.AnalysisAttachment>(attachment);
        try
        {
            Assert.Equal(80f, Assert.IsType<RekognitionFaceSearch>(analysis.Session.Search).FaceMatchThreshold);
        }
        finally
        {
            await analysis.DisposeAsync();
        }

        var alerter = AlerterConfiguration.FromEnvironment(name => FunctionEnvironment(stack, LambdaHandlers.MatchAlerter).TryGetValue(name, out var v) ? v : null);
        Assert.Equal(80, alerter.Settings.FaceMatchThreshold);
    }

    [Fact]
    public void The_face_match_threshold_reaches_every_stream_processor_and_the_alerter()
    {
        var stack = Stacks.Synth(("cameras", "front-door,garage"), ("faceMatchThreshold", "85.5"));
        var processors = stack.OfType("Custom::StreamProcessor");
        Assert.Equal(2, processors.Count);
        // As the lifecycle function reads the properties CloudFormation hands it (every one a string).
        Assert.All(processors, p => Assert.Equal(85.5, ProcessorSpec.FromProperties(Literals(p.Resource["Properties"]!.AsObject())
            .ToDictionary(v => v.Key, v => JsonSerializer.SerializeToElement(v.Value))).FaceMatchThreshold));
        Assert.Equal("85.5", FunctionEnvironment(stack, LambdaHandlers.MatchAlerter)[MatchAlerterEnvironment.FaceMatchThreshold]);
        Assert.Equal("85.5", (string?)stack.Outputs[StackOutputKeys.FaceMatchThreshold]!["Value"]);
    }

    /// <summary>The outputs file as `cdk deploy --outputs-file` writes it: literal values as synthesized, deploy-time values made up.</summary>
    private string WriteOutputsFile(Synthesized stack)
    {
        var values = new JsonObject();
        foreach (var (key, output) in stack.Outputs)
        {
            values[key] = output!["Value"] is JsonValue v && v.TryGetValue<string>(out var literal) ? literal : key switch
            {
                StackOutputKeys.Region => "eu-west-1",
                StackOutputKeys.DataStreamArn => "arn:aws:kinesis:eu-west-1:123456789012:stream/deployed",
                _ => "deployed-" + key,
            };
        }
        var path = Path.Combine(_dir, StackOutputKeys.DefaultFileName);
        File.WriteAllText(path, new JsonObject { [ResourceNames.StackName] = values }.ToJsonString());
        return path;
    }

    /// <summary>The function's environment: literal values as synthesized, references made up.</summary>
    private static Dictionary<string, string> FunctionEnvironment(Synthesized stack, string handler)
    {
        var function = Assert.Single(stack.OfType("AWS::Lambda::Function"), f => (string?)f.Resource["Properties"]!["Handler"] == handler);
        return Literals(function.Resource["Properties"]!["Environment"]!["Variables"]!.AsObject());
    }

    /// <summary>String properties as synthesized; references (resolved at deploy time) made up.</summary>
    private static Dictionary<string, string> Literals(JsonObject properties) => properties.ToDictionary(
        v => v.Key, v => v.Value is JsonValue value && value.TryGetValue<string>(out var literal) ? literal : "deployed-" + v.Key);

    // Aimed at a closed port: attaching the analysis calls nothing.
    private static AnalysisClients UnusedClients()
    {
        var endpoint = new Uri("http://127.0.0.1:9");
        var options = new AwsClientOptions
        {
            Region = "eu-west-1",
            Credentials = new StaticCredentialSource(new AwsCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")),
            Endpoint = endpoint,
        };
        return new AnalysisClients(new RekognitionClient(options), new KinesisClient(options),
            new AmazonS3Client(new Amazon.Runtime.BasicAWSCredentials("AKIDEXAMPLE", "secret"), new AmazonS3Config { ServiceURL = endpoint.ToString(), ForcePathStyle = true }));
    }
}
