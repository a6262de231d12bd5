using System.Text.Json;
using System.Text.Json.Serialization;
using EyeOfHorus.Local.Alerts;

namespace EyeOfHorus.Local.Config;

/// <summary>One camera in the config file.</summary>
public sealed record CameraEntry(string Source, int? Fps = null, double? Threshold = null);

public sealed record WebhookEntry(string? Url = null);

public sealed record MqttEntry(string? Url = null, string? Username = null, string? Password = null, string? TopicPrefix = null);

public sealed record SnapshotEntry(double? KeepDays = null, int? KeepCount = null);

/// <summary>The web console: where it listens (HOST:PORT or "off") and the hash of its password (never the password itself).</summary>
public sealed record ConsoleEntry(string? Listen = null, string? PasswordHash = null);

/// <summary>
/// The <c>horus run</c> config file (JSON). Everything has a default; the webhook URL and the MQTT
/// broker and credentials are read from here or the environment (<see cref="RunEnvironment"/>), never
/// from the command line, where every user of the host could read them.
/// </summary>
public sealed record RunConfig
{
    public string? Faces { get; init; }
    public string? State { get; init; }
    public Dictionary<string, CameraEntry>? Cameras { get; init; }
    public int? Fps { get; init; }
    public double? Threshold { get; init; }
    public double? CooldownSeconds { get; init; }
    public int? MinFaces { get; init; }
    public int? MinUnknownFrames { get; init; }
    public WebhookEntry? Webhook { get; init; }
    public MqttEntry? Mqtt { get; init; }
    public SnapshotEntry? Snapshots { get; init; }
    public ConsoleEntry? Console { get; init; }

    /// <exception cref="FormatException">The file is not valid JSON of this shape; the message says where.</exception>
    public static RunConfig Parse(string json)
    {
        try
        {
            return JsonSerializer.Deserialize(json, RunConfigJson.Default.RunConfig) ?? new RunConfig();
        }
        catch (JsonException ex)
        {
            throw new FormatException($"not a valid horus run config ({ex.Message})", ex);
        }
    }

    public static RunConfig Load(string path)
    {
        string text;
        try { text = File.ReadAllText(path); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new FormatException($"cannot read the config file {path}: {ex.Message}", ex);
        }
        try { return Parse(text); }
        catch (FormatException ex) { throw new FormatException($"{path}: {ex.Message}", ex); }
    }
}

/// <summary>Environment variables that override the config file's secrets and endpoints.</summary>
public static class RunEnvironment
{
    public const string WebhookUrl = "HORUS_WEBHOOK_URL";
    public const string MqttUrl = "HORUS_MQTT_URL";
    public const string MqttUsername = "HORUS_MQTT_USERNAME";
    public const string MqttPassword = "HORUS_MQTT_PASSWORD";

    /// <summary>The webhook to POST alerts to, or null. <paramref name="env"/> reads a variable (tests pass their own).</summary>
    public static Uri? Webhook(RunConfig config, Func<string, string?> env)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(env);
        var text = env(WebhookUrl) is { Length: > 0 } fromEnv ? fromEnv : config.Webhook?.Url;
        if (string.IsNullOrEmpty(text)) return null;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            throw new FormatException($"the webhook URL '{Redact(text)}' is not an http:// or https:// URL");
        return url;
    }

    /// <summary>The MQTT broker and credentials, or null when none is configured.</summary>
    public static MqttSettings? Mqtt(RunConfig config, Func<string, string?> env)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(env);
        var text = env(MqttUrl) is { Length: > 0 } fromEnv ? fromEnv : config.Mqtt?.Url;
        if (string.IsNullOrEmpty(text)) return null;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || url.Scheme is not ("mqtt" or "mqtts") || url.Host.Length == 0)
            throw new FormatException($"the MQTT broker '{Redact(text)}' is not an mqtt://HOST[:PORT] or mqtts://HOST[:PORT] URL");
        if (url.UserInfo.Length > 0)
            throw new FormatException($"put the MQTT user and password in {MqttUsername}/{MqttPassword} or the config file's mqtt.username/password, not in the broker URL");
        var user = env(MqttUsername) is { Length: > 0 } u ? u : config.Mqtt?.Username;
        var password = env(MqttPassword) is { Length: > 0 } p ? p : config.Mqtt?.Password;
        return new MqttSettings(url, user, password, config.Mqtt?.TopicPrefix is { Length: > 0 } prefix ? prefix : "horus");
    }

    // A URL in an error message without what may be a secret (user info, query token).
    private static string Redact(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var u) ? $"{u.Scheme}://{u.Host}{(u.IsDefaultPort ? "" : ":" + u.Port)}{u.AbsolutePath}" : "(unreadable)";
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true, UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(RunConfig))]
internal sealed partial class RunConfigJson : JsonSerializerContext;
