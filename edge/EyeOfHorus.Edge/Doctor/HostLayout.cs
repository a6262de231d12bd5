namespace EyeOfHorus.Edge.Doctor;

/// <summary>
/// Where the Debian package and its systemd units keep things on a camera host
/// (scripts/package.sh, edge/systemd/*.service). Tests point it at a folder of their own.
/// <see cref="PublishStateDirectory"/> is horus-publish.service's StateDirectory= (local mode's copy of the
/// faces bucket; <c>horus publish --state</c> defaults to $STATE_DIRECTORY).
/// </summary>
public sealed record HostLayout(
    string PublishSettingsFile,
    string OutputsFile,
    string CredentialsFile,
    string GroupFile,
    string PasswdFile,
    string PublishStateDirectory)
{
    public const string ServiceUser = "horus";
    public const string CameraGroup = "video";

    /// <summary>The package's face models (/usr/lib/horus/models, beside the binary, links here).</summary>
    public const string InstalledModels = "/usr/share/horus/models";

    public static HostLayout Installed { get; } = new(
        "/etc/horus/publish.env",
        "/etc/horus/horus.outputs.json",
        "/etc/horus/aws-credentials",
        "/etc/group",
        "/etc/passwd",
        "/var/lib/horus-publish");
}
