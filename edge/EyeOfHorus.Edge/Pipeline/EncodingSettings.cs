namespace EyeOfHorus.Edge.Pipeline;

/// <summary>
/// What the encoder produces. The keyframe interval is always one second (<see cref="Fps"/> frames):
/// kvssink starts a fragment at every keyframe and Rekognition works per fragment.
/// </summary>
/// <param name="BitrateKbps">Target bitrate in kbit/s (x264enc's unit).</param>
/// <param name="SpeedPreset">x264 speed preset: trades CPU for quality at a given bitrate.</param>
public sealed record EncodingSettings(int Width, int Height, int Fps, int BitrateKbps, string SpeedPreset = EncodingSettings.DefaultSpeedPreset)
{
    public const string DefaultSpeedPreset = "veryfast";

    public static readonly IReadOnlyList<string> SpeedPresets =
        ["ultrafast", "superfast", "veryfast", "faster", "fast", "medium", "slow", "slower", "veryslow", "placebo"];

    public int KeyframeInterval => Fps;

    /// <summary>Null when usable, else what is wrong (for the user).</summary>
    public string? Validate()
    {
        if (Width is < 16 or > 7680 || Width % 2 != 0) return $"width {Width} must be an even number from 16 to 7680";
        if (Height is < 16 or > 4320 || Height % 2 != 0) return $"height {Height} must be an even number from 16 to 4320";
        if (Fps is < 1 or > 120) return $"fps {Fps} must be from 1 to 120";
        if (BitrateKbps is < 16 or > 100_000) return $"bitrate {BitrateKbps} kbit/s must be from 16 to 100000";
        if (!SpeedPresets.Contains(SpeedPreset)) return $"speed preset '{SpeedPreset}' must be one of {string.Join(", ", SpeedPresets)}";
        return null;
    }
}

/// <summary>The seed's two presets; every value can be overridden by a flag.</summary>
public static class EncodingPresets
{
    public const string QualityName = "quality";
    public const string LowLatencyName = "low-latency";

    public static EncodingSettings Quality { get; } = new(1280, 720, 20, 500);

    public static EncodingSettings LowLatency { get; } = new(640, 480, 20, 300);

    public static IReadOnlyList<string> Names { get; } = [QualityName, LowLatencyName];

    public static EncodingSettings? Find(string name) => name switch
    {
        QualityName => Quality,
        LowLatencyName => LowLatency,
        _ => null,
    };
}
