using System.CommandLine;

namespace EyeOfHorus.Edge.Commands;

public static class PublishCommand
{
    public static Command Create() => new("publish", "Not built yet.");
}
