using System.CommandLine;
using System.Text.Json;
using EyeOfHorus.Edge.Operator;
using EyeOfHorus.Edge.Operator.Processors;

namespace EyeOfHorus.Edge.Commands;

/// <summary><c>horus processor status|start|stop</c>: the Rekognition stream processor of each camera (recognition=stream-processor).</summary>
public static class ProcessorCommand
{
    public static Command Create()
    {
        var common = new CommonOptions();
        var camera = new Option<string?>("--camera") { Description = "Only this camera's processor (default: every camera's)", Recursive = true };
        var name = new Option<string?>("--processor") { Description = "A stream processor by name (default: StreamProcessors from the outputs file)", Recursive = true };
        var processor = new Command("processor", "The Rekognition stream processors that search faces in each camera's video (recognition=stream-processor)");
        common.AddTo(processor);
        processor.Options.Add(camera);
        processor.Options.Add(name);

        var json = new Option<bool>("--json") { Description = "Print a JSON array instead of a table" };
        var status = new Command("status", "Show each stream processor's status") { json };
        status.SetAction((parse, ct) => OperatorAction.RunAsync(parse, common, ct, async (context, output, token) =>
        {
            var selected = StreamProcessors.Select(context.Outputs, parse.GetValue(camera), parse.GetValue(name));
            var processors = new StreamProcessors(context.Rekognition());
            var reports = new List<ProcessorReport>();
            foreach (var (cam, processorName) in selected) reports.Add(await processors.StatusAsync(cam, processorName, token).ConfigureAwait(false));
            if (parse.GetValue(json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize<IReadOnlyList<ProcessorListing>>([.. reports.Select(StreamProcessors.Listing)],
                    OperatorJsonContext.Default.IReadOnlyListProcessorListing)).ConfigureAwait(false);
            }
            else
            {
                TextTable.Write(output, ["CAMERA", "PROCESSOR", "STATUS", "NOTE"], reports.Select(r => (IReadOnlyList<string>)
                    [r.Camera, r.Name, r.State.Status ?? "?", r.State.StatusMessage ?? ""]));
            }
            return reports.Any(r => r.State.Status == "FAILED") ? ExitCodes.Failed : ExitCodes.Ok;
        }));

        processor.Subcommands.Add(status);
        processor.Subcommands.Add(Change("start", "Start the stream processor(s); running ones are left alone", common, camera, name,
            (p, cam, n, token) => p.StartAsync(cam, n, token)));
        processor.Subcommands.Add(Change("stop", "Stop the stream processor(s); stopped ones are left alone", common, camera, name,
            (p, cam, n, token) => p.StopAsync(cam, n, token)));
        return processor;
    }

    private static Command Change(string verb, string description, CommonOptions common, Option<string?> camera, Option<string?> name,
        Func<StreamProcessors, string, string, CancellationToken, Task<ProcessorReport>> change)
    {
        var command = new Command(verb, description);
        command.SetAction((parse, ct) => OperatorAction.RunAsync(parse, common, ct, async (context, output, token) =>
        {
            var selected = StreamProcessors.Select(context.Outputs, parse.GetValue(camera), parse.GetValue(name));
            var processors = new StreamProcessors(context.Rekognition());
            var exit = ExitCodes.Ok;
            foreach (var (cam, processorName) in selected)
            {
                var report = await change(processors, cam, processorName, token).ConfigureAwait(false);
                var status = report.State.Status ?? "?";
                await output.WriteLineAsync(report.Outcome switch
                {
                    "already-running" => $"{cam}: {processorName} is already {status}",
                    "already-stopped" => $"{cam}: {processorName} is already {status}",
                    _ => $"{cam}: {processorName} {report.Outcome} (now {status})",
                }).ConfigureAwait(false);
                if (status == "FAILED")
                {
                    await parse.InvocationConfiguration.Error.WriteLineAsync($"horus: {processorName} FAILED: {report.State.StatusMessage}").ConfigureAwait(false);
                    exit = ExitCodes.Failed;
                }
            }
            return exit;
        }));
        return command;
    }
}
