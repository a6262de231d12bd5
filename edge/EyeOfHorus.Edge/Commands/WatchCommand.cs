using System.CommandLine;

namespace EyeOfHorus.Edge.Commands;

public static class WatchCommand
{
    public static Command Create() => new("watch", "Not built yet.");
}
