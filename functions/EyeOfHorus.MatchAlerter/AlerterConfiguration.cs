using System.Globalization;
using EyeOfHorus.Contract;
using EyeOfHorus.Recognition.Alerts;
using Env = EyeOfHorus.Contract.MatchAlerterEnvironment;

namespace EyeOfHorus.MatchAlerter;

/// <summary>The alerter's environment (<see cref="MatchAlerterEnvironment"/>: names and defaults as the deployment sets them).</summary>
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
        var events = (get(Env.AlertEvents) is { Length: > 0 } list ? list : Env.DefaultAlertEvents)
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
        if (events.FirstOrDefault(e => !AlertEvents.All.Contains(e)) is { } unknownEvent)
            throw new InvalidOperationException($"{Env.AlertEvents}: unknown event '{unknownEvent}' (known: {string.Join(", ", AlertEvents.All)}).");
        CameraDirectory cameras;
        try { cameras = CameraDirectory.Parse(get(Env.CameraStreams)); }
        catch (FormatException ex) { throw new InvalidOperationException($"{Env.CameraStreams}: " + ex.Message, ex); }
        return new AlerterConfiguration(
            Required(Env.TopicArn),
            Required(Env.CooldownTable),
            get(Env.SnapshotBucket) is { Length: > 0 } bucket ? bucket : null,
            cameras,
            new AlertSettings
            {
                FaceMatchThreshold = Number(Env.FaceMatchThreshold, Env.DefaultFaceMatchThreshold, FaceMatching.MinThreshold, FaceMatching.MaxThreshold),
                UnknownMinConfidence = Number(Env.UnknownMinConfidence, Env.DefaultUnknownMinConfidence, 0, 100),
                UnknownMinFaceSize = Number(Env.UnknownMinFaceSize, Env.DefaultUnknownMinFaceSize, 0, 1),
                Events = events,
                Cooldown = TimeSpan.FromSeconds(Number(Env.CooldownSeconds, Env.DefaultCooldownSeconds, 1, 86400)),
            });
    }
}
