namespace EyeOfHorus.Edge.Pipeline;

/// <summary>
/// Everything the camera pipeline is made of. <see cref="Analysis"/> is the optional frame-analysis
/// branch: when present the raw frames are split by a tee after the caps filter, the encoder gets
/// its own queue, and the analysis branch gets a leaky queue so it can never slow the video down.
/// </summary>
public sealed record PipelineSpec(VideoSource Source, EncodingSettings Encoding, PipelineSink Sink, AnalysisBranch? Analysis = null);

/// <summary>
/// gst-launch tokens that consume raw I420 frames at the encoding size and rate, e.g.
/// <c>videorate ! video/x-raw,framerate=2/1 ! jpegenc ! multifilesink ...</c>. Build them with
/// <see cref="GstTokens"/>. <see cref="Elements"/> lists the element factories it uses, for preflight.
/// </summary>
public sealed record AnalysisBranch(IReadOnlyList<string> Tokens, IReadOnlyList<string> Elements);
