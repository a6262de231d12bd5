using EyeOfHorus.FaceModels.Onnx;
using EyeOfHorus.FaceModels.Tflite;
using static EyeOfHorus.FaceModels.Onnx.OnnxGraph;

namespace EyeOfHorus.FaceModels;

/// <summary>
/// A MediaPipe BlazeFace TFLite model to ONNX, operator by operator. TFLite activations are
/// channels-last; the ONNX graph is channels-first throughout (weights are re-laid out here) and
/// goes back to channels-last only before a Reshape, so the outputs keep TFLite's layout.
/// Input "pixels": [1, 3, S, S] RGB 0-255 (normalised to [-1, 1] in the graph, as MediaPipe
/// does); outputs "boxes" [1, A, 16] and "scores" [1, A, 1] (raw logits).
/// </summary>
internal static class DetectorConverter
{
    public static byte[] Convert(TfliteModel m)
    {
        var g = new OnnxGraph("blazeface");
        var input = m.Tensors[m.Inputs.Single()];
        var size = input.Shape[1];
        var constants = new Dictionary<int, float[]>();
        var values = new Dictionary<int, string>();
        for (var i = 0; i < m.Tensors.Count; i++)
            if (m.Tensors[i].Data.Length > 0) constants[i] = Floats(m.Tensors[i]);

        var x = g.Input("pixels", 1, 3, size, size);
        x = g.Node("Mul", [x, g.Constant("to_unit", [1f / 127.5f], 1)]);
        values[m.Inputs.Single()] = g.Node("Sub", [x, g.Constant("one", [1f], 1)]);

        foreach (var op in m.Operators)
        {
            var outIndex = op.Outputs.Single();
            var output = m.Tensors[outIndex];
            string In(int k) => values.TryGetValue(op.Inputs[k], out var v) ? v
                : throw new InvalidDataException($"{op.Op}: input {m.Tensors[op.Inputs[k]].Name} is not computed");
            switch (op.Op)
            {
                case BuiltinOperator.Dequantize:
                    constants[outIndex] = constants[op.Inputs[0]];
                    continue;
                case BuiltinOperator.Conv2D:
                case BuiltinOperator.DepthwiseConv2D:
                    values[outIndex] = Conv(g, m, op, In(0), constants);
                    break;
                case BuiltinOperator.Add:
                    values[outIndex] = Activation(g, g.Node("Add", [In(0), In(1)]), op.Options?.Byte(0, 0) ?? 0);
                    break;
                case BuiltinOperator.Relu:
                    values[outIndex] = g.Node("Relu", [In(0)]);
                    break;
                case BuiltinOperator.MaxPool2D:
                    values[outIndex] = MaxPool(g, m, op, In(0));
                    break;
                case BuiltinOperator.Pad:
                    values[outIndex] = Pad(g, In(0), constants[op.Inputs[1]]);
                    break;
                case BuiltinOperator.ResizeBilinear:
                    values[outIndex] = Resize(g, op, In(0), output.Shape);
                    break;
                case BuiltinOperator.Reshape:
                    var nhwc = m.Tensors[op.Inputs[0]].Shape.Length == 4 ? g.Node("Transpose", [In(0)], null, Ints("perm", 0, 2, 3, 1)) : In(0);
                    values[outIndex] = g.Node("Reshape", [nhwc, g.Int64s("shape", output.Shape.Select(d => (long)d).ToArray())]);
                    break;
                default:
                    throw new InvalidDataException($"TFLite operator {op.Op} is not supported by the converter");
            }
        }
        var (boxes, scores) = (m.Outputs.Single(o => m.Tensors[o].Shape[^1] == 16), m.Outputs.Single(o => m.Tensors[o].Shape[^1] == 1));
        g.Output(values[boxes], "boxes", m.Tensors[boxes].Shape.Select(d => (long)d).ToArray());
        g.Output(values[scores], "scores", m.Tensors[scores].Shape.Select(d => (long)d).ToArray());
        return g.ToModel("MediaPipe BlazeFace (npm @mediapipe/face_detection)");
    }

    private static string Conv(OnnxGraph g, TfliteModel m, TfliteOperator op, string x, Dictionary<int, float[]> constants)
    {
        var depthwise = op.Op == BuiltinOperator.DepthwiseConv2D;
        var o = op.Options ?? throw new InvalidDataException($"{op.Op} without options");
        var same = o.Byte(0, 0) == 0;
        var (strideW, strideH) = (o.Int(1, 1), o.Int(2, 1));
        if (depthwise && o.Int(3, 1) != 1) throw new InvalidDataException("depthwise multiplier other than 1");
        var activation = o.Byte(depthwise ? 4 : 3, 0);
        var (dilationW, dilationH) = (o.Int(depthwise ? 5 : 4, 1), o.Int(depthwise ? 6 : 5, 1));
        var inShape = m.Tensors[op.Inputs[0]].Shape;
        var wShape = m.Tensors[op.Inputs[1]].Shape;
        var w = constants[op.Inputs[1]];
        int cout, cin, kh, kw;
        float[] oihw;
        if (depthwise)
        {
            (kh, kw, cout, cin) = (wShape[1], wShape[2], wShape[3], 1);
            oihw = Layout.DepthwiseToOihw(w, kh, kw, cout);
        }
        else
        {
            (cout, kh, kw, cin) = (wShape[0], wShape[1], wShape[2], wShape[3]);
            oihw = Layout.OhwiToOihw(w, cout, kh, kw, cin);
        }
        var (top, bottom) = same ? Layout.Same(inShape[1], kh, strideH, dilationH) : (0, 0);
        var (left, right) = same ? Layout.Same(inShape[2], kw, strideW, dilationW) : (0, 0);
        var inputs = new List<string> { x, g.Constant("W", oihw, cout, cin, kh, kw) };
        if (op.Inputs.Length > 2 && op.Inputs[2] >= 0) inputs.Add(g.Constant("B", constants[op.Inputs[2]], cout));
        var y = g.Node("Conv", [.. inputs], null,
            Ints("kernel_shape", kh, kw), Ints("strides", strideH, strideW), Ints("dilations", dilationH, dilationW),
            Ints("pads", top, left, bottom, right), Int("group", depthwise ? cout : 1));
        return Activation(g, y, activation);
    }

    private static string MaxPool(OnnxGraph g, TfliteModel m, TfliteOperator op, string x)
    {
        var o = op.Options ?? throw new InvalidDataException("MaxPool2D without options");
        var same = o.Byte(0, 0) == 0;
        var (strideW, strideH, fw, fh) = (o.Int(1, 1), o.Int(2, 1), o.Int(3, 1), o.Int(4, 1));
        var inShape = m.Tensors[op.Inputs[0]].Shape;
        var (top, bottom) = same ? Layout.Same(inShape[1], fh, strideH) : (0, 0);
        var (left, right) = same ? Layout.Same(inShape[2], fw, strideW) : (0, 0);
        var y = g.Node("MaxPool", [x], null, Ints("kernel_shape", fh, fw), Ints("strides", strideH, strideW), Ints("pads", top, left, bottom, right));
        return Activation(g, y, o.Byte(5, 0));
    }

    /// <summary>TFLite paddings [[n0,n1],[h0,h1],[w0,w1],[c0,c1]] to ONNX pads (begins, then ends) in NCHW.</summary>
    private static string Pad(OnnxGraph g, string x, float[] paddings)
    {
        long P(int axis, int side) => (long)paddings[axis * 2 + side];
        return g.Node("Pad", [x, g.Int64s("pads", P(0, 0), P(3, 0), P(1, 0), P(2, 0), P(0, 1), P(3, 1), P(1, 1), P(2, 1))]);
    }

    private static string Resize(OnnxGraph g, TfliteOperator op, string x, int[] outShape)
    {
        var alignCorners = op.Options?.Byte(2, 0) != 0;
        var halfPixel = op.Options?.Byte(3, 0) != 0;
        var mode = alignCorners ? "align_corners" : halfPixel ? "half_pixel" : "asymmetric";
        return g.Node("Resize", [x, "", "", g.Int64s("sizes", outShape[0], outShape[3], outShape[1], outShape[2])], null,
            Text("mode", "linear"), Text("coordinate_transformation_mode", mode));
    }

    private static string Activation(OnnxGraph g, string x, byte fused) => fused switch
    {
        0 => x,
        1 => g.Node("Relu", [x]),
        _ => throw new InvalidDataException($"fused activation {fused} is not supported by the converter"),
    };

    /// <summary>A constant tensor's values as float32 (int32 tensors hold paddings and shapes).</summary>
    private static float[] Floats(TfliteTensor t) => t.Type switch
    {
        TensorType.Float32 => System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(t.Data).ToArray(),
        TensorType.Float16 => System.Runtime.InteropServices.MemoryMarshal.Cast<byte, Half>(t.Data).ToArray().Select(h => (float)h).ToArray(),
        TensorType.Int32 => System.Runtime.InteropServices.MemoryMarshal.Cast<byte, int>(t.Data).ToArray().Select(i => (float)i).ToArray(),
        _ => throw new InvalidDataException($"{t.Name}: tensor type {t.Type} is not supported by the converter"),
    };
}
