namespace EyeOfHorus.Edge.Operator;

/// <summary>What a horus operator command's exit code means (README "Operating: horus").</summary>
public static class ExitCodes
{
    /// <summary>Done as asked.</summary>
    public const int Ok = 0;

    /// <summary>Ran, and the answer is no: a photo was rejected, nothing matched, a processor failed.</summary>
    public const int Failed = 1;

    /// <summary>Bad arguments: a photo that is not there, an unreadable --since (parse errors are 1, System.CommandLine's own).</summary>
    public const int BadInput = 2;

    /// <summary>Cannot start: no outputs file, no credentials, wrong region, stack not deployed, no access.</summary>
    public const int Configuration = 3;

    /// <summary>AWS answered with an error we cannot explain better, or could not be reached.</summary>
    public const int AwsError = 4;

    /// <summary>Waited the allowed time for the system (the indexer) and it did not finish.</summary>
    public const int TimedOut = 5;

    /// <summary>Interrupted (Ctrl-C) before finishing; watch exits 0 on Ctrl-C, it is how watch ends.</summary>
    public const int Interrupted = 130;
}

/// <summary>A failure the user can act on: the message says what to do; the command exits with <see cref="ExitCode"/>.</summary>
public sealed class OperatorException(int exitCode, string message, Exception? innerException = null) : Exception(message, innerException)
{
    public int ExitCode { get; } = exitCode;
}
