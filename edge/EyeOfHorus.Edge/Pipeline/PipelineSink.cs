namespace EyeOfHorus.Edge.Pipeline;

/// <summary>Where the encoded video goes.</summary>
public abstract record PipelineSink
{
    /// <summary>
    /// Kinesis Video Streams through Amazon's kvssink. <paramref name="CredentialFilePath"/> is the
    /// file the credential hand-off keeps fresh (a path, never a secret); null when credentials
    /// travel in the child's environment.
    /// </summary>
    public sealed record Kvs(string StreamName, string Region, string? CredentialFilePath = null) : PipelineSink;

    /// <summary>A local recording: Matroska, or MP4 when the path ends in .mp4.</summary>
    public sealed record LocalFile(string Path) : PipelineSink
    {
        public bool IsMp4 => Path.EndsWith(".mp4", StringComparison.OrdinalIgnoreCase);
    }

    public const string Syntax = "kvs | file:PATH (.mkv or .mp4)";

    public static bool IsKvs(string value) => value.Trim().Equals("kvs", StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads <c>--sink file:PATH</c>; <c>kvs</c> is resolved by the caller (it needs the stream name and region).</summary>
    public static bool TryParseFile(string value, out LocalFile? sink, out string? error)
    {
        sink = null;
        error = null;
        var text = value.Trim();
        if (!text.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            error = $"unknown sink '{text}'; expected {Syntax}";
            return false;
        }
        var path = text["file:".Length..];
        if (path.Length == 0)
        {
            error = "file: needs a path, e.g. file:/tmp/horus.mkv";
            return false;
        }
        sink = new LocalFile(path);
        return true;
    }
}
