using System.Reflection;
using System.Runtime.Loader;

namespace EyeOfHorus.Aws.Tests;

/// <summary>
/// The lean Lambda path (environment options, a real call) loads EyeOfHorus.Aws and the shared
/// framework only: AWSSDK.Core is needed by the CLI path alone.
/// </summary>
public sealed class LambdaPathTests
{
    /// <summary>Loads every assembly found beside the tests into itself, so what the code pulls in can be listed.</summary>
    private sealed class IsolatedContext(string folder) : AssemblyLoadContext("lambda-path", isCollectible: true)
    {
        protected override Assembly? Load(AssemblyName assemblyName)
        {
            string candidate = Path.Combine(folder, assemblyName.Name + ".dll");
            return File.Exists(candidate) ? LoadFromAssemblyPath(candidate) : null;
        }
    }

    [Fact]
    public async Task A_call_built_from_the_environment_loads_no_SDK_assembly()
    {
        await using StubAwsServer server = await StubAwsServer.StartAsync("kinesis");
        server.Responder = (_, _, context) => StubAwsServer.Respond(context, 200, "application/x-amz-json-1.1", """{"ShardIterator":"it-1"}""");
        var environment = new Dictionary<string, string?>
        {
            ["AWS_REGION"] = "eu-west-1",
            ["AWS_ENDPOINT_URL_KINESIS"] = server.Endpoint.ToString(),
            ["AWS_ACCESS_KEY_ID"] = StubAwsServer.Credentials.AccessKeyId,
            ["AWS_SECRET_ACCESS_KEY"] = StubAwsServer.Credentials.SecretAccessKey,
        };
        var context = new IsolatedContext(AppContext.BaseDirectory);
        try
        {
            Assembly aws = context.LoadFromAssemblyPath(Path.Combine(AppContext.BaseDirectory, "EyeOfHorus.Aws.dll"));
            Type optionsType = aws.GetType("EyeOfHorus.Aws.AwsClientOptions", throwOnError: true)!;
            object options = optionsType
                .GetMethod("FromEnvironment", BindingFlags.NonPublic | BindingFlags.Static, [typeof(string), typeof(Func<string, string?>)])!
                .Invoke(null, ["kinesis", new Func<string, string?>(name => environment.GetValueOrDefault(name))])!;
            Type clientType = aws.GetType("EyeOfHorus.Aws.KinesisClient", throwOnError: true)!;
            object client = Activator.CreateInstance(clientType, options)!;
            Type requestType = aws.GetType("EyeOfHorus.Aws.GetShardIteratorRequest", throwOnError: true)!;
            object request = Activator.CreateInstance(requestType)!;
            requestType.GetProperty("StreamName")!.SetValue(request, "s");
            requestType.GetProperty("ShardId")!.SetValue(request, "shardId-000000000000");
            requestType.GetProperty("ShardIteratorType")!.SetValue(request, "LATEST");

            var call = (Task)clientType.GetMethod("GetShardIteratorAsync")!.Invoke(client, [request, CancellationToken.None])!;
            await call;
            object response = call.GetType().GetProperty("Result")!.GetValue(call)!;

            Assert.Equal("it-1", response.GetType().GetProperty("ShardIterator")!.GetValue(response));
            Assert.Null(Assert.Single(server.Requests).SignatureProblem);
            Assert.Equal(["EyeOfHorus.Aws"], context.Assemblies.Select(a => a.GetName().Name));

            // The contrast that shows the check can fail: the CLI path does load the SDK.
            MethodInfo forCli = optionsType.GetMethod("ForCli", BindingFlags.NonPublic | BindingFlags.Static, [typeof(string), typeof(string), typeof(string), typeof(string)])!;
            var failure = Assert.Throws<TargetInvocationException>(() => forCli.Invoke(null, ["kinesis", "no-such-profile", "eu-west-1", Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"))]));
            Assert.IsType<InvalidOperationException>(failure.InnerException);
            Assert.Contains("AWSSDK.Core", context.Assemblies.Select(a => a.GetName().Name));
        }
        finally
        {
            context.Unload();
        }
    }
}
