using System.Globalization;
using System.Text.Json;
using EyeOfHorus.Aws;

namespace EyeOfHorus.StreamProcessorLifecycle;

/// <summary>
/// Lambda entry point of the <c>Custom::StreamProcessor</c> resource (handler
/// <c>EyeOfHorus.StreamProcessorLifecycle::EyeOfHorus.StreamProcessorLifecycle.Function::Handle</c>).
/// Whatever happens, CloudFormation gets an answer: SUCCESS, or FAILED with a reason it shows in the
/// stack events. The physical ID is the processor's name.
/// </summary>
public sealed class Function
{
    /// <summary>Environment variable: seconds the handler may spend waiting (the function's timeout less a margin to answer).</summary>
    public const string WaitBudgetVariable = "WAIT_BUDGET_SECONDS";

    // The response body must stay under CloudFormation's 4 KB limit.
    private const int MaxReasonLength = 1000;

    private readonly ProcessorLifecycle _lifecycle;
    private readonly CloudFormationResponder _responder;
    private readonly Action<string> _log;

    public Function() : this(
        new ProcessorLifecycle(new RekognitionClient(AwsClientOptions.FromEnvironment("rekognition")), TimingFromEnvironment()),
        new CloudFormationResponder(new HttpClient { Timeout = TimeSpan.FromSeconds(30) }),
        Console.WriteLine)
    {
    }

    public Function(ProcessorLifecycle lifecycle, CloudFormationResponder responder, Action<string> log)
    {
        _lifecycle = lifecycle;
        _responder = responder;
        _log = log;
    }

    /// <summary>A custom resource request in; the response that was sent out (also for the logs).</summary>
    public Stream Handle(Stream input)
    {
        var response = HandleAsync(input).GetAwaiter().GetResult();
        var output = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(response, LifecycleJsonContext.Default.CustomResourceResponse));
        return output;
    }

    public async Task<CustomResourceResponse> HandleAsync(Stream input)
    {
        var request = JsonSerializer.Deserialize(input, LifecycleJsonContext.Default.CustomResourceRequest)
            ?? throw new InvalidDataException("The Lambda event is JSON null.");
        // Without a ResponseURL nobody can be told: fail the invocation loudly (it is not a CloudFormation request).
        if (!Uri.TryCreate(request.ResponseURL, UriKind.Absolute, out var responseUrl))
            throw new InvalidDataException("The event has no ResponseURL: it is not a CloudFormation custom resource request.");

        var response = await DecideAsync(request).ConfigureAwait(false);
        _log(JsonSerializer.Serialize(new LifecycleLog(request.RequestType ?? "", request.LogicalResourceId, response.PhysicalResourceId, response.Status, response.Reason),
            LifecycleJsonContext.Default.LifecycleLog));
        await _responder.SendAsync(responseUrl, response).ConfigureAwait(false);
        return response;
    }

    private async Task<CustomResourceResponse> DecideAsync(CustomResourceRequest request)
    {
        // Until the processor is known, the physical ID is the request's own (a failed Create's rollback
        // Delete then finds nothing of ours to delete) or, for Update/Delete, the one CloudFormation holds.
        var physicalId = request.PhysicalResourceId ?? NameOrNull(request.ResourceProperties) ?? request.LogicalResourceId ?? "unknown";
        try
        {
            switch (request.RequestType)
            {
                case "Create":
                {
                    var spec = ProcessorSpec.FromProperties(request.ResourceProperties);
                    physicalId = spec.Name;
                    var arn = await _lifecycle.CreateAsync(spec).ConfigureAwait(false);
                    return Respond(request, CustomResourceResponse.Success, $"Stream processor {spec.Name} created and running.", spec.Name, arn);
                }
                case "Update":
                {
                    var spec = ProcessorSpec.FromProperties(request.ResourceProperties);
                    var arn = await _lifecycle.UpdateAsync(spec, request.PhysicalResourceId).ConfigureAwait(false);
                    physicalId = spec.Name;
                    return Respond(request, CustomResourceResponse.Success, $"Stream processor {spec.Name} has the requested settings.", spec.Name, arn);
                }
                case "Delete":
                    await _lifecycle.DeleteAsync(physicalId).ConfigureAwait(false);
                    return Respond(request, CustomResourceResponse.Success, $"Stream processor {physicalId} deleted.", physicalId, null);
                default:
                    return Respond(request, CustomResourceResponse.Failed, $"Unknown RequestType '{request.RequestType}'.", physicalId, null);
            }
        }
        catch (Exception e) when (e is LifecycleException or InvalidDataException or AwsServiceException or AwsTransportException)
        {
            return Respond(request, CustomResourceResponse.Failed, e.Message, physicalId, null);
        }
    }

    private static string? NameOrNull(Dictionary<string, JsonElement>? properties) =>
        properties is not null && properties.TryGetValue(nameof(ProcessorSpec.Name), out var name) && name.ValueKind == JsonValueKind.String
            ? name.GetString() : null;

    private static CustomResourceResponse Respond(CustomResourceRequest request, string status, string reason, string physicalId, string? arn) =>
        new(status, reason.Length <= MaxReasonLength ? reason : reason[..MaxReasonLength], physicalId,
            request.StackId, request.RequestId, request.LogicalResourceId,
            arn is null ? null : new Dictionary<string, string> { ["Arn"] = arn, ["Name"] = physicalId });

    private static LifecycleTiming TimingFromEnvironment()
    {
        var seconds = Environment.GetEnvironmentVariable(WaitBudgetVariable);
        return int.TryParse(seconds, NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) && s > 0
            ? LifecycleTiming.Default with { Budget = TimeSpan.FromSeconds(s) }
            : LifecycleTiming.Default;
    }
}
