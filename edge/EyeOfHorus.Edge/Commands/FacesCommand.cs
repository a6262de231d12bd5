using System.CommandLine;

namespace EyeOfHorus.Edge.Commands;

public static class FacesCommand
{
    public static Command Create() => new("faces", "Not built yet.");
}
