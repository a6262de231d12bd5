using System.Numerics;

namespace EyeOfHorus.FaceEngine;

/// <summary>
/// Euclidean distance between embeddings and its mapping to Rekognition's 0-100 similarity:
/// similarity = 100 - 10 * distance / <see cref="MatchDistance"/>, clamped to [0, 100]. Monotone,
/// 100 for identical faces, and exactly 90 (the default FaceMatchThreshold) at the calibrated distance.
/// </summary>
public static class FaceDistance
{
    /// <summary>The calibrated same-person distance (README, "Local face engine"): faces closer
    /// than this are the same person; similarity 90 corresponds to it.</summary>
    public const float MatchDistance = 0.50f;

    public static float Euclidean(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length) throw new ArgumentException($"embeddings of {a.Length} and {b.Length} dimensions");
        var sum = Vector<float>.Zero;
        var i = 0;
        for (; i <= a.Length - Vector<float>.Count; i += Vector<float>.Count)
        {
            var d = new Vector<float>(a[i..]) - new Vector<float>(b[i..]);
            sum += d * d;
        }
        var total = Vector.Sum(sum);
        for (; i < a.Length; i++) total += (a[i] - b[i]) * (a[i] - b[i]);
        return MathF.Sqrt(total);
    }

    public static float ToSimilarity(float distance) => Math.Clamp(100f - 10f * distance / MatchDistance, 0f, 100f);

    /// <summary>The distance a similarity threshold stands for (inverse of <see cref="ToSimilarity"/> on 0-100).</summary>
    public static float ToDistance(float similarity) => (100f - Math.Clamp(similarity, 0f, 100f)) * MatchDistance / 10f;
}
