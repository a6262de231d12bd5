namespace EyeOfHorus.Infra;

/// <summary>The fixed physical names other components rely on (README, the `horus` CLI).</summary>
public static class Names
{
    public const string StackName = "EyeOfHorus";
    public const string CollectionId = "eye-of-horus-faces";
    public const string FacesPrefix = "faces/";
    public const string SnapshotsPrefix = "snapshots/";

    public static string VideoStream(string camera) => "eye-of-horus-" + camera;

    public static string StreamProcessor(string camera) => "eye-of-horus-" + camera;

    /// <summary>"front-door=eye-of-horus-front-door,garage=..." (outputs and the alerter's CAMERA_STREAMS).</summary>
    public static string CameraMap(IEnumerable<string> cameras, Func<string, string> name) =>
        string.Join(',', cameras.Select(c => c + "=" + name(c)));
}
