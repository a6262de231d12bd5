using EyeOfHorus.FaceModels;
using EyeOfHorus.FaceModels.Tfjs;
using EyeOfHorus.FaceModels.Tflite;

// horus-models [--node-modules DIR] [--out DIR]: converts the pinned npm packages' face models to
// the ONNX files the face engine loads, with each model's licence and source beside it.
var nodeModules = "node_modules";
var outDir = "models";
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--node-modules" when i + 1 < args.Length: nodeModules = args[++i]; break;
        case "--out" when i + 1 < args.Length: outDir = args[++i]; break;
        default:
            Console.Error.WriteLine("usage: horus-models [--node-modules DIR] [--out DIR]");
            return 2;
    }
}

try
{
    var written = ModelWriter.WriteAll(nodeModules, outDir);
    foreach (var (file, sha) in written) Console.WriteLine($"{sha}  {file}");
    return 0;
}
catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"horus-models: {e.Message}");
    return 1;
}
