using System.Globalization;

namespace EyeOfHorus.Edge.Pipeline;

/// <summary>One line saying how the pipeline is doing: state, uptime, restarts, last error.</summary>
public static class StatusLine
{
    public static string Format(PipelineStatus status, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(status);
        var state = status.State switch
        {
            PipelineState.Starting => "starting",
            PipelineState.Running => $"running {Duration(now - status.Since)}",
            PipelineState.WaitingToRestart => $"restarting in {Duration(status.RetryIn ?? TimeSpan.Zero)}",
            PipelineState.Stopping => "stopping (EOS)",
            _ => "ended",
        };
        var line = $"horus publish: {state} | restarts {status.Restarts}";
        return status.LastError is { } error ? $"{line} | last error: {error}" : line;
    }

    private static string Duration(TimeSpan span) =>
        span.TotalHours >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalHours}h{span.Minutes:00}m{span.Seconds:00}s")
            : span.TotalMinutes >= 1
                ? string.Create(CultureInfo.InvariantCulture, $"{span.Minutes}m{span.Seconds:00}s")
                : string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:0.#}s");
}
