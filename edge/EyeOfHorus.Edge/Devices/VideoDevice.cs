namespace EyeOfHorus.Edge.Devices;

/// <summary>A camera as gst-device-monitor-1.0 describes it.</summary>
/// <param name="Properties">The device's properties (device.path, device.api, ...), unescaped.</param>
/// <param name="LaunchLine">The element line the monitor suggests, e.g. <c>v4l2src device=/dev/video0 ! ...</c>.</param>
public sealed record VideoDevice(
    string Name,
    string DeviceClass,
    IReadOnlyList<VideoMode> Modes,
    IReadOnlyDictionary<string, string> Properties,
    string? LaunchLine)
{
    /// <summary>The element factory the monitor's launch line starts with (v4l2src, avfvideosrc, mfvideosrc, pipewiresrc...).</summary>
    public string? Element => LaunchLine?.Split(' ', StringSplitOptions.RemoveEmptyEntries).SkipWhile(w => w.StartsWith("gst-launch", StringComparison.Ordinal)).FirstOrDefault();

    /// <summary>The value to give <c>horus publish --source</c> for this camera, when horus can drive its element.</summary>
    public string? SourceArgument
    {
        get
        {
            var path = Properties.GetValueOrDefault("api.v4l2.path") ?? Properties.GetValueOrDefault("device.path");
            return Element switch
            {
                "v4l2src" when path is not null => path,
                "avfvideosrc" => "avf:" + (LaunchProperty("device-index") ?? Properties.GetValueOrDefault("avf.unique_id") ?? string.Empty),
                "mfvideosrc" => "mf:" + (Properties.GetValueOrDefault("device.path") ?? string.Empty),
                _ when path is not null && path.StartsWith("/dev/video", StringComparison.Ordinal) => path,
                _ => null,
            };
        }
    }

    private string? LaunchProperty(string name)
    {
        if (LaunchLine is null) return null;
        foreach (var word in LaunchLine.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (word.StartsWith(name + "=", StringComparison.Ordinal)) return word[(name.Length + 1)..].Trim('"');
        }
        return null;
    }
}

/// <summary>One capture mode: a format at a size, with the frame rates it offers ("30/1", or a range "[ 5/1, 30/1 ]").</summary>
public sealed record VideoMode(string MediaType, string? Format, string Width, string Height, IReadOnlyList<string> FrameRates)
{
    public override string ToString()
    {
        var kind = MediaType == "video/x-raw" ? Format ?? "raw" : MediaType.Replace("image/jpeg", "MJPG", StringComparison.Ordinal).Replace("video/x-", "", StringComparison.Ordinal);
        var rates = FrameRates.Count == 0 ? "any rate" : string.Join(", ", FrameRates.Select(FpsText)) + " fps";
        return $"{Width}x{Height} {kind} @ {rates}";
    }

    private static string FpsText(string rate)
    {
        var parts = rate.Split('/');
        return parts.Length == 2 && parts[1] == "1" ? parts[0] : rate;
    }
}
