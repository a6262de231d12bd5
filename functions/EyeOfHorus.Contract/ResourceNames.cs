namespace EyeOfHorus.Contract;

/// <summary>The fixed physical names the stack gives its resources, which `horus`, the README and operators rely on.</summary>
public static class ResourceNames
{
    /// <summary>The CloudFormation stack, and the top-level key of the outputs file.</summary>
    public const string StackName = "EyeOfHorus";

    /// <summary>The Rekognition collection of authorised faces.</summary>
    public const string CollectionId = "eye-of-horus-faces";

    /// <summary>What every per-camera resource name starts with.</summary>
    public const string CameraResourcePrefix = "eye-of-horus-";

    /// <summary>The camera's Kinesis video stream: <c>eye-of-horus-&lt;camera&gt;</c>.</summary>
    public static string VideoStream(string camera) => CameraResourcePrefix + camera;

    /// <summary>The camera's Rekognition stream processor (stream-processor mode): <c>eye-of-horus-&lt;camera&gt;</c>.</summary>
    public static string StreamProcessor(string camera) => CameraResourcePrefix + camera;
}
