using Amazon.CDK;
using Amazon.CDK.AWS.KinesisVideo;
using Constructs;
using EyeOfHorus.Contract;

namespace EyeOfHorus.Infra;

/// <summary>
/// One Kinesis video stream per camera, <c>eye-of-horus-&lt;camera&gt;</c>, keeping
/// <c>videoRetentionHours</c> of video. KVS encrypts at rest with the AWS-managed key
/// (aws/kinesisvideo). Deleted with the stack, archive included.
/// </summary>
public sealed class VideoStreams : Construct
{
    public IReadOnlyDictionary<string, CfnStream> ByCamera { get; }

    public IEnumerable<string> Arns => ByCamera.Values.Select(s => s.AttrArn);

    public VideoStreams(Construct scope, string id, IReadOnlyList<string> cameras, int retentionHours) : base(scope, id)
    {
        ArgumentNullException.ThrowIfNull(cameras);
        ByCamera = cameras.ToDictionary(camera => camera, camera =>
        {
            var stream = new CfnStream(this, camera, new CfnStreamProps
            {
                Name = ResourceNames.VideoStream(camera),
                DataRetentionInHours = retentionHours,
                MediaType = "video/h264",
            });
            stream.ApplyRemovalPolicy(RemovalPolicy.DESTROY);
            return stream;
        });
    }
}
