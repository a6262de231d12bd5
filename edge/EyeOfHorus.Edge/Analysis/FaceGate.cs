using EyeOfHorus.FaceEngine;
using EyeOfHorus.Local.Gallery;
using Engine = EyeOfHorus.FaceEngine.FaceEngine;

namespace EyeOfHorus.Edge.Analysis;

/// <summary>A face the engine found in a sampled frame, and why it is not worth a search (null: it is).</summary>
/// <param name="Rect">Its box in frame pixels.</param>
public sealed record GatedFace(FaceRect Rect, DetectedFace Detection, string? NotSearched)
{
    public bool Searchable => NotSearched is null;
}

/// <summary>
/// The first half of gating: faces found by the project's face engine (BlazeFace, landmarks,
/// quality). A face the engine cannot recognise would not be recognised by Rekognition either, so
/// it costs no call: too small (eyes under <see cref="FaceEngineOptions.MinEyeDistance"/> px apart),
/// blurred, turned away, or cut by the frame edge (the rules <c>horus run</c> applies,
/// <see cref="LocalFaceEngine"/>). Such a face is still tracked, and searched once it turns good.
/// </summary>
public sealed class FaceGate(Engine engine)
{
    public Engine Engine { get; } = engine;

    public IReadOnlyList<GatedFace> Detect(FrameImage frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        using var image = frame.ToFaceImage();
        return [.. Engine.Detect(image).Select(face => new GatedFace(ToRect(face.Box, frame), face, Problem(face, frame)))];
    }

    private static string? Problem(DetectedFace face, FrameImage frame)
    {
        var (b, margin) = (face.Box, LocalFaceEngine.EdgeMargin);
        if (b.Left < margin || b.Top < margin || b.Right > frame.Width - margin || b.Bottom > frame.Height - margin) return "clipped by the frame edge";
        return face.Quality.Problem switch
        {
            FaceQualityProblem.None => null,
            FaceQualityProblem.TooSmall => "too small",
            FaceQualityProblem.Blurred => "blurred",
            FaceQualityProblem.NotFrontal => "turned away",
            var other => other.ToString(),
        };
    }

    private static FaceRect ToRect(FaceBox box, FrameImage frame)
    {
        var left = Math.Clamp((int)MathF.Round(box.Left), 0, frame.Width);
        var top = Math.Clamp((int)MathF.Round(box.Top), 0, frame.Height);
        var right = Math.Clamp((int)MathF.Round(box.Right), left, frame.Width);
        var bottom = Math.Clamp((int)MathF.Round(box.Bottom), top, frame.Height);
        return new FaceRect(left, top, right - left, bottom - top);
    }
}
