namespace EyeOfHorus.FaceEngine;

/// <summary>A point in image pixels.</summary>
public readonly record struct PointF(float X, float Y);

/// <summary>A face box in image pixels.</summary>
public readonly record struct FaceBox(float Left, float Top, float Width, float Height)
{
    public float Right => Left + Width;
    public float Bottom => Top + Height;

    public float IntersectionOverUnion(FaceBox other)
    {
        var w = Math.Min(Right, other.Right) - Math.Max(Left, other.Left);
        var h = Math.Min(Bottom, other.Bottom) - Math.Max(Top, other.Top);
        if (w <= 0 || h <= 0) return 0;
        var inter = w * h;
        return inter / (Width * Height + other.Width * other.Height - inter);
    }
}

/// <summary>BlazeFace's six keypoints, named from the person's side (their right eye is on the
/// image's left in an unmirrored picture).</summary>
public sealed record FaceLandmarks(PointF RightEye, PointF LeftEye, PointF NoseTip, PointF Mouth, PointF RightEar, PointF LeftEar);

/// <summary>Why a detected face is not good enough to recognise.</summary>
public enum FaceQualityProblem { None, TooSmall, Blurred, NotFrontal }

/// <summary>The measurements behind the quality verdict.</summary>
/// <param name="EyeDistance">Pixels between the eye centres in the image.</param>
/// <param name="Sharpness">Variance of the Laplacian of the aligned grey chip.</param>
/// <param name="Yaw">Where the nose tip sits between the eyes: 0 frontal, +-1 at an eye.</param>
public sealed record FaceQuality(FaceQualityProblem Problem, float EyeDistance, float Sharpness, float Yaw)
{
    public bool IsGood => Problem == FaceQualityProblem.None;
}

/// <summary>A face the detector found. <see cref="Chip"/> is the aligned 150x150 RGB chip the
/// embedder reads (rows of R,G,B bytes).</summary>
public sealed record DetectedFace(FaceBox Box, FaceLandmarks Landmarks, float Score, FaceQuality Quality)
{
    public byte[] Chip { get; init; } = [];
}
