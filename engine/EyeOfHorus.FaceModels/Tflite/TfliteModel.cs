using Google.FlatBuffers;

namespace EyeOfHorus.FaceModels.Tflite;

/// <summary>
/// Reads the parts of a TensorFlow Lite model (tensorflow/lite/schema/schema.fbs) the detector
/// converter needs: tensors with their buffers, and operators with their options. Field numbers
/// are the schema's field order.
/// </summary>
internal sealed class TfliteModel
{
    public required IReadOnlyList<TfliteTensor> Tensors { get; init; }
    public required IReadOnlyList<TfliteOperator> Operators { get; init; }
    public required IReadOnlyList<int> Inputs { get; init; }
    public required IReadOnlyList<int> Outputs { get; init; }

    public static TfliteModel Read(byte[] bytes)
    {
        var bb = new ByteBuffer(bytes);
        if (bytes.Length < 8 || System.Text.Encoding.ASCII.GetString(bytes, 4, 4) != "TFL3")
            throw new InvalidDataException("not a TensorFlow Lite model (no TFL3 identifier)");
        var model = new Flat(bb, bb.GetInt(0));
        var opcodes = model.Tables(1).Select(c => Math.Max(c.Byte(0, 0), c.Int(3, 0))).ToArray();
        var buffers = model.Tables(4).Select(b => b.Bytes(0)).ToArray();
        var subgraphs = model.Tables(2).ToArray();
        if (subgraphs.Length != 1) throw new InvalidDataException($"expected one subgraph, found {subgraphs.Length}");
        var graph = subgraphs[0];
        var tensors = graph.Tables(0).Select(t => new TfliteTensor(
            t.String(3), t.Ints(0), (TensorType)t.Byte(1, 0), buffers[t.Int(2, 0)])).ToArray();
        var ops = graph.Tables(3).Select(o => new TfliteOperator(
            (BuiltinOperator)opcodes[o.Int(0, 0)], o.Ints(1), o.Ints(2), o.Table(4))).ToArray();
        return new TfliteModel { Tensors = tensors, Operators = ops, Inputs = graph.Ints(1), Outputs = graph.Ints(2) };
    }
}

internal sealed record TfliteTensor(string Name, int[] Shape, TensorType Type, byte[] Data);

internal sealed record TfliteOperator(BuiltinOperator Op, int[] Inputs, int[] Outputs, Flat? Options);

internal enum TensorType : byte { Float32 = 0, Float16 = 1, Int32 = 2, UInt8 = 3, Int64 = 4 }

/// <summary>The builtin operator codes the detectors use (schema.fbs BuiltinOperator).</summary>
internal enum BuiltinOperator
{
    Add = 0, AveragePool2D = 1, Concatenation = 2, Conv2D = 3, DepthwiseConv2D = 4, Dequantize = 6,
    FullyConnected = 9, Logistic = 14, MaxPool2D = 17, Mul = 18, Relu = 19, Relu6 = 21, Reshape = 22,
    ResizeBilinear = 23, Pad = 34, Transpose = 39, Mean = 40, Sub = 41, Prelu = 54,
}

/// <summary>A flatbuffer table, read by field index.</summary>
internal readonly struct Flat(ByteBuffer bb, int pos)
{
    private readonly Table _t = new(pos, bb);

    private int Offset(int field) => _t.__offset(4 + 2 * field);

    public int Int(int field, int fallback) { var o = Offset(field); return o == 0 ? fallback : bb.GetInt(pos + o); }

    public byte Byte(int field, byte fallback) { var o = Offset(field); return o == 0 ? fallback : bb.Get(pos + o); }

    public float Float(int field, float fallback) { var o = Offset(field); return o == 0 ? fallback : bb.GetFloat(pos + o); }

    public string String(int field) { var o = Offset(field); return o == 0 ? "" : _t.__string(pos + o); }

    public Flat? Table(int field) { var o = Offset(field); return o == 0 ? null : new Flat(bb, _t.__indirect(pos + o)); }

    public int[] Ints(int field)
    {
        var o = Offset(field);
        if (o == 0) return [];
        var start = _t.__vector(o);
        var result = new int[_t.__vector_len(o)];
        for (var i = 0; i < result.Length; i++) result[i] = bb.GetInt(start + 4 * i);
        return result;
    }

    public byte[] Bytes(int field)
    {
        var o = Offset(field);
        if (o == 0) return [];
        var start = _t.__vector(o);
        return bb.ToArray<byte>(start, _t.__vector_len(o));
    }

    public IEnumerable<Flat> Tables(int field)
    {
        var o = Offset(field);
        if (o == 0) yield break;
        var start = _t.__vector(o);
        var n = _t.__vector_len(o);
        for (var i = 0; i < n; i++) yield return new Flat(bb, _t.__indirect(start + 4 * i));
    }
}
