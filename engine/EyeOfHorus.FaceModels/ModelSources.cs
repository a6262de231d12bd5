using System.Security.Cryptography;

namespace EyeOfHorus.FaceModels;

/// <summary>A file inside a pinned npm package (package.json), with the sha256 the converter expects.</summary>
internal sealed record SourceFile(string Package, string Version, string PathInPackage, string Sha256)
{
    public string Locate(string nodeModules) => Path.Combine(nodeModules, Package, PathInPackage);
}

/// <summary>The model files the converter reads, and where their licences are.</summary>
internal static class ModelSources
{
    public static readonly SourceFile Detector = new("@mediapipe/face_detection", "0.4.1657300184",
        "face_detection_full_range.tflite", "99bf9494d84f50acc6617d89873f71bf6635a841ea699c17cb3377f9507cfec3");

    public static readonly SourceFile EmbedderManifest = new("@vladmandic/face-api", "1.7.15",
        "model/face_recognition_model-weights_manifest.json", "cbaffa501b0b9275a12b63357a6843e7e30c054e1c9151e1a5f879b26e32986b");

    public static readonly SourceFile EmbedderWeights = new("@vladmandic/face-api", "1.7.15",
        "model/face_recognition_model.bin", "b413e420d6840b2775fba32008db6f3cddb07d485967fb42cfcf379c16a8c589");

    /// <summary>Checks the file is there and unaltered; the message says how to get it.</summary>
    public static string Verify(SourceFile file, string nodeModules)
    {
        var path = file.Locate(nodeModules);
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path} is missing: run `npm ci` in the repository (package.json pins {file.Package}@{file.Version})");
        var actual = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
        if (actual != file.Sha256)
            throw new InvalidDataException($"{path} has sha256 {actual}, expected {file.Sha256} ({file.Package}@{file.Version}): run `rm -rf node_modules && npm ci`");
        return path;
    }
}
