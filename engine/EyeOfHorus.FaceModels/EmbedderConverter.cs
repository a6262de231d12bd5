using EyeOfHorus.FaceModels.Onnx;
using EyeOfHorus.FaceModels.Tfjs;
using static EyeOfHorus.FaceModels.Onnx.OnnxGraph;

namespace EyeOfHorus.FaceModels;

/// <summary>
/// dlib's 128-D face descriptor network (ResNet-29, as face-api.js's FaceRecognitionNet runs it)
/// from face-api's TFJS weights to ONNX. Input "pixels": [N, 3, 150, 150] RGB 0-255 of an aligned
/// chip; output "embedding": [N, 128]. Each conv's bias and the following scale layer are folded
/// into the conv.
/// </summary>
internal static class EmbedderConverter
{
    public const int ChipSize = 150;
    // face-api.js FaceRecognitionNet: normalize(x, meanRgb) / 256
    private static readonly float[] MeanRgb = [122.782f, 117.001f, 104.298f];
    private const float InputScale = 1f / 256;

    public static byte[] Convert(TfjsWeights weights)
    {
        var g = new OnnxGraph("dlib_resnet29_face_descriptor");
        var x = g.Input("pixels", -1, 3, ChipSize, ChipSize);
        x = g.Node("Sub", [x, g.Constant("mean_rgb", MeanRgb, 1, 3, 1, 1)]);
        x = g.Node("Mul", [x, g.Constant("input_scale", [InputScale], 1)]);

        x = ConvLayer(g, weights, "conv32_down", x, stride: 2, relu: true, same: false);
        x = g.Node("MaxPool", [x], null, Ints("kernel_shape", 3, 3), Ints("strides", 2, 2));
        var size = ((ChipSize - 7) / 2 + 1 - 3) / 2 + 1; // 35
        foreach (var block in new[] { "conv32_1", "conv32_2", "conv32_3" }) x = Residual(g, weights, block, x);
        (x, size) = ResidualDown(g, weights, "conv64_down", x, size);
        foreach (var block in new[] { "conv64_1", "conv64_2", "conv64_3" }) x = Residual(g, weights, block, x);
        (x, size) = ResidualDown(g, weights, "conv128_down", x, size);
        foreach (var block in new[] { "conv128_1", "conv128_2" }) x = Residual(g, weights, block, x);
        (x, size) = ResidualDown(g, weights, "conv256_down", x, size);
        foreach (var block in new[] { "conv256_1", "conv256_2" }) x = Residual(g, weights, block, x);
        (x, _) = ResidualDown(g, weights, "conv256_down_out", x, size);

        x = g.Node("GlobalAveragePool", [x]);
        x = g.Node("Flatten", [x]);
        var (fcShape, fc) = weights["fc"];
        x = g.Node("MatMul", [x, g.Constant("fc", fc, fcShape[0], fcShape[1])]);
        g.Output(x, "embedding", -1, fcShape[1]);
        return g.ToModel("dlib ResNet-29 face descriptor (weights: npm @vladmandic/face-api model/face_recognition_model)");
    }

    private static string Residual(OnnxGraph g, TfjsWeights w, string prefix, string x)
    {
        var y = ConvLayer(g, w, $"{prefix}/conv1", x, stride: 1, relu: true, same: true);
        y = ConvLayer(g, w, $"{prefix}/conv2", y, stride: 1, relu: false, same: true);
        return g.Node("Relu", [g.Node("Add", [y, x])]);
    }

    /// <summary>face-api's residualDown: the shortcut is a 2x2 average pool, zero-padded to the
    /// branch's channels; the branch is zero-padded by one row and column when the pool is larger.</summary>
    private static (string, int) ResidualDown(OnnxGraph g, TfjsWeights w, string prefix, string x, int size)
    {
        var cin = w[$"{prefix}/conv1/conv/filters"].Shape[2];
        var cout = w[$"{prefix}/conv1/conv/filters"].Shape[3];
        var y = ConvLayer(g, w, $"{prefix}/conv1", x, stride: 2, relu: true, same: false);
        y = ConvLayer(g, w, $"{prefix}/conv2", y, stride: 1, relu: false, same: true);
        var branch = (size - 3) / 2 + 1;
        var pooledSize = (size - 2) / 2 + 1;
        var pooled = g.Node("AveragePool", [x], null, Ints("kernel_shape", 2, 2), Ints("strides", 2, 2));
        if (branch != pooledSize)
            y = g.Node("Pad", [y, g.Int64s("pad_hw", 0, 0, 0, 0, 0, 0, pooledSize - branch, pooledSize - branch)]);
        if (cin != cout)
            pooled = g.Node("Pad", [pooled, g.Int64s("pad_c", 0, 0, 0, 0, 0, cout - cin, 0, 0)]);
        return (g.Node("Relu", [g.Node("Add", [pooled, y])]), pooledSize);
    }

    /// <summary>conv (+ bias) then scale layer (x * weights + biases), folded into one Conv.</summary>
    private static string ConvLayer(OnnxGraph g, TfjsWeights w, string prefix, string x, int stride, bool relu, bool same)
    {
        var (shape, filters) = w[$"{prefix}/conv/filters"];
        var (kh, kw, cin, cout) = (shape[0], shape[1], shape[2], shape[3]);
        var bias = w[$"{prefix}/conv/bias"].Values;
        var scale = w[$"{prefix}/scale/weights"].Values;
        var shift = w[$"{prefix}/scale/biases"].Values;
        var oihw = Layout.HwioToOihw(filters, kh, kw, cin, cout);
        var perOut = cin * kh * kw;
        var foldedBias = new float[cout];
        for (var o = 0; o < cout; o++)
        {
            for (var i = 0; i < perOut; i++) oihw[o * perOut + i] *= scale[o];
            foldedBias[o] = bias[o] * scale[o] + shift[o];
        }
        var pad = same ? (kh - 1) / 2 : 0; // stride-1 odd kernels: TF "SAME" is symmetric
        var y = g.Node("Conv", [x, g.Constant($"{prefix}/W", oihw, cout, cin, kh, kw), g.Constant($"{prefix}/B", foldedBias, cout)], null,
            Ints("kernel_shape", kh, kw), Ints("strides", stride, stride), Ints("pads", pad, pad, pad, pad));
        return relu ? g.Node("Relu", [y]) : y;
    }
}
