using System.Runtime.InteropServices;
using Google.Protobuf;

namespace EyeOfHorus.FaceModels.Onnx;

/// <summary>Builds one ONNX graph (float tensors, opset 13) and writes it as a model file.</summary>
internal sealed class OnnxGraph
{
    public const int Opset = 13;
    private const long IrVersion = 7; // the IR version of opset 13 (ONNX 1.8)

    private readonly GraphProto _graph;
    private int _next;

    public OnnxGraph(string name) => _graph = new GraphProto { Name = name };

    public string Input(string name, params long[] shape)
    {
        _graph.Input.Add(Value(name, shape));
        return name;
    }

    /// <summary>Marks a value as a graph output, renaming it through an Identity node.</summary>
    public void Output(string value, string name, params long[] shape)
    {
        Node("Identity", [value], name);
        _graph.Output.Add(Value(name, shape));
    }

    public string Constant(string name, ReadOnlySpan<float> values, params long[] dims)
    {
        if (values.Length != dims.Aggregate(1L, (a, b) => a * b))
            throw new ArgumentException($"{name}: {values.Length} values for shape [{string.Join(',', dims)}]");
        var tensor = new TensorProto { Name = Unique(name), DataType = (int)TensorProto.Types.DataType.Float, RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(values)) };
        tensor.Dims.AddRange(dims);
        _graph.Initializer.Add(tensor);
        return tensor.Name;
    }

    public string Int64s(string name, params long[] values)
    {
        var tensor = new TensorProto { Name = Unique(name), DataType = (int)TensorProto.Types.DataType.Int64, RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(values.AsSpan())) };
        tensor.Dims.Add(values.Length);
        _graph.Initializer.Add(tensor);
        return tensor.Name;
    }

    /// <summary>Adds a node with one output and returns the output's name.</summary>
    public string Node(string op, string[] inputs, string? output = null, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = op, Name = Unique(op) };
        node.Input.AddRange(inputs);
        node.Output.Add(output ?? node.Name);
        node.Attribute.AddRange(attributes);
        _graph.Node.Add(node);
        return node.Output[0];
    }

    public static AttributeProto Ints(string name, params long[] values)
    {
        var a = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        a.Ints.AddRange(values);
        return a;
    }

    public static AttributeProto Int(string name, long value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto Text(string name, string value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(value) };

    public byte[] ToModel(string doc)
    {
        var model = new ModelProto { IrVersion = IrVersion, ProducerName = "EyeOfHorus.FaceModels", ProducerVersion = "1", DocString = doc, Graph = _graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
        return model.ToByteArray();
    }

    private string Unique(string stem) => $"{stem}_{_next++}";

    private static ValueInfoProto Value(string name, long[] shape)
    {
        var tensorShape = new TensorShapeProto();
        foreach (var d in shape)
            tensorShape.Dim.Add(d < 0 ? new TensorShapeProto.Types.Dimension { DimParam = "N" } : new TensorShapeProto.Types.Dimension { DimValue = d });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = tensorShape } },
        };
    }
}
