using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Runtime.Loader;

// Usage: EyeOfHorus.ColdStart <package folder> <assembly name> <handler type> <event file>
// Prints "init_ms=<process start to handler constructed> invoke_ms=<first Handle call> output=<response>".
if (args.Length != 4)
{
    Console.Error.WriteLine("usage: EyeOfHorus.ColdStart <package folder> <assembly name> <handler type> <event file>");
    return 2;
}
var processStart = Process.GetCurrentProcess().StartTime.ToUniversalTime();
var (folder, assemblyName, typeName, eventFile) = (args[0], args[1], args[2], args[3]);
var package = new PackageLoadContext(Path.Combine(folder, assemblyName + ".dll"));
var type = package.LoadFromAssemblyPath(Path.Combine(folder, assemblyName + ".dll")).GetType(typeName, throwOnError: true)!;
var handler = Activator.CreateInstance(type)!;
var initMs = (DateTime.UtcNow - processStart).TotalMilliseconds;

var handle = type.GetMethod("Handle", [typeof(Stream)]) ?? throw new MissingMethodException(typeName, "Handle(Stream)");
var clock = Stopwatch.StartNew();
using var input = File.OpenRead(eventFile);
using var output = (Stream)handle.Invoke(handler, [input])!;
var invokeMs = clock.Elapsed.TotalMilliseconds;
using var reader = new StreamReader(output);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"init_ms={initMs:F0} invoke_ms={invokeMs:F0} output={reader.ReadToEnd()}"));
return 0;

/// <summary>Resolves the package's assemblies from its own deps.json, as the Lambda runtime does.</summary>
internal sealed class PackageLoadContext(string mainAssembly) : AssemblyLoadContext("package")
{
    private readonly AssemblyDependencyResolver _resolver = new(mainAssembly);

    protected override Assembly? Load(AssemblyName assemblyName) =>
        _resolver.ResolveAssemblyToPath(assemblyName) is { } path ? LoadFromAssemblyPath(path) : null;

    // Native libraries (ONNX Runtime, SkiaSharp) from the package too, as the Lambda runtime finds them.
    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName) =>
        _resolver.ResolveUnmanagedDllToPath(unmanagedDllName) is { } path ? LoadUnmanagedDllFromPath(path) : IntPtr.Zero;
}
