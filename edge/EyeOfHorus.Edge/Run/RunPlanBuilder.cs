using System.Globalization;
using EyeOfHorus.Contract;
using EyeOfHorus.Edge.Pipeline;
using EyeOfHorus.Local;
using EyeOfHorus.Local.Alerts;
using EyeOfHorus.Local.Config;
using EyeOfHorus.Local.Frames;
using EyeOfHorus.Local.Tracking;
using EyeOfHorus.Recognition.Alerts;

namespace EyeOfHorus.Edge.Run;

/// <summary>What <c>horus run</c> was given on its command line (no secret is ever among it).</summary>
public sealed record RunFlags(
    IReadOnlyList<string> Cameras,
    string? Faces = null,
    string? State = null,
    int? Fps = null,
    double? Threshold = null,
    double? CooldownSeconds = null,
    bool Json = false);

/// <summary>
/// Turns the config file, the flags and the environment into a <see cref="RunPlan"/>: flags win over
/// the file, the environment over the file for the webhook and MQTT. Cameras come from repeated
/// <c>--camera NAME=SOURCE</c>, else the file's <c>cameras</c>; sources are <c>horus publish</c>'s.
/// </summary>
public static class RunPlanBuilder
{
    public const string DefaultCameraName = "camera";
    public const int DefaultFps = 4;
    public const string DefaultStateFolder = "horus-state";

    /// <exception cref="FormatException">Anything the user must fix; the message says what.</exception>
    public static async Task<RunPlan> BuildAsync(RunConfig config, RunFlags flags, Func<string, string?> env,
        Func<VideoSource, CancellationToken, Task<(VideoSource? Source, string? Error)>> resolveAuto, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(flags);
        ArgumentNullException.ThrowIfNull(resolveAuto);
        var entries = new List<(string Name, CameraEntry Entry)>();
        if (flags.Cameras.Count > 0)
        {
            foreach (var text in flags.Cameras)
            {
                var eq = text.IndexOf('=', StringComparison.Ordinal);
                // NAME=SOURCE; a bare SOURCE (no '=' before "://" or ':') names the camera "camera".
                var named = eq > 0 && !text[..eq].Contains(':', StringComparison.Ordinal) && !text[..eq].Contains('/', StringComparison.Ordinal);
                entries.Add(named ? (text[..eq].Trim(), new CameraEntry(text[(eq + 1)..])) : (DefaultCameraName, new CameraEntry(text)));
            }
        }
        else if (config.Cameras is { Count: > 0 } fromFile)
        {
            entries.AddRange(fromFile.Select(kv => (kv.Key, kv.Value)));
        }
        else
        {
            entries.Add((DefaultCameraName, new CameraEntry("auto")));
        }
        var duplicate = entries.GroupBy(e => e.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new FormatException($"camera '{duplicate.Key}' is named twice");

        var threshold = flags.Threshold ?? config.Threshold ?? FaceMatching.DefaultThreshold;
        var cooldown = TimeSpan.FromSeconds(flags.CooldownSeconds ?? config.CooldownSeconds ?? 300);
        if (cooldown < TimeSpan.Zero) throw new FormatException("the cooldown must be 0 seconds or more");
        var cameras = new List<RunCamera>();
        foreach (var (name, entry) in entries)
        {
            if (name.Length == 0) throw new FormatException("a camera needs a name (NAME=SOURCE)");
            if (!VideoSource.TryParse(entry.Source ?? "", out var requested, out var error)) throw new FormatException($"camera '{name}': {error}");
            var (source, autoError) = await resolveAuto(requested!, ct).ConfigureAwait(false);
            if (source is null) throw new FormatException($"camera '{name}': {autoError}");
            var fps = flags.Fps ?? entry.Fps ?? config.Fps ?? DefaultFps;
            if (fps is < 1 or > 30) throw new FormatException($"camera '{name}': fps {fps.ToString(CultureInfo.InvariantCulture)} must be from 1 to 30");
            var cameraThreshold = flags.Threshold ?? entry.Threshold ?? threshold;
            if (cameraThreshold is < 0 or > 100) throw new FormatException($"camera '{name}': threshold {cameraThreshold.ToString(CultureInfo.InvariantCulture)} must be from 0 to 100");
            var finite = source is VideoSource.VideoFile or VideoSource.TestPattern { FrameCount: not null };
            cameras.Add(new RunCamera(
                new CameraSource(name, PipelineBuilder.SourceTokens(source), finite, fps),
                LocalAlertSettings.Default with { FaceMatchThreshold = cameraThreshold, Cooldown = cooldown },
                new TrackRules(MatchThreshold: cameraThreshold, MinFaces: config.MinFaces ?? TrackRules.Default.MinFaces,
                    MinUnknownFrames: config.MinUnknownFrames ?? TrackRules.Default.MinUnknownFrames)));
        }
        var snapshots = config.Snapshots is { } s
            ? new SnapshotRetention(s.KeepDays is { } days ? TimeSpan.FromDays(days) : SnapshotRetention.Default.MaxAge, s.KeepCount ?? SnapshotRetention.Default.MaxCount)
            : SnapshotRetention.Default;
        return new RunPlan(
            cameras,
            Path.GetFullPath(flags.Faces ?? config.Faces ?? "faces"),
            Path.GetFullPath(flags.State ?? config.State ?? DefaultStateFolder),
            RunEnvironment.Webhook(config, env),
            RunEnvironment.Mqtt(config, env),
            snapshots,
            flags.Json ? ConsoleFormat.Json : ConsoleFormat.Text);
    }
}
