using System.Security.Cryptography;
using EyeOfHorus.FaceModels.Tfjs;
using EyeOfHorus.FaceModels.Tflite;

namespace EyeOfHorus.FaceModels;

/// <summary>Writes face_detector.onnx and face_embedder.onnx, each with its LICENSE and SOURCE file.</summary>
internal static class ModelWriter
{
    public const string DetectorFile = "face_detector.onnx";
    public const string EmbedderFile = "face_embedder.onnx";

    public static IReadOnlyList<(string File, string Sha256)> WriteAll(string nodeModules, string outDir)
    {
        var tflite = ModelSources.Verify(ModelSources.Detector, nodeModules);
        var manifest = ModelSources.Verify(ModelSources.EmbedderManifest, nodeModules);
        ModelSources.Verify(ModelSources.EmbedderWeights, nodeModules);
        Directory.CreateDirectory(outDir);

        var detector = DetectorConverter.Convert(TfliteModel.Read(File.ReadAllBytes(tflite)));
        var embedder = EmbedderConverter.Convert(TfjsWeights.Read(manifest));
        var licences = Path.Combine(AppContext.BaseDirectory, "licenses");
        var faceApi = Path.Combine(nodeModules, ModelSources.EmbedderWeights.Package);

        Write(outDir, DetectorFile, detector);
        File.Copy(Path.Combine(licences, "Apache-2.0.txt"), Path.Combine(outDir, "face_detector.LICENSE"), overwrite: true);
        File.WriteAllText(Path.Combine(outDir, "face_detector.SOURCE"), Source(ModelSources.Detector,
            "MediaPipe BlazeFace full-range face detector (Google). Licence: Apache-2.0, as the package's package.json states " +
            "(the package ships no LICENSE file; face_detector.LICENSE is the Apache-2.0 text)."));
        Write(outDir, EmbedderFile, embedder);
        File.Copy(Path.Combine(faceApi, "LICENSE"), Path.Combine(outDir, "face_embedder.LICENSE"), overwrite: true);
        File.WriteAllText(Path.Combine(outDir, "face_embedder.SOURCE"), Source(ModelSources.EmbedderWeights,
            "dlib's ResNet-29 128-D face descriptor (dlib_face_recognition_resnet_model_v1, Davis King; dlib-models README: public domain), " +
            "as uint8-quantised TFJS weights in @vladmandic/face-api (MIT, face_embedder.LICENSE; also read " +
            ModelSources.EmbedderManifest.PathInPackage + ")."));
        return [(Path.Combine(outDir, DetectorFile), Sha(detector)), (Path.Combine(outDir, EmbedderFile), Sha(embedder))];
    }

    private static void Write(string dir, string name, byte[] bytes)
    {
        var path = Path.Combine(dir, name);
        var temp = path + ".tmp";
        File.WriteAllBytes(temp, bytes);
        File.Move(temp, path, overwrite: true);
    }

    private static string Sha(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static string Source(SourceFile f, string what) =>
        $"{what}\nConverted to ONNX by engine/EyeOfHorus.FaceModels from npm {f.Package}@{f.Version} {f.PathInPackage} (sha256 {f.Sha256}).\n";
}
