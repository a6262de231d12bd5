using System.Text.Json;

namespace EyeOfHorus.FaceModels.Tfjs;

/// <summary>
/// A TensorFlow.js weights manifest (model-weights_manifest.json) and its .bin shards, read into
/// float arrays by name. Quantised entries are dequantised as tfjs does: value = q * scale + min.
/// </summary>
internal sealed class TfjsWeights
{
    private readonly Dictionary<string, (int[] Shape, float[] Values)> _weights;

    private TfjsWeights(Dictionary<string, (int[], float[])> weights) => _weights = weights;

    public IReadOnlyCollection<string> Names => _weights.Keys;

    public (int[] Shape, float[] Values) this[string name] =>
        _weights.TryGetValue(name, out var w) ? w : throw new InvalidDataException($"weights manifest has no '{name}'");

    public static TfjsWeights Read(string manifestPath)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(manifestPath))!;
        using var doc = JsonDocument.Parse(File.ReadAllBytes(manifestPath));
        var weights = new Dictionary<string, (int[], float[])>();
        foreach (var group in doc.RootElement.EnumerateArray())
        {
            var bytes = group.GetProperty("paths").EnumerateArray()
                .SelectMany(p => File.ReadAllBytes(Path.Combine(dir, p.GetString()!))).ToArray();
            var offset = 0;
            foreach (var w in group.GetProperty("weights").EnumerateArray())
            {
                var name = w.GetProperty("name").GetString()!;
                var shape = w.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()).ToArray();
                var count = shape.Aggregate(1, (a, b) => a * b);
                var values = new float[count];
                if (w.TryGetProperty("quantization", out var q))
                {
                    if (q.GetProperty("dtype").GetString() != "uint8")
                        throw new InvalidDataException($"{name}: only uint8 quantisation is supported");
                    var scale = q.GetProperty("scale").GetSingle();
                    var min = q.GetProperty("min").GetSingle();
                    for (var i = 0; i < count; i++) values[i] = bytes[offset + i] * scale + min;
                    offset += count;
                }
                else
                {
                    if (w.GetProperty("dtype").GetString() != "float32")
                        throw new InvalidDataException($"{name}: only float32 weights are supported");
                    Buffer.BlockCopy(bytes, offset, values, 0, count * 4);
                    offset += count * 4;
                }
                weights.Add(name, (shape, values));
            }
            if (offset != bytes.Length)
                throw new InvalidDataException($"weights manifest describes {offset} bytes, the shards hold {bytes.Length}");
        }
        return new TfjsWeights(weights);
    }
}
