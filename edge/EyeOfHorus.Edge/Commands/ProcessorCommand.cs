using System.CommandLine;

namespace EyeOfHorus.Edge.Commands;

public static class ProcessorCommand
{
    public static Command Create() => new("processor", "Not built yet.");
}
