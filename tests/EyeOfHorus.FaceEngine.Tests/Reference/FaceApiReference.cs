using EyeOfHorus.FaceModels.Tfjs;

namespace EyeOfHorus.FaceEngine.Tests.Reference;

/// <summary>
/// face-api.js's FaceRecognitionNet forward pass (src/faceRecognitionNet: convLayer, scaleLayer,
/// residualLayer), written again in channels-last loops from the TFJS weights: no folding, no
/// layout change, zero rows/columns/channels concatenated as face-api does.
/// </summary>
internal static class FaceApiReference
{
    public static float[] Embed(TfjsWeights w, byte[] rgbChip)
    {
        var x = new Nhwc(150, 150, 3);
        float[] mean = [122.782f, 117.001f, 104.298f];
        for (var i = 0; i < x.Data.Length; i++) x.Data[i] = (rgbChip[i] - mean[i % 3]) / 256f;

        x = Conv(w, "conv32_down", x, 2, relu: true, same: false);
        x = x.Pool(3, 3, 2, same: false, max: true);
        foreach (var b in new[] { "conv32_1", "conv32_2", "conv32_3" }) x = Residual(w, b, x);
        x = ResidualDown(w, "conv64_down", x);
        foreach (var b in new[] { "conv64_1", "conv64_2", "conv64_3" }) x = Residual(w, b, x);
        x = ResidualDown(w, "conv128_down", x);
        foreach (var b in new[] { "conv128_1", "conv128_2" }) x = Residual(w, b, x);
        x = ResidualDown(w, "conv256_down", x);
        foreach (var b in new[] { "conv256_1", "conv256_2" }) x = Residual(w, b, x);
        x = ResidualDown(w, "conv256_down_out", x);

        var avg = new double[x.C];
        for (var y = 0; y < x.H; y++)
            for (var xx = 0; xx < x.W; xx++)
                for (var c = 0; c < x.C; c++) avg[c] += x[y, xx, c] / (double)(x.H * x.W);
        var (shape, fc) = w["fc"];
        var result = new float[shape[1]];
        for (var o = 0; o < shape[1]; o++)
        {
            double s = 0;
            for (var i = 0; i < shape[0]; i++) s += avg[i] * fc[i * shape[1] + o];
            result[o] = (float)s;
        }
        return result;
    }

    private static Nhwc Conv(TfjsWeights w, string prefix, Nhwc x, int stride, bool relu, bool same)
    {
        var (s, f) = w[$"{prefix}/conv/filters"]; // [kh, kw, in, out]
        var y = x.Conv((o, ky, kx, i) => f[((ky * s[1] + kx) * s[2] + i) * s[3] + o], s[0], s[1], s[3], w[$"{prefix}/conv/bias"].Values, stride, same);
        y = y.Affine(w[$"{prefix}/scale/weights"].Values, w[$"{prefix}/scale/biases"].Values);
        return relu ? y.Relu() : y;
    }

    private static Nhwc Residual(TfjsWeights w, string prefix, Nhwc x) =>
        Conv(w, $"{prefix}/conv2", Conv(w, $"{prefix}/conv1", x, 1, true, true), 1, false, true).Add(x).Relu();

    private static Nhwc ResidualDown(TfjsWeights w, string prefix, Nhwc x)
    {
        var y = Conv(w, $"{prefix}/conv2", Conv(w, $"{prefix}/conv1", x, 2, true, false), 1, false, true);
        var pooled = x.Pool(2, 2, 2, same: false, max: false);
        if (pooled.H != y.H) y = y.Pad(0, 1, 0, 1, 0, 0); // tf.concat([out, zeros], 1) then 2
        if (pooled.C != y.C) pooled = pooled.Pad(0, 0, 0, 0, 0, y.C - pooled.C); // tf.concat([pooled, zeros], 3)
        return pooled.Add(y).Relu();
    }
}
