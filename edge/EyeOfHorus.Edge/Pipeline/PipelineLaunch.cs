namespace EyeOfHorus.Edge.Pipeline;

/// <summary>
/// One start of the pipeline process. <see cref="Environment"/> overrides the inherited
/// environment (null removes a variable). When <see cref="RestartBefore"/> is set the supervisor
/// ends the run cleanly (EOS) and starts a fresh one before that time: how credentials handed over
/// in the environment are renewed.
/// </summary>
public sealed record PipelineLaunch(
    string Executable,
    IReadOnlyList<string> Arguments,
    IReadOnlyDictionary<string, string?> Environment,
    DateTimeOffset? RestartBefore = null)
{
    public const string GstLaunchExecutable = "gst-launch-1.0";

    /// <summary>Variables no child inherits from us unless the hand-off puts them there on purpose.</summary>
    public static readonly IReadOnlyList<string> SecretVariables = ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN"];

    /// <summary>
    /// gst-launch-1.0 -e (SIGINT sends EOS so muxers finalise) [-m: print bus messages on stdout,
    /// which the frame analysis reads] followed by the pipeline.
    /// </summary>
    public static PipelineLaunch ForGstLaunch(
        GstTokens pipeline,
        bool printBusMessages = false,
        IReadOnlyDictionary<string, string?>? environment = null,
        DateTimeOffset? restartBefore = null,
        string executable = GstLaunchExecutable)
    {
        List<string> args = ["-e"];
        if (printBusMessages) args.Add("-m");
        args.AddRange(pipeline.Tokens);
        var env = SecretVariables.ToDictionary(name => name, string? (_) => null, StringComparer.Ordinal);
        if (environment is not null)
        {
            foreach (var (name, value) in environment) env[name] = value;
        }
        return new PipelineLaunch(executable, args, env, restartBefore);
    }

    /// <summary>The command line (no secret is ever in it), for --print and logs.</summary>
    public string CommandLine => GstTokens.ToShellString([Executable, .. Arguments]);
}
