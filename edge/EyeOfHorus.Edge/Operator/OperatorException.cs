namespace EyeOfHorus.Edge.Operator;

/// <summary>A failure the user can act on: the message says what to do; the command exits with <see cref="ExitCode"/>.</summary>
public sealed class OperatorException(int exitCode, string message, Exception? innerException = null) : Exception(message, innerException)
{
    public int ExitCode { get; } = exitCode;
}
