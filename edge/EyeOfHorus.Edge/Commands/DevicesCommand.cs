using System.CommandLine;

namespace EyeOfHorus.Edge.Commands;

public static class DevicesCommand
{
    public static Command Create() => new("devices", "Not built yet.");
}
