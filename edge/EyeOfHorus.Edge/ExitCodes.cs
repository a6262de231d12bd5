namespace EyeOfHorus.Edge;

/// <summary>What every <c>horus</c> command's exit code means: one table (README "Exit codes", <c>horus --help</c>).</summary>
public static class ExitCodes
{
    /// <summary>Done as asked; publish stopped cleanly (EOS) or its source ended; watch stopped by Ctrl-C.</summary>
    public const int Ok = 0;

    /// <summary>Ran, and the answer is no: a photo rejected, nothing to remove, a processor FAILED, no camera found, a doctor or faces check failed.</summary>
    public const int Failed = 1;

    /// <summary>Bad flags or values (also the parser's own errors), a malformed run config or failed batch file: the message names it.</summary>
    public const int Usage = 2;

    /// <summary>Cannot start: no deploy outputs, no stream, region or credentials, stack not deployed, no access; `run`: face models missing, a camera feed failed.</summary>
    public const int Configuration = 3;

    /// <summary>AWS answered with an error we cannot explain better, or could not be reached.</summary>
    public const int AwsError = 4;

    /// <summary>Waited the allowed time and it did not finish: the indexer (--timeout), EOS (--stop-timeout; the pipeline was killed).</summary>
    public const int TimedOut = 5;

    /// <summary>A tool this host needs is missing: GStreamer tools or elements (x264enc, kvssink), gst-device-monitor, the camera.</summary>
    public const int Preflight = 6;

    /// <summary>The pipeline failed in a way restarting cannot fix (invalid pipeline, element missing at run time).</summary>
    public const int PipelineInvalid = 7;

    /// <summary>Publish failed --max-restarts times in a row and gave up.</summary>
    public const int GaveUp = 8;

    /// <summary>An unexpected error (a bug): the message says where (EX_SOFTWARE).</summary>
    public const int Unexpected = 70;

    /// <summary>Interrupted (Ctrl-C/SIGTERM) before finishing.</summary>
    public const int Interrupted = 130;

    public const string HelpText =
        "Exit codes: 0 done; 1 done, and the answer is no (photo rejected, nothing to remove, processor FAILED, no camera, a check failed); " +
        "2 bad flags or values (or run config); 3 cannot start (deploy outputs, stream, region, credentials, stack not deployed, no access, face models, a run camera failed); " +
        "4 AWS error or unreachable; 5 timed out (indexer within --timeout, EOS within --stop-timeout); " +
        "6 GStreamer, an element, gst-device-monitor or the camera missing; 7 invalid pipeline (not restarted); " +
        "8 gave up after --max-restarts; 70 unexpected error; 130 interrupted.";
}
