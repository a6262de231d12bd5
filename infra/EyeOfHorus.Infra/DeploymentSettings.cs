using System.Globalization;
using System.Text.RegularExpressions;
using Constructs;
using EyeOfHorus.Contract;

namespace EyeOfHorus.Infra;

/// <summary>Where match records come from (<c>-c recognition=...</c>).</summary>
public enum RecognitionMode
{
    /// <summary>KVS -> Rekognition stream processor -> Kinesis data stream (the default).</summary>
    StreamProcessor,

    /// <summary>The camera host calls SearchFacesByImage and writes the same records itself.</summary>
    Edge,

    /// <summary>The camera host recognises with the local face engine and writes the same records: no Rekognition at all.</summary>
    Local,
}

/// <summary>The deployment's choices, read from CDK context (<c>-c key=value</c> or cdk.json).</summary>
public sealed partial record DeploymentSettings(
    RecognitionMode Recognition,
    IReadOnlyList<string> Cameras,
    double FaceMatchThreshold,
    string? AlertEmail,
    int VideoRetentionHours)
{
    public const string RecognitionKey = "recognition";
    public const string CamerasKey = "cameras";
    public const string FaceMatchThresholdKey = "faceMatchThreshold";
    public const string AlertEmailKey = "alertEmail";
    public const string VideoRetentionHoursKey = "videoRetentionHours";

    public static DeploymentSettings Default { get; } =
        new(RecognitionMode.StreamProcessor, ["front-door"], FaceMatching.DefaultThreshold, null, 24);

    /// <summary>"stream-processor", "edge" or "local", as written on the command line and in the outputs.</summary>
    public string RecognitionName => Recognition switch
    {
        RecognitionMode.Edge => RecognitionModes.Edge,
        RecognitionMode.Local => RecognitionModes.Local,
        _ => RecognitionModes.StreamProcessor,
    };

    /// <summary>Whether the stack has a Rekognition collection (and the FaceIndexer maintains it): not in local mode.</summary>
    public bool UsesRekognition => Recognition != RecognitionMode.Local;

    /// <exception cref="ArgumentException">A context value is malformed; the message names the flag and what is allowed.</exception>
    public static DeploymentSettings FromContext(Node node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return Parse(key => node.TryGetContext(key)?.ToString());
    }

    /// <summary>Parses raw context values; <paramref name="read"/> returns null for an absent key.</summary>
    public static DeploymentSettings Parse(Func<string, string?> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        var settings = new DeploymentSettings(
            ParseRecognition(read(RecognitionKey)),
            ParseCameras(read(CamerasKey)),
            ParseThreshold(read(FaceMatchThresholdKey)),
            ParseEmail(read(AlertEmailKey)),
            ParseRetention(read(VideoRetentionHoursKey)));
        // Rekognition raises a stream processor's threshold below 80 to 80 without a word, while the
        // alerter would still use the lower value: refuse it rather than let the two disagree. Edge mode
        // (SearchFacesByImage) and local mode (the engine's similarity) honour any threshold, so they keep the full range.
        if (settings.Recognition == RecognitionMode.StreamProcessor && settings.FaceMatchThreshold < StreamProcessorMinimumThreshold)
            throw new ArgumentException(
                $"-c {FaceMatchThresholdKey}={settings.FaceMatchThreshold.ToString(CultureInfo.InvariantCulture)} is below {StreamProcessorMinimumThreshold}: " +
                $"Rekognition stream processors raise lower thresholds to {StreamProcessorMinimumThreshold}. Use {StreamProcessorMinimumThreshold}-100, or -c {RecognitionKey}=edge for a lower one.");
        return settings;
    }

    /// <summary>The lowest FaceMatchThreshold a Rekognition stream processor keeps as given.</summary>
    public const double StreamProcessorMinimumThreshold = 80;

    private static RecognitionMode ParseRecognition(string? value) => value?.Trim() switch
    {
        null or "" or RecognitionModes.StreamProcessor => RecognitionMode.StreamProcessor,
        RecognitionModes.Edge => RecognitionMode.Edge,
        RecognitionModes.Local => RecognitionMode.Local,
        _ => throw new ArgumentException(
            $"-c {RecognitionKey}={value} is not a recognition mode: use '{RecognitionModes.StreamProcessor}' (default), '{RecognitionModes.Edge}' or '{RecognitionModes.Local}'."),
    };

    // Camera names become part of KVS stream and stream processor names ([a-zA-Z0-9_.-]) and of the
    // "camera=stream" lists in the outputs, so they are restricted to what is safe in all three.
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]{0,49}$")]
    private static partial Regex CameraName();

    private static List<string> ParseCameras(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return [.. Default.Cameras];
        var cameras = value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();
        if (cameras.Count == 0)
            throw new ArgumentException($"-c {CamerasKey}={value} names no camera: give a comma-separated list such as front-door,garage.");
        foreach (var camera in cameras)
        {
            if (!CameraName().IsMatch(camera))
                throw new ArgumentException(
                    $"-c {CamerasKey}: '{camera}' is not a valid camera name: use 1-50 letters, digits, '-', '_' or '.', starting with a letter or digit.");
        }
        var duplicate = cameras.GroupBy(c => c, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new ArgumentException($"-c {CamerasKey}: camera '{duplicate.Key}' is listed twice.");
        return cameras;
    }

    private static double ParseThreshold(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return Default.FaceMatchThreshold;
        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var threshold)
            || threshold is < FaceMatching.MinThreshold or > FaceMatching.MaxThreshold || double.IsNaN(threshold))
            throw new ArgumentException($"-c {FaceMatchThresholdKey}={value} must be a similarity between {FaceMatching.MinThreshold} and {FaceMatching.MaxThreshold} (default {FaceMatching.DefaultThreshold}).");
        return threshold;
    }

    private static string? ParseEmail(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var email = value.Trim();
        var at = email.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || at == email.Length - 1 || email.Contains(' ', StringComparison.Ordinal) || email.Contains(',', StringComparison.Ordinal))
            throw new ArgumentException($"-c {AlertEmailKey}={value} is not an email address.");
        return email;
    }

    private static int ParseRetention(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return Default.VideoRetentionHours;
        // KVS allows 0 to 87600 hours; 0 would keep no video archive, which is why KVS stays in edge mode.
        if (!int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var hours) || hours is < 1 or > 87600)
            throw new ArgumentException($"-c {VideoRetentionHoursKey}={value} must be a whole number of hours from 1 to 87600 (default 24).");
        return hours;
    }
}
