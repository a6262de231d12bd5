namespace EyeOfHorus.FaceEngine.Tests.Reference;

/// <summary>
/// A channels-last float tensor [1, H, W, C] and TensorFlow's operators on it, written from
/// TensorFlow's definitions in plain loops: the independent reference the converted ONNX graphs
/// are held to. Slow and obvious on purpose.
/// </summary>
internal sealed class Nhwc(int h, int w, int c)
{
    public int H { get; } = h;
    public int W { get; } = w;
    public int C { get; } = c;
    public float[] Data { get; } = new float[h * w * c];

    public float this[int y, int x, int ch]
    {
        get => Data[(y * W + x) * C + ch];
        set => Data[(y * W + x) * C + ch] = value;
    }

    /// <summary>TF "SAME": output ceil(in / stride), the padding split with the extra one after.</summary>
    private static (int Out, int PadBefore) Same(int size, int k, int stride, int dilation)
    {
        var output = (size + stride - 1) / stride;
        var needed = (output - 1) * stride + (k - 1) * dilation + 1 - size;
        return (output, Math.Max(needed, 0) / 2);
    }

    private static (int Out, int PadBefore) Valid(int size, int k, int stride, int dilation) =>
        ((size - (k - 1) * dilation - 1) / stride + 1, 0);

    /// <summary>Conv2D; <paramref name="weight"/>(out, ky, kx, in) gives the filter value.</summary>
    public Nhwc Conv(Func<int, int, int, int, float> weight, int kh, int kw, int cout, float[]? bias, int stride, bool same, int dilation = 1)
    {
        var (oh, top) = same ? Same(H, kh, stride, dilation) : Valid(H, kh, stride, dilation);
        var (ow, left) = same ? Same(W, kw, stride, dilation) : Valid(W, kw, stride, dilation);
        var r = new Nhwc(oh, ow, cout);
        for (var y = 0; y < oh; y++)
            for (var x = 0; x < ow; x++)
                for (var o = 0; o < cout; o++)
                {
                    double s = bias?[o] ?? 0;
                    for (var ky = 0; ky < kh; ky++)
                    {
                        var iy = y * stride - top + ky * dilation;
                        if (iy < 0 || iy >= H) continue;
                        for (var kx = 0; kx < kw; kx++)
                        {
                            var ix = x * stride - left + kx * dilation;
                            if (ix < 0 || ix >= W) continue;
                            for (var i = 0; i < C; i++) s += this[iy, ix, i] * weight(o, ky, kx, i);
                        }
                    }
                    r[y, x, o] = (float)s;
                }
        return r;
    }

    /// <summary>DepthwiseConv2D with multiplier 1; <paramref name="weight"/>(ky, kx, channel).</summary>
    public Nhwc Depthwise(Func<int, int, int, float> weight, int kh, int kw, float[]? bias, int stride, bool same, int dilation = 1)
    {
        var (oh, top) = same ? Same(H, kh, stride, dilation) : Valid(H, kh, stride, dilation);
        var (ow, left) = same ? Same(W, kw, stride, dilation) : Valid(W, kw, stride, dilation);
        var r = new Nhwc(oh, ow, C);
        for (var y = 0; y < oh; y++)
            for (var x = 0; x < ow; x++)
                for (var ch = 0; ch < C; ch++)
                {
                    double s = bias?[ch] ?? 0;
                    for (var ky = 0; ky < kh; ky++)
                        for (var kx = 0; kx < kw; kx++)
                        {
                            var (iy, ix) = (y * stride - top + ky * dilation, x * stride - left + kx * dilation);
                            if (iy >= 0 && iy < H && ix >= 0 && ix < W) s += this[iy, ix, ch] * weight(ky, kx, ch);
                        }
                    r[y, x, ch] = (float)s;
                }
        return r;
    }

    /// <summary>MaxPool (padding never wins) or AvgPool (TF averages over the valid cells only).</summary>
    public Nhwc Pool(int kh, int kw, int stride, bool same, bool max)
    {
        var (oh, top) = same ? Same(H, kh, stride, 1) : Valid(H, kh, stride, 1);
        var (ow, left) = same ? Same(W, kw, stride, 1) : Valid(W, kw, stride, 1);
        var r = new Nhwc(oh, ow, C);
        for (var y = 0; y < oh; y++)
            for (var x = 0; x < ow; x++)
                for (var ch = 0; ch < C; ch++)
                {
                    var best = float.NegativeInfinity;
                    double sum = 0;
                    var n = 0;
                    for (var ky = 0; ky < kh; ky++)
                        for (var kx = 0; kx < kw; kx++)
                        {
                            var (iy, ix) = (y * stride - top + ky, x * stride - left + kx);
                            if (iy < 0 || iy >= H || ix < 0 || ix >= W) continue;
                            best = Math.Max(best, this[iy, ix, ch]);
                            sum += this[iy, ix, ch];
                            n++;
                        }
                    r[y, x, ch] = max ? best : (float)(sum / n);
                }
        return r;
    }

    /// <summary>Zero padding: (before, after) rows, columns and channels.</summary>
    public Nhwc Pad(int top, int bottom, int left, int right, int chBefore, int chAfter)
    {
        var r = new Nhwc(H + top + bottom, W + left + right, C + chBefore + chAfter);
        for (var y = 0; y < H; y++)
            for (var x = 0; x < W; x++)
                for (var ch = 0; ch < C; ch++) r[y + top, x + left, ch + chBefore] = this[y, x, ch];
        return r;
    }

    /// <summary>tf.image.resize bilinear (ResizeBilinear kernel), all three coordinate conventions.</summary>
    public Nhwc ResizeBilinear(int oh, int ow, bool alignCorners, bool halfPixel)
    {
        float Scale(int inSize, int outSize) => alignCorners && outSize > 1 ? (inSize - 1f) / (outSize - 1f) : (float)inSize / outSize;
        var (sy, sx) = (Scale(H, oh), Scale(W, ow));
        var r = new Nhwc(oh, ow, C);
        for (var y = 0; y < oh; y++)
        {
            var fy = halfPixel ? (y + 0.5f) * sy - 0.5f : y * sy;
            var (y0, y1) = (Math.Max((int)MathF.Floor(fy), 0), Math.Min((int)MathF.Ceiling(fy), H - 1));
            var dy = fy - MathF.Floor(fy);
            for (var x = 0; x < ow; x++)
            {
                var fx = halfPixel ? (x + 0.5f) * sx - 0.5f : x * sx;
                var (x0, x1) = (Math.Max((int)MathF.Floor(fx), 0), Math.Min((int)MathF.Ceiling(fx), W - 1));
                var dx = fx - MathF.Floor(fx);
                for (var ch = 0; ch < C; ch++)
                {
                    var top = this[y0, x0, ch] + (this[y0, x1, ch] - this[y0, x0, ch]) * dx;
                    var bottom = this[y1, x0, ch] + (this[y1, x1, ch] - this[y1, x0, ch]) * dx;
                    r[y, x, ch] = top + (bottom - top) * dy;
                }
            }
        }
        return r;
    }

    public Nhwc Map(Func<float, float> f)
    {
        var r = new Nhwc(H, W, C);
        for (var i = 0; i < Data.Length; i++) r.Data[i] = f(Data[i]);
        return r;
    }

    public Nhwc Add(Nhwc other)
    {
        if (other.H != H || other.W != W || other.C != C) throw new ArgumentException("Add of different shapes");
        var r = new Nhwc(H, W, C);
        for (var i = 0; i < Data.Length; i++) r.Data[i] = Data[i] + other.Data[i];
        return r;
    }

    public Nhwc Relu() => Map(v => Math.Max(v, 0));

    /// <summary>Per-channel x * scale + shift (face-api's scale layer; also a conv bias with scale 1).</summary>
    public Nhwc Affine(float[] scale, float[] shift)
    {
        var r = new Nhwc(H, W, C);
        for (var i = 0; i < Data.Length; i++) r.Data[i] = Data[i] * scale[i % C] + shift[i % C];
        return r;
    }
}
