namespace EyeOfHorus.FaceModels;

/// <summary>Weight layout changes between TensorFlow's channels-last and ONNX's channels-first.</summary>
internal static class Layout
{
    /// <summary>TensorFlow conv filters [kh, kw, in, out] to ONNX [out, in, kh, kw].</summary>
    public static float[] HwioToOihw(float[] w, int kh, int kw, int cin, int cout)
    {
        var r = new float[w.Length];
        for (var y = 0; y < kh; y++)
            for (var x = 0; x < kw; x++)
                for (var i = 0; i < cin; i++)
                    for (var o = 0; o < cout; o++)
                        r[((o * cin + i) * kh + y) * kw + x] = w[((y * kw + x) * cin + i) * cout + o];
        return r;
    }

    /// <summary>TFLite conv filters [out, kh, kw, in] to ONNX [out, in, kh, kw].</summary>
    public static float[] OhwiToOihw(float[] w, int cout, int kh, int kw, int cin)
    {
        var r = new float[w.Length];
        for (var o = 0; o < cout; o++)
            for (var y = 0; y < kh; y++)
                for (var x = 0; x < kw; x++)
                    for (var i = 0; i < cin; i++)
                        r[((o * cin + i) * kh + y) * kw + x] = w[((o * kh + y) * kw + x) * cin + i];
        return r;
    }

    /// <summary>TFLite depthwise filters [1, kh, kw, c] to ONNX grouped conv [c, 1, kh, kw].</summary>
    public static float[] DepthwiseToOihw(float[] w, int kh, int kw, int c)
    {
        var r = new float[w.Length];
        for (var y = 0; y < kh; y++)
            for (var x = 0; x < kw; x++)
                for (var ch = 0; ch < c; ch++)
                    r[(ch * kh + y) * kw + x] = w[(y * kw + x) * c + ch];
        return r;
    }

    /// <summary>TensorFlow "SAME" padding for one axis: (before, after).</summary>
    public static (long Before, long After) Same(int size, int kernel, int stride, int dilation = 1)
    {
        var effective = (kernel - 1) * dilation + 1;
        var output = (size + stride - 1) / stride;
        var total = Math.Max((output - 1) * stride + effective - size, 0);
        return (total / 2, total - total / 2);
    }
}
