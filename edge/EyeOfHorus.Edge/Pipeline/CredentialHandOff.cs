using System.Globalization;
using EyeOfHorus.Aws;

namespace EyeOfHorus.Edge.Pipeline;

public enum CredentialHandOffMode
{
    /// <summary>kvssink's credential-file-path: a private file rewritten before the credentials expire; the pipeline keeps running.</summary>
    File,

    /// <summary>AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN in the child's environment; the pipeline is restarted (EOS first) before they expire.</summary>
    Environment,
}

/// <summary>
/// The file format of the KVS producer SDK's file credential provider, which kvssink uses when its
/// credential-file-path property is set: one line,
/// <c>CREDENTIALS &lt;access key id&gt; &lt;expiration, ISO 8601 UTC&gt; &lt;secret access key&gt; &lt;session token&gt;</c>,
/// or <c>CREDENTIALS &lt;access key id&gt; &lt;secret access key&gt;</c> for long-term keys.
/// </summary>
public static class KvsCredentialFile
{
    public static string Format(AwsCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        if (credentials.SessionToken is null && credentials.Expiration is null)
        {
            return $"CREDENTIALS {credentials.AccessKeyId} {credentials.SecretAccessKey}\n";
        }
        // Temporary credentials always expire; one with a token but no stated expiry is given an hour.
        var expiration = (credentials.Expiration ?? DateTimeOffset.UtcNow.AddHours(1)).ToUniversalTime()
            .ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        return $"CREDENTIALS {credentials.AccessKeyId} {expiration} {credentials.SecretAccessKey} {credentials.SessionToken ?? string.Empty}".TrimEnd() + "\n";
    }
}

/// <summary>
/// Hands AWS credentials to the pipeline process without putting them on its command line (which
/// every user of the host can read in /proc/PID/cmdline or ps). File mode keeps a 0600 file in a
/// 0700 folder fresh; environment mode sets the variables and schedules a clean restart before expiry.
/// </summary>
public sealed class CredentialHandOff : IDisposable
{
    /// <summary>Renew this long before the credentials expire.</summary>
    public static readonly TimeSpan RenewBeforeExpiry = TimeSpan.FromMinutes(5);

    /// <summary>When the source has not renewed yet, ask again after this long.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(15);

    public const string FileName = "kvs-credentials";

    private readonly ICredentialSource _source;
    private readonly TimeProvider _time;
    private readonly string? _folder;
    private DateTimeOffset? _currentExpiry;

    public CredentialHandOff(ICredentialSource source, CredentialHandOffMode mode, string? privateFolder = null, TimeProvider? time = null)
    {
        _source = source;
        Mode = mode;
        _time = time ?? TimeProvider.System;
        if (mode == CredentialHandOffMode.File)
        {
            _folder = privateFolder ?? DefaultPrivateFolder();
            CreatePrivateFolder(_folder);
            CredentialFilePath = Path.Combine(_folder, FileName);
        }
    }

    public CredentialHandOffMode Mode { get; }

    /// <summary>The file kvssink reads (file mode), null in environment mode.</summary>
    public string? CredentialFilePath { get; }

    /// <summary>
    /// $RUNTIME_DIRECTORY (systemd RuntimeDirectory=, a tmpfs only the service user can read), else
    /// $XDG_RUNTIME_DIR/horus, else a folder in the temp directory; a per-process sub-folder.
    /// </summary>
    public static string DefaultPrivateFolder()
    {
        var runtime = System.Environment.GetEnvironmentVariable("RUNTIME_DIRECTORY")?.Split(':')[0];
        var baseFolder = !string.IsNullOrEmpty(runtime) ? runtime
            : System.Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR") is { Length: > 0 } xdg ? Path.Combine(xdg, "horus")
            : Path.Combine(Path.GetTempPath(), "horus-" + System.Environment.UserName);
        return Path.Combine(baseFolder, $"publish-{System.Environment.ProcessId}");
    }

    /// <summary>Fetches current credentials and prepares the child's environment (called before every start).</summary>
    public async ValueTask<(IReadOnlyDictionary<string, string?> Environment, DateTimeOffset? RestartBefore)> PrepareAsync(CancellationToken cancellationToken)
    {
        var credentials = await _source.GetCredentialsAsync(cancellationToken).ConfigureAwait(false);
        _currentExpiry = credentials.Expiration;
        if (Mode == CredentialHandOffMode.File)
        {
            WriteFile(credentials);
            return (new Dictionary<string, string?>(), null);
        }
        var environment = new Dictionary<string, string?>
        {
            ["AWS_ACCESS_KEY_ID"] = credentials.AccessKeyId,
            ["AWS_SECRET_ACCESS_KEY"] = credentials.SecretAccessKey,
            ["AWS_SESSION_TOKEN"] = credentials.SessionToken,
        };
        return (environment, credentials.Expiration - RenewBeforeExpiry);
    }

    /// <summary>File mode: rewrites the file with renewed credentials before each expiry, until cancelled.</summary>
    public async Task KeepFreshAsync(Action<string>? report, CancellationToken cancellationToken)
    {
        if (Mode != CredentialHandOffMode.File) return;
        while (!cancellationToken.IsCancellationRequested)
        {
            if (_currentExpiry is not { } expiry) return; // long-term keys: nothing to renew
            var wait = expiry - RenewBeforeExpiry - _time.GetUtcNow();
            try
            {
                if (wait > TimeSpan.Zero) await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
                var credentials = await _source.GetCredentialsAsync(cancellationToken).ConfigureAwait(false);
                if (credentials.Expiration is { } renewed && renewed > expiry)
                {
                    WriteFile(credentials);
                    _currentExpiry = renewed;
                    report?.Invoke($"credentials renewed, valid until {renewed:u}");
                    continue;
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // a failed renewal is retried; the running pipeline still holds valid credentials
            catch (Exception ex)
#pragma warning restore CA1031
            {
                report?.Invoke($"credential renewal failed, retrying: {ex.Message}");
            }
            try
            {
                await Task.Delay(RetryAfter, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private void WriteFile(AwsCredentials credentials)
    {
        var path = CredentialFilePath!;
        var temporary = path + ".new";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var stream = new FileStream(temporary, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(KvsCredentialFile.Format(credentials));
        }
        // Atomic: kvssink never reads a half-written file.
        File.Move(temporary, path, overwrite: true);
    }

    private static void CreatePrivateFolder(string folder)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
            return;
        }
        var parent = Path.GetDirectoryName(folder);
        if (parent is not null && !Directory.Exists(parent)) Directory.CreateDirectory(parent, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    public void Dispose()
    {
        if (_folder is null) return;
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
