using Microsoft.ML.OnnxRuntime;

namespace EyeOfHorus.FaceEngine;

/// <summary>dlib's ResNet-29 face descriptor: an aligned 150x150 chip to 128 floats.</summary>
internal sealed class FaceEmbedder(string path, SessionOptions options) : IDisposable
{
    public const int Dimensions = 128;
    private readonly InferenceSession _session = new(path, options);
    private readonly RunOptions _runOptions = new(); // shared by all calls, see FaceDetector

    public float[] Embed(byte[] rgbChip)
    {
        const int plane = FaceAligner.ChipSize * FaceAligner.ChipSize;
        var pixels = new float[3 * plane];
        for (var i = 0; i < plane; i++)
        {
            pixels[i] = rgbChip[3 * i];
            pixels[plane + i] = rgbChip[3 * i + 1];
            pixels[2 * plane + i] = rgbChip[3 * i + 2];
        }
        using var input = OrtValue.CreateTensorValueFromMemory(pixels, [1, 3, FaceAligner.ChipSize, FaceAligner.ChipSize]);
        using var outputs = _session.Run(_runOptions, ["pixels"], [input], ["embedding"]);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }

    public void Dispose()
    {
        _session.Dispose();
        _runOptions.Dispose();
    }
}
