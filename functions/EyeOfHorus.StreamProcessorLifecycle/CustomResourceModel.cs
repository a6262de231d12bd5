using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace EyeOfHorus.StreamProcessorLifecycle;

// The CloudFormation custom resource protocol: the request CloudFormation sends to the function and
// the response the function PUTs to the request's presigned ResponseURL. Only the members used.

public sealed record CustomResourceRequest(
    string? RequestType,
    string? ResponseURL,
    string? StackId,
    string? RequestId,
    string? LogicalResourceId,
    string? PhysicalResourceId,
    Dictionary<string, JsonElement>? ResourceProperties,
    Dictionary<string, JsonElement>? OldResourceProperties);

public sealed record CustomResourceResponse(
    string Status,
    string Reason,
    string PhysicalResourceId,
    string? StackId,
    string? RequestId,
    string? LogicalResourceId,
    IReadOnlyDictionary<string, string>? Data)
{
    public const string Success = "SUCCESS";
    public const string Failed = "FAILED";
}

/// <summary>
/// The processor the template asks for: a face search processor reading one video stream and
/// writing match records to one data stream. CloudFormation passes every property as a string.
/// </summary>
public sealed record ProcessorSpec(
    string Name, string CollectionId, double FaceMatchThreshold,
    string KinesisVideoStreamArn, string KinesisDataStreamArn, string RoleArn)
{
    /// <summary>Rekognition raises a lower FaceMatchThreshold to 80 without saying so; the stack refuses it instead.</summary>
    public const double MinimumFaceMatchThreshold = 80;

    /// <exception cref="InvalidDataException">A property is missing or malformed; the message names it.</exception>
    public static ProcessorSpec FromProperties(IReadOnlyDictionary<string, JsonElement>? properties)
    {
        if (properties is null) throw new InvalidDataException("The request has no ResourceProperties.");
        string Text(string key) =>
            properties.TryGetValue(key, out var value) && value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString())
                ? value.GetString()!
                : throw new InvalidDataException($"ResourceProperties.{key} is missing or not a string.");

        var thresholdText = properties.TryGetValue(nameof(FaceMatchThreshold), out var t)
            ? t.ValueKind == JsonValueKind.Number ? t.GetRawText() : t.ValueKind == JsonValueKind.String ? t.GetString() : null
            : null;
        if (!double.TryParse(thresholdText, NumberStyles.Float, CultureInfo.InvariantCulture, out var threshold)
            || threshold is < MinimumFaceMatchThreshold or > 100)
            throw new InvalidDataException(
                $"ResourceProperties.FaceMatchThreshold '{thresholdText}' must be a number from {MinimumFaceMatchThreshold} to 100 (Rekognition raises lower values to 80).");

        return new ProcessorSpec(Text(nameof(Name)), Text(nameof(CollectionId)), threshold,
            Text(nameof(KinesisVideoStreamArn)), Text(nameof(KinesisDataStreamArn)), Text(nameof(RoleArn)));
    }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CustomResourceRequest))]
[JsonSerializable(typeof(CustomResourceResponse))]
[JsonSerializable(typeof(LifecycleLog))]
public sealed partial class LifecycleJsonContext : JsonSerializerContext;

/// <summary>One JSON log line: what the handler did for a request (never the presigned ResponseURL).</summary>
public sealed record LifecycleLog(string RequestType, string? LogicalResourceId, string? Processor, string Status, string Reason);
