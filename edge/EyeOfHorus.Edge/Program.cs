using System.CommandLine;
using EyeOfHorus.Edge;
using EyeOfHorus.Edge.Analysis;
using EyeOfHorus.Edge.Commands;
using EyeOfHorus.Local.Gallery;

var root = new RootCommand("horus: the Eye of Horus camera host and operator CLI. " + ExitCodes.HelpText)
{
    PublishCommand.Create(new AnalysisExtension()),
    DevicesCommand.Create(),
    DoctorCommand.Create(),
    FacesCommand.Create(LoadEngine),
    ProcessorCommand.Create(),
    RunCommand.Create(LoadEngine),
    ConsoleCommand.Create(),
    WatchCommand.Create(),
    ReplayCommand.Create(),
};
// After Ctrl-C/SIGTERM an action's token is cancelled and it gets this long to finish before the
// process exits anyway: publish needs it to drain the pipeline (EOS) within its --stop-timeout.
var invocation = new InvocationConfiguration
{
    ProcessTerminationTimeout = TimeSpan.FromSeconds(PublishCommand.MaxStopTimeoutSeconds + 5),
    EnableDefaultExceptionHandler = false,
};
var parse = root.Parse(args);
try
{
    var code = await parse.InvokeAsync(invocation);
    return parse.Errors.Count > 0 ? ExitCodes.Usage : code;
}
#pragma warning disable CA1031 // the last resort: whatever escaped a command is reported as a bug, with its exit code
catch (Exception ex)
#pragma warning restore CA1031
{
    await Console.Error.WriteLineAsync($"horus: unexpected error (a bug; please report it): {ex}");
    return ExitCodes.Unexpected;
}

static IFaceEngine LoadEngine(string? models) => LocalFaceEngine.Load(models);

// ASP.NET Core (the web console) would otherwise make the top-level Program public, and so clash with other assemblies' Program.
internal sealed partial class Program;
