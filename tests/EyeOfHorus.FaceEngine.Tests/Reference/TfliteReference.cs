using System.Runtime.InteropServices;
using EyeOfHorus.FaceModels.Tflite;

namespace EyeOfHorus.FaceEngine.Tests.Reference;

/// <summary>
/// Runs a TFLite model operator by operator in channels-last layout with TFLite's own weight
/// layouts (OHWI filters, [1,H,W,C] depthwise filters) and TensorFlow semantics, using
/// <see cref="Nhwc"/>. Shares only the flatbuffer reader with the converter.
/// </summary>
internal static class TfliteReference
{
    public static Dictionary<string, float[]> Run(TfliteModel m, Nhwc input)
    {
        var values = new Dictionary<int, Nhwc>();
        var flat = new Dictionary<int, float[]>();
        var constants = new Dictionary<int, float[]>();
        for (var i = 0; i < m.Tensors.Count; i++)
        {
            var t = m.Tensors[i];
            if (t.Data.Length == 0) continue;
            constants[i] = t.Type switch
            {
                TensorType.Float32 => MemoryMarshal.Cast<byte, float>(t.Data).ToArray(),
                TensorType.Float16 => MemoryMarshal.Cast<byte, Half>(t.Data).ToArray().Select(h => (float)h).ToArray(),
                TensorType.Int32 => MemoryMarshal.Cast<byte, int>(t.Data).ToArray().Select(v => (float)v).ToArray(),
                _ => throw new InvalidDataException(t.Type.ToString()),
            };
        }
        values[m.Inputs.Single()] = input;
        foreach (var op in m.Operators)
        {
            var o = op.Outputs[0];
            var opt = op.Options;
            Nhwc X(int k) => values[op.Inputs[k]];
            float[]? Bias() => op.Inputs.Length > 2 && op.Inputs[2] >= 0 ? constants[op.Inputs[2]] : null;
            Nhwc Act(Nhwc t, byte fused) => fused == 1 ? t.Relu() : fused == 0 ? t : throw new InvalidDataException($"activation {fused}");
            switch (op.Op)
            {
                case BuiltinOperator.Dequantize:
                    constants[o] = constants[op.Inputs[0]];
                    break;
                case BuiltinOperator.Conv2D:
                {
                    var s = m.Tensors[op.Inputs[1]].Shape; // [out, kh, kw, in]
                    var w = constants[op.Inputs[1]];
                    values[o] = Act(X(0).Conv((oc, ky, kx, ic) => w[((oc * s[1] + ky) * s[2] + kx) * s[3] + ic], s[1], s[2], s[0], Bias(),
                        opt!.Value.Int(2, 1), opt.Value.Byte(0, 0) == 0, opt.Value.Int(5, 1)), opt.Value.Byte(3, 0));
                    break;
                }
                case BuiltinOperator.DepthwiseConv2D:
                {
                    var s = m.Tensors[op.Inputs[1]].Shape; // [1, kh, kw, c]
                    var w = constants[op.Inputs[1]];
                    values[o] = Act(X(0).Depthwise((ky, kx, c) => w[(ky * s[2] + kx) * s[3] + c], s[1], s[2], Bias(),
                        opt!.Value.Int(2, 1), opt.Value.Byte(0, 0) == 0, opt.Value.Int(6, 1)), opt.Value.Byte(4, 0));
                    break;
                }
                case BuiltinOperator.Add:
                    values[o] = Act(X(0).Add(X(1)), opt?.Byte(0, 0) ?? 0);
                    break;
                case BuiltinOperator.Relu:
                    values[o] = X(0).Relu();
                    break;
                case BuiltinOperator.MaxPool2D:
                    values[o] = Act(X(0).Pool(opt!.Value.Int(4, 1), opt.Value.Int(3, 1), opt.Value.Int(2, 1), opt.Value.Byte(0, 0) == 0, max: true), opt.Value.Byte(5, 0));
                    break;
                case BuiltinOperator.Pad:
                {
                    var p = constants[op.Inputs[1]].Select(v => (int)v).ToArray(); // [[n],[h],[w],[c]] x (before, after)
                    values[o] = X(0).Pad(p[2], p[3], p[4], p[5], p[6], p[7]);
                    break;
                }
                case BuiltinOperator.ResizeBilinear:
                {
                    var s = m.Tensors[o].Shape;
                    values[o] = X(0).ResizeBilinear(s[1], s[2], opt?.Byte(2, 0) != 0, opt?.Byte(3, 0) != 0);
                    break;
                }
                case BuiltinOperator.Reshape:
                    flat[o] = X(0).Data; // channels-last order is the reshape's order
                    break;
                default:
                    throw new InvalidDataException($"reference has no {op.Op}");
            }
        }
        return m.Outputs.ToDictionary(i => m.Tensors[i].Name, i => flat[i]);
    }
}
