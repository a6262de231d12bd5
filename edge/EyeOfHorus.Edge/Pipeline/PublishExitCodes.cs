namespace EyeOfHorus.Edge.Pipeline;

/// <summary>Exit codes of <c>horus publish</c> (listed in its --help and the README).</summary>
public static class PublishExitCodes
{
    /// <summary>Stopped by Ctrl-C/SIGTERM after EOS, or a finite source (file, test with a frame count) ended; --print done.</summary>
    public const int Ok = 0;

    /// <summary>Unexpected error (a bug: the message says where).</summary>
    public const int Unexpected = 1;

    /// <summary>Invalid flags or values.</summary>
    public const int Usage = 2;

    /// <summary>Preflight failed: GStreamer tools or elements (x264enc, kvssink) missing, camera absent.</summary>
    public const int Preflight = 3;

    /// <summary>The pipeline failed in a way restarting cannot fix (invalid pipeline, element missing at run time).</summary>
    public const int PipelineInvalid = 4;

    /// <summary>--max-restarts failures in a row: the supervisor gave up.</summary>
    public const int GaveUp = 5;

    /// <summary>Deploy outputs, stream name, region or AWS credentials unavailable.</summary>
    public const int Configuration = 6;

    /// <summary>Stopped, but EOS did not finish within --stop-timeout: the pipeline was killed (the last fragment or file may be incomplete).</summary>
    public const int StopTimedOut = 7;

    public const string HelpText =
        "Exit codes: 0 stopped cleanly (EOS) or the source ended; 1 unexpected error; 2 invalid flags; 3 preflight failed " +
        "(GStreamer, x264enc, kvssink or camera missing); 4 invalid pipeline (not restarted); 5 gave up after --max-restarts; " +
        "6 deploy outputs, stream, region or credentials unavailable; 7 EOS did not finish within --stop-timeout.";
}
