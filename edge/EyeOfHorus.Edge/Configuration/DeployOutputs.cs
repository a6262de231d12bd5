using System.Globalization;
using System.Text.Json;
using EyeOfHorus.Contract;

namespace EyeOfHorus.Edge.Configuration;

/// <summary>
/// The stack outputs written by <c>npx cdk deploy --outputs-file horus.outputs.json</c>
/// (<c>{"EyeOfHorus": {"FacesBucket": "...", ...}}</c>, keys: <see cref="StackOutputKeys"/>): how every
/// horus command finds the system.
/// </summary>
/// <param name="FaceMatchThreshold">The deployment's threshold; the default when the outputs predate it.</param>
public sealed record DeployOutputs(
    string? Region,
    string Recognition,
    string? FacesBucket,
    string? CollectionId,
    string? DataStreamName,
    string? DataStreamArn,
    string? AlertTopicArn,
    string? CooldownTable,
    string? CameraHostPolicyArn,
    double FaceMatchThreshold,
    IReadOnlyList<string> Cameras,
    IReadOnlyDictionary<string, string> CameraStreams,
    IReadOnlyDictionary<string, string> StreamProcessors)
{
    public const string DefaultFileName = StackOutputKeys.DefaultFileName;
    public const string DeployHint =
        $"Deploy first and keep the outputs: `npx cdk deploy --outputs-file {DefaultFileName}` (then pass --outputs PATH or run horus from that folder).";

    public bool IsEdgeRecognition => string.Equals(Recognition, RecognitionModes.Edge, StringComparison.OrdinalIgnoreCase);

    /// <summary>Recognition=local: the camera host recognises with the local engine against the faces bucket; no collection.</summary>
    public bool IsLocalRecognition => string.Equals(Recognition, RecognitionModes.Local, StringComparison.OrdinalIgnoreCase);

    /// <summary>An empty configuration, for when every value comes from flags.</summary>
    public static DeployOutputs Empty { get; } = new(null, RecognitionModes.Default, null, null, null, null, null, null, null,
        FaceMatching.DefaultThreshold, [], new Dictionary<string, string>(), new Dictionary<string, string>());

    /// <summary>The video stream of a camera; the only camera's when <paramref name="camera"/> is null.</summary>
    public string? VideoStreamFor(string? camera)
    {
        if (camera is not null) return CameraStreams.TryGetValue(camera, out var s) ? s : null;
        return CameraStreams.Count == 1 ? CameraStreams.Values.First() : null;
    }

    /// <summary>Reads the outputs file; <see cref="DeployOutputsException"/> says what to do when it is missing or wrong.</summary>
    public static DeployOutputs Load(string path)
    {
        if (!File.Exists(path))
            throw new DeployOutputsException($"No deploy outputs at '{Path.GetFullPath(path)}'. {DeployHint}");
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            return Parse(doc.RootElement, path);
        }
        catch (JsonException ex)
        {
            throw new DeployOutputsException($"'{path}' is not a cdk outputs file ({ex.Message}). {DeployHint}");
        }
    }

    /// <summary>Loads <paramref name="path"/> when given, else ./horus.outputs.json when present, else <see cref="Empty"/>.</summary>
    public static DeployOutputs LoadOrDefault(string? path)
    {
        if (path is not null) return Load(path);
        return File.Exists(DefaultFileName) ? Load(DefaultFileName) : Empty;
    }

    private static DeployOutputs Parse(JsonElement root, string path)
    {
        const string stackName = ResourceNames.StackName;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty(stackName, out var stack) || stack.ValueKind != JsonValueKind.Object)
            throw new DeployOutputsException($"'{path}' has no outputs of the {stackName} stack: is the stack deployed? {DeployHint}");

        string? Get(string key) =>
            stack.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s ? s : null;

        IReadOnlyDictionary<string, string> Map(string key)
        {
            try
            {
                return CameraMap.Parse(Get(key));
            }
            catch (FormatException ex)
            {
                throw new DeployOutputsException($"'{path}': {key} is not a camera map: {ex.Message} Redeploy to rewrite it. {DeployHint}");
            }
        }

        double Threshold()
        {
            if (Get(StackOutputKeys.FaceMatchThreshold) is not { } text) return FaceMatching.DefaultThreshold;
            return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
                   && value is >= FaceMatching.MinThreshold and <= FaceMatching.MaxThreshold
                ? value
                : throw new DeployOutputsException(
                    $"'{path}': {StackOutputKeys.FaceMatchThreshold} '{text}' is not a similarity from {FaceMatching.MinThreshold} to {FaceMatching.MaxThreshold}. {DeployHint}");
        }

        return new DeployOutputs(
            Get(StackOutputKeys.Region),
            Get(StackOutputKeys.Recognition) ?? RecognitionModes.Default,
            Get(StackOutputKeys.FacesBucket),
            Get(StackOutputKeys.CollectionId),
            Get(StackOutputKeys.DataStreamName),
            Get(StackOutputKeys.DataStreamArn),
            Get(StackOutputKeys.AlertTopicArn),
            Get(StackOutputKeys.CooldownTable),
            Get(StackOutputKeys.CameraHostPolicyArn),
            Threshold(),
            CameraMap.ParseList(Get(StackOutputKeys.Cameras)),
            Map(StackOutputKeys.CameraStreams),
            Map(StackOutputKeys.StreamProcessors));
    }
}

/// <summary>The deploy outputs are missing or unusable; the message says what to do.</summary>
public sealed class DeployOutputsException(string message) : Exception(message);
