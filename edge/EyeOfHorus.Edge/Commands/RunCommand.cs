using System.CommandLine;
using System.Globalization;
using EyeOfHorus.FaceEngine;
using EyeOfHorus.Edge.Devices;
using EyeOfHorus.Edge.Run;
using EyeOfHorus.Edge.Operator;
using EyeOfHorus.Edge.Pipeline;
using EyeOfHorus.Local;
using EyeOfHorus.Local.Config;
using EyeOfHorus.Local.Frames;
using EyeOfHorus.Local.Gallery;
using EyeOfHorus.WebConsole;

namespace EyeOfHorus.Edge.Commands;

/// <summary>
/// <c>horus run</c>: the whole job on this machine, no AWS. A thin shell: it reads the config file,
/// the flags and the environment into a plan and hands it to <see cref="LocalRunner"/>.
/// </summary>
public static class RunCommand
{
    public const string DefaultConfigFile = "horus-run.json";

    private sealed class Flags
    {
        public Option<string?> Config { get; } = new("--config") { Description = $"Config file (JSON; default ./{DefaultConfigFile} when present): cameras, faces, state, webhook, mqtt, snapshots", HelpName = "FILE" };
        public Option<string[]> Camera { get; } = new("--camera") { Description = $"A camera as NAME=SOURCE (repeat for several); SOURCE: {VideoSource.Syntax}", HelpName = "NAME=SOURCE", AllowMultipleArgumentsPerToken = false };
        public Option<string?> Faces { get; } = new("--faces") { Description = "The authorised people: a folder laid out as <person>/<photo> (default ./faces)", HelpName = "DIR" };
        public Option<string?> State { get; } = new("--state") { Description = "Where the database (state.db) and snapshots/ live (default ./horus-state)", HelpName = "DIR" };
        public Option<string?> Models { get; } = new("--models") { Description = "The face engine's model folder (default $HORUS_MODELS, else models/)", HelpName = "DIR" };
        public Option<int?> Fps { get; } = new("--fps") { Description = $"Frames analysed per second and camera (default {RunPlanBuilder.DefaultFps})" };
        public Option<double?> Threshold { get; } = new("--threshold") { Description = "Similarity (0-100) a known person must reach (default 90)" };
        public Option<double?> Cooldown { get; } = new("--cooldown") { Description = "Seconds between two alerts for the same camera and person or unknown face: one alert per visit (default 300)" };
        public Option<bool> Json { get; } = new("--json") { Description = "Print each alert as its JSON document (the one the SNS alert carries), one per line" };
        public Option<string?> Console { get; } = new("--console") { Description = $"Where the web console listens: HOST:PORT (default {ConsoleSettings.DefaultListen}; port 0 picks a free one) or '{ConsoleSettings.Off}'. Any address but loopback needs {ConsoleSettings.PasswordVariable} or the config file's console.passwordHash", HelpName = "HOST:PORT|off" };

        public IEnumerable<Option> All => [Config, Camera, Faces, State, Models, Fps, Threshold, Cooldown, Json, Console];
    }

    /// <param name="loadEngine">Loads the face engine from a model folder (null: its default); throws with an install hint when the models are missing.</param>
    public static Command Create(Func<string?, IFaceEngine> loadEngine)
    {
        var flags = new Flags();
        var command = new Command("run",
            "Run the whole system on this machine, no AWS: cameras -> local face engine -> authorised people from the faces folder -> " +
            "alerts on the console, a webhook and MQTT (endpoints and credentials from the config file or HORUS_WEBHOOK_URL, HORUS_MQTT_URL, " +
            "HORUS_MQTT_USERNAME, HORUS_MQTT_PASSWORD). Ctrl-C/SIGTERM stops it cleanly. Exit codes: 0 done, 2 bad arguments or config, 3 cannot start (models, GStreamer).");
        foreach (var option in flags.All) command.Options.Add(option);
        command.SetAction((parse, ct) => RunAsync(parse, flags, loadEngine, ct));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, Flags flags, Func<string?, IFaceEngine> loadEngine, CancellationToken ct)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        RunPlan plan;
        ConsoleSettings? console;
        try
        {
            var configPath = parse.GetValue(flags.Config) ?? (File.Exists(DefaultConfigFile) ? DefaultConfigFile : null);
            var config = configPath is null ? new RunConfig() : RunConfig.Load(configPath);
            var tools = new GstTools();
            plan = await RunPlanBuilder.BuildAsync(config,
                new RunFlags(parse.GetValue(flags.Camera) ?? [], parse.GetValue(flags.Faces), parse.GetValue(flags.State), parse.GetValue(flags.Fps),
                    parse.GetValue(flags.Threshold), parse.GetValue(flags.Cooldown), parse.GetValue(flags.Json)),
                Environment.GetEnvironmentVariable,
                (source, token) => SourceDetection.ResolveAsync(source, SourceDetection.Current, t => DeviceMonitor.ListCamerasAsync(tools, t), File.Exists, token),
                ct).ConfigureAwait(false);
            console = ConsoleSettings.From(parse.GetValue(flags.Console) ?? config.Console?.Listen, config.Console?.PasswordHash, Environment.GetEnvironmentVariable);
        }
        catch (FormatException ex)
        {
            await error.WriteLineAsync($"horus run: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        IFaceEngine engine;
        try { engine = loadEngine(parse.GetValue(flags.Models)); }
        catch (Exception ex) when (ex is FaceModelException or IOException or InvalidDataException)
        {
            await error.WriteLineAsync($"horus run: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Configuration;
        }
        var runner = new LocalRunner(plan, engine, output, error);
        ConsoleServer? server = null;
        try
        {
            if (console is not null)
            {
                try { server = await ConsoleServer.StartAsync(console, RunView.Of(runner, plan), ct: ct).ConfigureAwait(false); }
                catch (IOException ex)
                {
                    await error.WriteLineAsync($"horus run: {ex.Message}").ConfigureAwait(false);
                    return ExitCodes.Configuration;
                }
                await error.WriteLineAsync($"horus run: web console on {server.Address}" + (console.PasswordRequired ? " (password required)" : "")).ConfigureAwait(false);
            }
            await runner.RunAsync(ct).ConfigureAwait(false);
            if (runner.Feeds.FirstOrDefault(f => f.State == FeedState.Failed) is { } failed)
            {
                await error.WriteLineAsync($"horus run: {failed.Source.Camera}: {failed.LastError}").ConfigureAwait(false);
                return ExitCodes.Configuration;
            }
            await error.WriteLineAsync(Summary(runner)).ConfigureAwait(false);
            return ExitCodes.Ok;
        }
        catch (InvalidDataException ex)
        {
            await error.WriteLineAsync($"horus run: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Configuration;
        }
        finally
        {
            if (server is not null) await server.DisposeAsync().ConfigureAwait(false);
            (engine as IDisposable)?.Dispose();
        }
    }

    private static string Summary(LocalRunner runner)
    {
        var cameras = string.Join("; ", runner.Feeds.Select(f =>
        {
            var c = runner.Counters[f.Source.Camera];
            var line = $"{f.Source.Camera}: {f.FramesRead} frames read, {c.Analysed} analysed, {f.FramesDropped} dropped";
            if (CameraCounters.Percentile(c.FrameMilliseconds, 50) is { } p50)
                line += string.Create(CultureInfo.InvariantCulture,
                    $", per analysed frame p50 {p50:0.0} ms p95 {CameraCounters.Percentile(c.FrameMilliseconds, 95):0.0} ms, analysis CPU {c.AnalysisCpu.TotalSeconds:0.00} s");
            if (CameraCounters.Percentile(c.AlertDelayMilliseconds, 50) is { } delay)
                line += string.Create(CultureInfo.InvariantCulture, $", first frame to alert p50 {delay:0} ms over {c.AlertDelayMilliseconds.Count} alert(s)");
            return line;
        }));
        var sinks = string.Join("; ", runner.Workers.Select(w => $"{w.Sink}: {w.Counters.Delivered} delivered, {runner.Undelivered.GetValueOrDefault(w.Sink)} pending"));
        var unstored = runner.Desk?.Unstored ?? 0;
        return $"horus run: stopped. {cameras}. alerts: {runner.Desk?.Accepted ?? 0} accepted, {runner.Desk?.CooledDown ?? 0} within the cooldown"
            + (unstored > 0 ? $", {unstored} not stored (printed only; see the errors above)" : "")
            + (sinks.Length > 0 ? $". {sinks}" : "");
    }
}
