using Microsoft.ML.OnnxRuntime;
using SkiaSharp;

namespace EyeOfHorus.FaceEngine;

/// <summary>
/// MediaPipe BlazeFace full-range: the picture is letterboxed into 192x192, each of the 48x48
/// anchors (stride 4, one anchor a cell, anchor size 1) predicts a box, six keypoints and a score;
/// boxes scoring at least the minimum are merged by non-maximum suppression (IoU 0.3).
/// </summary>
internal sealed class FaceDetector : IDisposable
{
    public const int InputSize = 192;
    private const int Grid = 48;
    private const int Anchors = Grid * Grid;
    private const float NmsIou = 0.3f;

    private readonly InferenceSession _session;
    // one RunOptions for every call, alive as long as the session (a temporary one can be
    // finalised while its native handle is still in use)
    private readonly RunOptions _runOptions = new();

    public FaceDetector(string path, SessionOptions options) => _session = new InferenceSession(path, options);

    public List<(FaceBox Box, FaceLandmarks Landmarks, float Score)> Detect(SKBitmap image, float minScore)
    {
        var scale = (float)InputSize / Math.Max(image.Width, image.Height);
        var (dx, dy) = ((InputSize - image.Width * scale) / 2, (InputSize - image.Height * scale) / 2);
        var pixels = new float[3 * InputSize * InputSize];
        using (var square = new SKBitmap(new SKImageInfo(InputSize, InputSize, SKColorType.Rgba8888, SKAlphaType.Unpremul)))
        {
            using (var canvas = new SKCanvas(square))
            using (var source = SKImage.FromBitmap(image))
            {
                canvas.Clear(SKColors.Black);
                canvas.DrawImage(source, SKRect.Create(dx, dy, image.Width * scale, image.Height * scale),
                    new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
            }
            Tensors.FillChw(square.GetPixelSpan(), InputSize, InputSize, pixels);
        }

        using var input = OrtValue.CreateTensorValueFromMemory(pixels, [1, 3, InputSize, InputSize]);
        using var outputs = _session.Run(_runOptions, ["pixels"], [input], ["boxes", "scores"]);
        var raw = outputs[0].GetTensorDataAsSpan<float>();
        var logits = outputs[1].GetTensorDataAsSpan<float>();

        var found = new List<(FaceBox, FaceLandmarks, float)>();
        var minLogit = MathF.Log(minScore / (1 - minScore));
        for (var a = 0; a < Anchors; a++)
        {
            if (logits[a] < minLogit) continue;
            var r = raw.Slice(a * 16, 16).ToArray();
            var (ax, ay) = ((a % Grid + 0.5f) / Grid * InputSize, (a / Grid + 0.5f) / Grid * InputSize);
            PointF P(int i) => new((ax + r[i] - dx) / scale, (ay + r[i + 1] - dy) / scale);
            var (cx, cy, w, h) = (ax + r[0], ay + r[1], r[2], r[3]);
            var box = new FaceBox((cx - w / 2 - dx) / scale, (cy - h / 2 - dy) / scale, w / scale, h / scale);
            found.Add((box, new FaceLandmarks(P(4), P(6), P(8), P(10), P(12), P(14)), 1 / (1 + MathF.Exp(-logits[a]))));
        }
        return Suppress(found);
    }

    internal static List<(FaceBox, FaceLandmarks, float)> Suppress(List<(FaceBox Box, FaceLandmarks Landmarks, float Score)> boxes)
    {
        var kept = new List<(FaceBox, FaceLandmarks, float)>();
        foreach (var candidate in boxes.OrderByDescending(b => b.Score))
            if (kept.TrueForAll(k => k.Item1.IntersectionOverUnion(candidate.Box) < NmsIou)) kept.Add(candidate);
        return kept;
    }

    public void Dispose()
    {
        _session.Dispose();
        _runOptions.Dispose();
    }
}
