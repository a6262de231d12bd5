namespace EyeOfHorus.Contract;

/// <summary>Where match records come from, as written in <c>-c recognition=...</c> and the Recognition output.</summary>
public static class RecognitionModes
{
    /// <summary>KVS -> Rekognition stream processor -> data stream (the default).</summary>
    public const string StreamProcessor = "stream-processor";

    /// <summary>The camera host searches faces itself and writes the same records.</summary>
    public const string Edge = "edge";

    /// <summary>The camera host recognises with the local face engine against a gallery synced from the faces bucket: no Rekognition.</summary>
    public const string Local = "local";

    public const string Default = StreamProcessor;
}
