using System.Globalization;

namespace EyeOfHorus.Contract;

/// <summary>The MatchAlerter's environment variables (set by the stack), with the value each takes when unset.</summary>
public static class MatchAlerterEnvironment
{
    public const string TopicArn = "TOPIC_ARN";
    public const string CooldownTable = "COOLDOWN_TABLE";
    /// <summary>A <see cref="CameraMap"/>: camera=video stream.</summary>
    public const string CameraStreams = "CAMERA_STREAMS";
    /// <summary>The bucket of edge snapshots (the faces bucket); unset: alerts carry no snapshot link.</summary>
    public const string SnapshotBucket = "SNAPSHOT_BUCKET";
    public const string FaceMatchThreshold = "FACE_MATCH_THRESHOLD";
    public const string UnknownMinConfidence = "UNKNOWN_MIN_CONFIDENCE";
    public const string UnknownMinFaceSize = "UNKNOWN_MIN_FACE_SIZE";
    /// <summary>Comma-separated <see cref="Contract.AlertEvents"/>.</summary>
    public const string AlertEvents = "ALERT_EVENTS";
    public const string CooldownSeconds = "COOLDOWN_SECONDS";

    public const double DefaultFaceMatchThreshold = FaceMatching.DefaultThreshold;
    /// <summary>An unmatched face alerts as unknown only when its detection is this confident (percent)...</summary>
    public const double DefaultUnknownMinConfidence = 90;
    /// <summary>
    /// The same bar in local mode, where the records carry the local detector's score (BlazeFace scores a clear
    /// face about 82): its minimum score (FaceEngineOptions.MinScore, 0.6) as a percentage, as horus run uses it.
    /// </summary>
    public const double LocalEngineUnknownMinConfidence = 60;
    /// <summary>...and its bounding box covers this fraction of the frame.</summary>
    public const double DefaultUnknownMinFaceSize = 0.02;
    /// <summary>One alert per (camera, person|unknown) per this many seconds.</summary>
    public const int DefaultCooldownSeconds = 300;
    public static string DefaultAlertEvents => string.Join(',', Contract.AlertEvents.All);

    /// <summary>How the stack writes a number into the environment (and the alerter reads it).</summary>
    public static string FormatNumber(double value) => value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>The FaceIndexer's environment variables (set by the stack), with the value each takes when unset.</summary>
public static class FaceIndexerEnvironment
{
    public const string CollectionId = "COLLECTION_ID";
    public const string TopicArn = "TOPIC_ARN";
    public const string LedgerTable = "LEDGER_TABLE";
    public const string FacesPrefix = "FACES_PREFIX";
    /// <summary>
    /// The deployment's <see cref="RecognitionModes"/>: <see cref="RecognitionModes.Local"/> checks photos with the
    /// local face engine (models in the package's models/ folder) and needs no <see cref="CollectionId"/>; unset: Rekognition.
    /// </summary>
    public const string Recognition = "RECOGNITION";

    public const string DefaultFacesPrefix = BucketLayout.FacesPrefix;
}
