namespace EyeOfHorus.FaceEngine;

/// <summary>Thresholds of the engine. The defaults are calibrated on the repository's photos (README).</summary>
public sealed record FaceEngineOptions
{
    /// <summary>Lowest detector score (0-1) that counts as a face.</summary>
    public float MinScore { get; init; } = 0.6f;

    /// <summary>Faces whose eye centres are closer than this many pixels are too small to recognise.</summary>
    public float MinEyeDistance { get; init; } = 24f;

    /// <summary>Aligned chips whose Laplacian variance is below this are too blurred.</summary>
    public float MinSharpness { get; init; } = 25f;

    /// <summary>Faces whose nose is further than this from the middle of the eyes (|yaw|) are too turned.</summary>
    public float MaxYaw { get; init; } = 0.6f;

    /// <summary>Threads each model may use (1: one core, the camera host's budget).</summary>
    public int Threads { get; init; } = 1;

    /// <summary>Largest picture decoded, in pixels.</summary>
    public long MaxPixels { get; init; } = FaceImage.DefaultMaxPixels;
}
