using System.Text.Json;

namespace EyeOfHorus.Edge.Configuration;

/// <summary>
/// The stack outputs written by <c>npx cdk deploy --outputs-file horus.outputs.json</c>
/// (<c>{"EyeOfHorus": {"FacesBucket": "...", ...}}</c>): how every horus command finds the system.
/// </summary>
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
    IReadOnlyList<string> Cameras,
    IReadOnlyDictionary<string, string> CameraStreams,
    IReadOnlyDictionary<string, string> StreamProcessors)
{
    public const string DefaultFileName = "horus.outputs.json";
    public const string StackName = "EyeOfHorus";
    public const string DeployHint =
        "Deploy first and keep the outputs: `npx cdk deploy --outputs-file horus.outputs.json` (then pass --outputs PATH or run horus from that folder).";

    public bool IsEdgeRecognition => string.Equals(Recognition, "edge", StringComparison.OrdinalIgnoreCase);

    /// <summary>An empty configuration, for when every value comes from flags.</summary>
    public static DeployOutputs Empty { get; } = new(null, "stream-processor", null, null, null, null, null, null, null,
        [], new Dictionary<string, string>(), new Dictionary<string, string>());

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
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty(StackName, out var stack) || stack.ValueKind != JsonValueKind.Object)
            throw new DeployOutputsException($"'{path}' has no outputs of the {StackName} stack: is the stack deployed? {DeployHint}");

        string? Get(string key) =>
            stack.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s ? s : null;

        return new DeployOutputs(
            Get("Region"),
            Get("Recognition") ?? "stream-processor",
            Get("FacesBucket"),
            Get("CollectionId"),
            Get("DataStreamName"),
            Get("DataStreamArn"),
            Get("AlertTopicArn"),
            Get("CooldownTable"),
            Get("CameraHostPolicyArn"),
            SplitList(Get("Cameras")),
            SplitPairs(Get("CameraStreams")),
            SplitPairs(Get("StreamProcessors")));
    }

    private static List<string> SplitList(string? value) =>
        value is null ? [] : [.. value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    /// <summary>"front-door=eye-of-horus-front-door,garage=eye-of-horus-garage" → camera → name.</summary>
    public static IReadOnlyDictionary<string, string> SplitPairs(string? value)
    {
        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in SplitList(value))
        {
            var eq = item.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0 && eq < item.Length - 1) pairs[item[..eq]] = item[(eq + 1)..];
        }
        return pairs;
    }
}

/// <summary>The deploy outputs are missing or unusable; the message says what to do.</summary>
public sealed class DeployOutputsException(string message) : Exception(message);
