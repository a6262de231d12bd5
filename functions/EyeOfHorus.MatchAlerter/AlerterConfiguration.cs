using System.Globalization;
using EyeOfHorus.Recognition.Alerts;

namespace EyeOfHorus.MatchAlerter;

/// <summary>The alerter's environment (names as the deployment sets them).</summary>
public sealed record AlerterConfiguration(
    string TopicArn,
    string CooldownTable,
    string? SnapshotBucket,
    CameraDirectory Cameras,
    AlertSettings Settings)
{
    /// <exception cref="InvalidOperationException">A variable is missing or malformed; the message names it.</exception>
    public static AlerterConfiguration FromEnvironment(Func<string, string?> get)
    {
        ArgumentNullException.ThrowIfNull(get);
        string Required(string name) => get(name) is { Length: > 0 } v ? v : throw new InvalidOperationException($"{name} is not set.");
        double Number(string name, double fallback, double min, double max)
        {
            var raw = get(name);
            if (string.IsNullOrWhiteSpace(raw)) return fallback;
            return double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v >= min && v <= max
                ? v : throw new InvalidOperationException($"{name}='{raw}' is not a number from {min} to {max}.");
        }
        var events = (get("ALERT_EVENTS") is { Length: > 0 } list ? list : string.Join(',', AlertEvents.All))
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
        if (events.FirstOrDefault(e => !AlertEvents.All.Contains(e)) is { } unknownEvent)
            throw new InvalidOperationException($"ALERT_EVENTS: unknown event '{unknownEvent}' (known: {string.Join(", ", AlertEvents.All)}).");
        CameraDirectory cameras;
        try { cameras = CameraDirectory.Parse(get("CAMERA_STREAMS")); }
        catch (FormatException ex) { throw new InvalidOperationException("CAMERA_STREAMS: " + ex.Message, ex); }
        return new AlerterConfiguration(
            Required("TOPIC_ARN"),
            Required("COOLDOWN_TABLE"),
            get("SNAPSHOT_BUCKET") is { Length: > 0 } bucket ? bucket : null,
            cameras,
            new AlertSettings
            {
                FaceMatchThreshold = Number("FACE_MATCH_THRESHOLD", 90, 0, 100),
                UnknownMinConfidence = Number("UNKNOWN_MIN_CONFIDENCE", 90, 0, 100),
                UnknownMinFaceSize = Number("UNKNOWN_MIN_FACE_SIZE", 0.02, 0, 1),
                Events = events,
                Cooldown = TimeSpan.FromSeconds(Number("COOLDOWN_SECONDS", 300, 1, 86400)),
            });
    }
}
