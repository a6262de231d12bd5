using System.Security.Cryptography;
using EyeOfHorus.FaceEngine.Tests.Reference;
using EyeOfHorus.FaceModels;
using EyeOfHorus.FaceModels.Tfjs;
using EyeOfHorus.FaceModels.Tflite;
using Microsoft.ML.OnnxRuntime;
using Xunit.Abstractions;

namespace EyeOfHorus.FaceEngine.Tests;

/// <summary>The converter's ONNX graphs, run by ONNX Runtime, against the plain-loop TensorFlow
/// reference (Reference/) on the same inputs.</summary>
public class ConverterTests(ITestOutputHelper output)
{
    private static string Source(SourceFile f) => f.Locate(Models.NodeModules);

    [Fact]
    public void Converting_the_pinned_packages_gives_the_files_the_engine_pins()
    {
        var dir = Directory.CreateTempSubdirectory("horus-models-").FullName;
        try
        {
            var written = ModelWriter.WriteAll(Models.NodeModules, dir);
            Assert.Equal(ModelFiles.DetectorSha256, written.Single(w => w.File.EndsWith(ModelFiles.Detector, StringComparison.Ordinal)).Sha256);
            Assert.Equal(ModelFiles.EmbedderSha256, written.Single(w => w.File.EndsWith(ModelFiles.Embedder, StringComparison.Ordinal)).Sha256);
            foreach (var side in new[] { "face_detector.LICENSE", "face_detector.SOURCE", "face_embedder.LICENSE", "face_embedder.SOURCE" })
                Assert.True(new FileInfo(Path.Combine(dir, side)).Length > 100, side);
            Assert.Contains("Apache License", File.ReadAllText(Path.Combine(dir, "face_detector.LICENSE")), StringComparison.Ordinal);
            Assert.Contains("MIT License", File.ReadAllText(Path.Combine(dir, "face_embedder.LICENSE")), StringComparison.Ordinal);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void A_missing_or_altered_package_file_says_to_run_npm_ci()
    {
        var dir = Directory.CreateTempSubdirectory("horus-npm-").FullName;
        try
        {
            var missing = Assert.Throws<FileNotFoundException>(() => ModelWriter.WriteAll(dir, Path.Combine(dir, "out")));
            Assert.Contains("npm ci", missing.Message, StringComparison.Ordinal);

            var copy = ModelSources.Detector.Locate(dir);
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            var bytes = File.ReadAllBytes(Source(ModelSources.Detector));
            bytes[^10] ^= 1;
            File.WriteAllBytes(copy, bytes);
            var altered = Assert.Throws<InvalidDataException>(() => ModelWriter.WriteAll(dir, Path.Combine(dir, "out")));
            Assert.Contains("npm ci", altered.Message, StringComparison.Ordinal);
            Assert.Contains(ModelSources.Detector.Sha256, altered.Message, StringComparison.Ordinal);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void The_detector_graph_computes_what_TensorFlow_semantics_give_on_every_operator_of_the_model()
    {
        var tflite = TfliteModel.Read(File.ReadAllBytes(Source(ModelSources.Detector)));
        var size = tflite.Tensors[tflite.Inputs.Single()].Shape[1];
        var random = new Random(13);
        var pixels = new byte[size * size * 3];
        random.NextBytes(pixels);
        // a smooth picture with some noise: activations through the whole network stay non-trivial
        for (var y = 0; y < size; y++)
            for (var x = 0; x < size; x++)
                for (var c = 0; c < 3; c++)
                    pixels[(y * size + x) * 3 + c] = (byte)Math.Clamp(128 + 100 * Math.Sin((x + 7 * c) / 9.0) * Math.Cos(y / 13.0) + pixels[(y * size + x) * 3 + c] / 8 - 16, 0, 255);

        var input = new Nhwc(size, size, 3);
        for (var i = 0; i < pixels.Length; i++) input.Data[i] = pixels[i] / 127.5f - 1f;
        var reference = TfliteReference.Run(tflite, input);

        var chw = new float[pixels.Length];
        for (var i = 0; i < size * size; i++)
            for (var c = 0; c < 3; c++) chw[c * size * size + i] = pixels[3 * i + c];
        using var session = new InferenceSession(Path.Combine(Models.Directory, ModelFiles.Detector));
        using var value = OrtValue.CreateTensorValueFromMemory(chw, [1, 3, size, size]);
        using var outputs = session.Run(new RunOptions(), ["pixels"], [value], ["boxes", "scores"]);

        var boxes = outputs[0].GetTensorDataAsSpan<float>().ToArray();
        var scores = outputs[1].GetTensorDataAsSpan<float>().ToArray();
        var (boxDiff, scoreDiff) = (MaxDiff(boxes, reference["reshaped_regressor_face_4"]), MaxDiff(scores, reference["reshaped_classifier_face_4"]));
        output.WriteLine($"max |onnx - reference|: boxes {boxDiff:E2} (of values up to {boxes.Max(Math.Abs):F1}), scores {scoreDiff:E2}");
        Assert.True(boxDiff < 2e-3, $"boxes differ by {boxDiff}");
        Assert.True(scoreDiff < 2e-3, $"scores differ by {scoreDiff}");
        Assert.True(boxes.Max(Math.Abs) > 1, "the outputs are not trivial");
    }

    [Fact]
    public void The_embedder_graph_computes_face_api_s_network_from_the_unfolded_weights()
    {
        var weights = TfjsWeights.Read(Source(ModelSources.EmbedderManifest));
        using var photo = Models.Photo("obama.jpg");
        var face = Models.Engine.Detect(photo)[0];

        var reference = FaceApiReference.Embed(weights, face.Chip);
        var onnx = Models.Engine.Embed(face);
        var diff = MaxDiff(onnx, reference);
        output.WriteLine($"max |onnx - reference| = {diff:E2}, L2 = {FaceDistance.Euclidean(onnx, reference):E2}");
        Assert.True(diff < 1e-4, $"embeddings differ by {diff}");
        Assert.True(onnx.Max(Math.Abs) > 0.05f, "the embedding is not trivial");
    }

    [Fact]
    public void The_weights_manifest_reader_dequantises_uint8_as_tfjs_does()
    {
        var weights = TfjsWeights.Read(Source(ModelSources.EmbedderManifest));
        var (shape, fc) = weights["fc"];
        Assert.Equal([256, 128], shape);
        // fc is the manifest's last entry: its bytes are the .bin's last 256*128 bytes
        var bin = File.ReadAllBytes(Source(ModelSources.EmbedderWeights));
        var q = bin[^(256 * 128)];
        using var manifest = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(Source(ModelSources.EmbedderManifest)));
        var quant = manifest.RootElement[0].GetProperty("weights").EnumerateArray().Last().GetProperty("quantization");
        Assert.Equal(q * quant.GetProperty("scale").GetSingle() + quant.GetProperty("min").GetSingle(), fc[0]);
    }

    [Theory]
    [InlineData(192, 3, 1, 1, 1)]
    [InlineData(192, 3, 2, 0, 1)]
    [InlineData(96, 2, 2, 0, 0)]
    [InlineData(5, 5, 1, 2, 2)]
    [InlineData(7, 3, 2, 1, 1)]
    public void Same_padding_is_TensorFlow_s(int size, int kernel, int stride, long before, long after) =>
        Assert.Equal((before, after), Layout.Same(size, kernel, stride));

    private static float MaxDiff(float[] a, float[] b)
    {
        Assert.Equal(a.Length, b.Length);
        return a.Zip(b, (x, y) => Math.Abs(x - y)).Max();
    }
}
