using System.CommandLine;
using EyeOfHorus.Edge.Analysis;
using EyeOfHorus.Edge.Commands;
using EyeOfHorus.Local.Gallery;

var root = new RootCommand("horus: the Eye of Horus camera host and operator CLI")
{
    PublishCommand.Create(new AnalysisExtension()),
    DevicesCommand.Create(),
    DoctorCommand.Create(),
    FacesCommand.Create(LoadEngine),
    ProcessorCommand.Create(),
    RunCommand.Create(LoadEngine),
    WatchCommand.Create(),
    ReplayCommand.Create(),
};
// After Ctrl-C/SIGTERM an action's token is cancelled and it gets this long to finish before the
// process exits anyway: publish needs it to drain the pipeline (EOS) within its --stop-timeout.
var invocation = new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(PublishCommand.MaxStopTimeoutSeconds + 5) };
return await root.Parse(args).InvokeAsync(invocation);

static IFaceEngine LoadEngine(string? models) => LocalFaceEngine.Load(models);
