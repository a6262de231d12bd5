using System.CommandLine;
using EyeOfHorus.Edge.Commands;

var root = new RootCommand("horus: the Eye of Horus camera host and operator CLI")
{
    PublishCommand.Create(),
    DevicesCommand.Create(),
    FacesCommand.Create(),
    ProcessorCommand.Create(),
    WatchCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
