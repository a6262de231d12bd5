namespace EyeOfHorus.FaceEngine;

internal static class Tensors
{
    /// <summary>RGBA rows to planar R, G, B floats (0-255), the models' input layout.</summary>
    public static void FillChw(ReadOnlySpan<byte> rgba, int width, int height, Span<float> chw)
    {
        var plane = width * height;
        for (var i = 0; i < plane; i++)
        {
            chw[i] = rgba[4 * i];
            chw[plane + i] = rgba[4 * i + 1];
            chw[2 * plane + i] = rgba[4 * i + 2];
        }
    }
}
