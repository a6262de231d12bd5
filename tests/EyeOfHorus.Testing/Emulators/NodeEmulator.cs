using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace EyeOfHorus.Testing.Emulators;

/// <summary>
/// A node-based AWS emulator (kinesalite, dynalite, s3rver from the repository's node_modules),
/// started on 127.0.0.1 at a free port and killed on dispose. Fails fast, with the emulator's
/// output, when it does not come up.
/// </summary>
public abstract class NodeEmulator : IAsyncDisposable
{
    private readonly StringBuilder _output = new();
    private Process? _process;
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "horus-emulator-" + Guid.NewGuid().ToString("N"));

    public int Port { get; private set; }
    public Uri Endpoint => new($"http://127.0.0.1:{Port}");
    public string Output { get { lock (_output) return _output.ToString(); } }
    protected string DataDirectory => _dataDirectory;

    /// <summary>The node script (run with -e) that starts the emulator on 127.0.0.1:port.</summary>
    protected abstract string Script(int port);

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_process is not null) throw new InvalidOperationException("Already started.");
        Directory.CreateDirectory(_dataDirectory);
        Port = FreePort();
        var node = new ProcessStartInfo("node")
        {
            WorkingDirectory = RepoPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        node.ArgumentList.Add("-e");
        node.ArgumentList.Add(Script(Port));
        node.Environment["NODE_PATH"] = RepoPaths.NodeModules;
        _process = Process.Start(node) ?? throw new InvalidOperationException("node did not start");
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_process.HasExited)
                throw new InvalidOperationException($"{GetType().Name} exited with {_process.ExitCode}: {Output}");
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port, cancellationToken);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50, cancellationToken);
            }
        }
        throw new TimeoutException($"{GetType().Name} did not listen on {Endpoint} within 20 s: {Output}");
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process?.Dispose();
        try { Directory.Delete(_dataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        GC.SuppressFinalize(this);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    protected static string JsString(string value) => System.Text.Json.JsonSerializer.Serialize(value);
}

/// <summary>Kinesis Data Streams (kinesalite, in memory). Streams become ACTIVE at once.</summary>
public sealed class Kinesalite : NodeEmulator
{
    protected override string Script(int port) =>
        $"require('kinesalite')({{createStreamMs: 0, deleteStreamMs: 0, updateStreamMs: 0, shardLimit: 100}}).listen({port}, '127.0.0.1')";
}

/// <summary>DynamoDB (dynalite, in memory). Tables become ACTIVE at once.</summary>
public sealed class Dynalite : NodeEmulator
{
    protected override string Script(int port) =>
        $"require('dynalite')({{createTableMs: 0, deleteTableMs: 0, updateTableMs: 0}}).listen({port}, '127.0.0.1')";
}

/// <summary>S3 (s3rver, files in a temporary folder). Buckets named in the constructor exist at start.</summary>
public sealed class S3rver(params string[] buckets) : NodeEmulator
{
    protected override string Script(int port)
    {
        var configure = string.Join(",", buckets.Select(b => $"{{name: {JsString(b)}}}"));
        return $"const S3rver = require('s3rver'); new S3rver({{address: '127.0.0.1', port: {port}, silent: true, " +
               $"directory: {JsString(DataDirectory)}, configureBuckets: [{configure}]}}).run().catch(e => {{ console.error(e); process.exit(1); }})";
    }
}
