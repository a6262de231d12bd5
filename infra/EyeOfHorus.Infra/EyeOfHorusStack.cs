using Amazon.CDK;
using Constructs;
using EyeOfHorus.Contract;

namespace EyeOfHorus.Infra;

/// <summary>The whole system, one construct per concern, in the order data flows through it.</summary>
public sealed class EyeOfHorusStack : Stack
{
    public DeploymentSettings Settings { get; }

    public EyeOfHorusStack(Construct scope, DeploymentSettings settings, LambdaPackages code, IStackProps? props = null)
        : base(scope, ResourceNames.StackName, props)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(code);
        Settings = settings;
        TemplateOptions.Description = $"Eye of Horus: face-recognition security cameras ({settings.RecognitionName} mode, cameras {string.Join(',', settings.Cameras)})";

        var key = new EncryptionKey(this, "EncryptionKey");
        var faces = new FacesBucket(this, "FacesBucket");
        // Local mode recognises on the camera host against the bucket's photos: no collection.
        var collection = settings.UsesRekognition ? new FaceCollection(this, "FaceCollection") : null;

        // camera -> KVS -> (stream processor | edge) -> match data stream
        var videoStreams = new VideoStreams(this, "VideoStreams", settings.Cameras, settings.VideoRetentionHours);
        var dataStream = new MatchDataStream(this, "MatchDataStream", key.Key);
        var processors = settings.Recognition == RecognitionMode.StreamProcessor
            ? new StreamProcessors(this, "StreamProcessors", code.StreamProcessorLifecycle, videoStreams, dataStream, key, collection!, settings.FaceMatchThreshold)
            : null;

        // match data stream -> MatchAlerter -> alert topic
        var topic = new AlertTopic(this, "AlertTopic", key.Key, settings.AlertEmail);
        var cooldowns = new CooldownTable(this, "CooldownTable");
        var alerter = new MatchAlerterFunction(this, "MatchAlerter", code.MatchAlerter, settings, dataStream, topic, cooldowns, faces, key);

        // faces bucket -> FaceIndexer -> collection (local mode: -> the local engine's verdict, as tags)
        _ = new FaceIndexerFunction(this, "FaceIndexer", code.FaceIndexer, faces, collection, topic, key);

        var cameraHost = new CameraHostPolicy(this, "CameraHostPolicy", settings, videoStreams, collection, dataStream, faces, key);
        _ = new StackOutputs(this, "Outputs", settings, faces, collection, dataStream, topic, cooldowns, cameraHost, alerter.Failures, processors);
    }
}
