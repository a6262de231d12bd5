using System.Globalization;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.S3;
using Amazon.S3.Model;
using EyeOfHorus.Contract;
using EyeOfHorus.Edge.Analysis;
using EyeOfHorus.Edge.Configuration;
using EyeOfHorus.Edge.Devices;
using EyeOfHorus.Edge.Operator;
using EyeOfHorus.Edge.Pipeline;

namespace EyeOfHorus.Edge.Doctor;

/// <summary>What to check the host for: the flags of <c>horus doctor</c>; null values come from the service's settings file, then the defaults.</summary>
public sealed record DoctorRequest(
    string? Camera = null,
    string? Source = null,
    string Sink = "kvs",
    string? OutputsFile = null,
    string? Profile = null,
    string? Region = null,
    string? State = null);

/// <summary>
/// Checks what this host needs for the mode it will run in, as <c>horus-publish.service</c> will
/// run it: its settings file (/etc/horus/publish.env: camera, source, and GST_PLUGIN_PATH /
/// LD_LIBRARY_PATH where kvssink was built), GStreamer's tools and every element of the pipeline
/// (kvssink when the sink is Kinesis Video Streams, the analysis branch in edge mode), the camera,
/// the service user and its video group, the deploy outputs, the AWS credentials (never printed),
/// the clock's sync state, free disk for frames and recordings, the image library, and the local
/// face engine (models and ONNX Runtime; edge and local mode gate frames with it). Local mode
/// (no collection, nothing of Rekognition to check) adds what its gallery needs: the state directory
/// writable, the faces bucket listed and read with the host's credentials (what its policy allows),
/// and the age of the last gallery sync.
/// </summary>
public static class HostDoctor
{
    /// <summary>Free space below which frames and recordings are at risk.</summary>
    public const long MinFreeBytes = 256L * 1024 * 1024;

    /// <summary>A running horus publish syncs every 30 s (<see cref="BucketGallery.DefaultInterval"/>): a gallery older than this is not being kept up.</summary>
    public static readonly TimeSpan GalleryStaleAfter = TimeSpan.FromMinutes(10);

    private const string OutputsFix =
        "copy the outputs of `npx cdk deploy --outputs-file horus.outputs.json` to the camera host: `sudo install -m 0644 horus.outputs.json /etc/horus/`";

    public static async Task<IReadOnlyList<DoctorCheck>> RunAsync(DoctorRequest request, HostProbe probe, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(probe);
        var layout = probe.Layout;
        var checks = new List<DoctorCheck>();

        var settings = EnvironmentFile.Load(layout.PublishSettingsFile);
        checks.Add(DoctorCheck.Ok("settings", settings is null
            ? $"{layout.PublishSettingsFile} absent: flags and defaults"
            : $"{layout.PublishSettingsFile}"));
        string? Setting(string name) => settings is not null && settings.TryGetValue(name, out var v) && v.Length > 0 ? v : null;

        var camera = request.Camera ?? Setting("HORUS_CAMERA");
        var profile = request.Profile ?? Setting("AWS_PROFILE");
        var isKvs = PipelineSink.IsKvs(request.Sink);
        // GStreamer looks where the service's environment says (kvssink is built outside the
        // system plugin folder): the settings file's GST_* and LD_LIBRARY_PATH reach gst-inspect.
        var tools = new GstTools(settings?.Where(s => s.Key.StartsWith("GST_", StringComparison.Ordinal) || s.Key == "LD_LIBRARY_PATH")
            .ToDictionary(s => s.Key, s => (string?)s.Value));

        // The deploy outputs: the stream (KVS) and the recognition mode (edge adds the analysis branch).
        var outputsFile = request.OutputsFile ?? layout.OutputsFile;
        var outputs = DeployOutputs.Empty;
        var loaded = false;
        if (isKvs || File.Exists(outputsFile))
        {
            try
            {
                outputs = DeployOutputs.Load(outputsFile);
                loaded = true;
                checks.Add(DoctorCheck.Ok("deploy outputs", $"{outputsFile}: recognition {outputs.Recognition}, cameras {Listed(outputs.CameraStreams.Keys)}"));
            }
            catch (DeployOutputsException ex)
            {
                checks.Add(DoctorCheck.Fail("deploy outputs", FirstSentence(ex.Message), OutputsFix));
            }
        }
        var region = request.Region ?? outputs.Region ?? Setting("AWS_REGION") ?? NonEmpty(Environment.GetEnvironmentVariable("AWS_REGION"));
        var edge = outputs.IsEdgeRecognition;
        var local = outputs.IsLocalRecognition;
        var analyzes = edge || local; // horus publish --analyze is on by default in both
        var needsAws = isKvs || analyzes;
        string? stream = null;
        if (isKvs && loaded)
        {
            stream = outputs.VideoStreamFor(camera);
            checks.Add(stream is null
                ? DoctorCheck.Fail("video stream", camera is null
                        ? $"the outputs list {outputs.CameraStreams.Count} cameras and none is chosen"
                        : $"camera '{camera}' is not in the deploy outputs",
                    $"set HORUS_CAMERA in {layout.PublishSettingsFile} to one of: {Listed(outputs.CameraStreams.Keys)} (or deploy with that camera: -c cameras=...)")
                : region is null
                    ? DoctorCheck.Fail("video stream", $"{stream}, but the region is unknown", $"set AWS_REGION in {layout.PublishSettingsFile}, or keep Region in the deploy outputs")
                    : DoctorCheck.Ok("video stream", $"{stream} in {region}"));
        }

        // The pipeline as publish would build it, checked by publish's own preflight.
        var source = await ResolveSourceAsync(request.Source ?? Setting("HORUS_SOURCE") ?? "auto", tools, checks, cancellationToken).ConfigureAwait(false);
        PipelineSink sink = isKvs ? new PipelineSink.Kvs(stream ?? "eye-of-horus-camera", region ?? "us-east-1")
            : PipelineSink.TryParseFile(request.Sink, out var file, out var sinkError) ? file!
            : throw new ArgumentException(sinkError, nameof(request));
        var encoding = EncodingPresets.Find(Setting("HORUS_PRESET") ?? EncodingPresets.QualityName) ?? EncodingPresets.Quality;
        var analysis = analyzes ? new AnalysisBranch(AnalysisBranchTokens.Build(new AnalysisSettings(), Path.GetTempPath()), AnalysisBranchTokens.Elements) : null;
        var spec = new PipelineSpec(source, encoding, sink, analysis);
        foreach (var check in await Preflight.CheckEachAsync(spec, PipelineBuilder.Build(spec), tools, cancellationToken).ConfigureAwait(false))
        {
            checks.Add(check.Problem is { } problem
                ? DoctorCheck.Fail(check.Subject, problem.Problem, problem.Fix)
                : DoctorCheck.Ok(check.Subject, "found"));
        }

        checks.Add(CheckServiceUser(layout));
        if (needsAws)
        {
            checks.Add(await CheckCredentialsAsync(layout, profile, region, probe, cancellationToken).ConfigureAwait(false));
            checks.Add(CheckClock(probe.Clock()));
        }
        if (analyzes || sink is PipelineSink.LocalFile)
        {
            var folder = sink is PipelineSink.LocalFile recording ? Path.GetDirectoryName(Path.GetFullPath(recording.Path))! : Path.GetTempPath();
            checks.Add(CheckFreeDisk(folder, probe.FreeBytes(folder)));
        }
        if (analyzes)
        {
            checks.Add(probe.ImageLibraryError() is { } error
                ? DoctorCheck.Fail("image library", $"libSkiaSharp does not load: {error}", "reinstall the package: `sudo apt-get install --reinstall horus` (libSkiaSharp.so belongs beside the binary in /usr/lib/horus)")
                : DoctorCheck.Ok("image library", "libSkiaSharp loads"));
        }
        checks.Add(CheckFaceEngine(probe));
        if (local)
        {
            var state = request.State ?? layout.PublishStateDirectory;
            checks.Add(CheckStateDirectory(state, unitManaged: state == layout.PublishStateDirectory));
            checks.Add(await CheckFacesBucketAsync(outputs.FacesBucket, profile, region, probe, cancellationToken).ConfigureAwait(false));
            checks.Add(CheckGallerySync(state, outputs.FacesBucket, probe.Time.GetUtcNow()));
        }
        return checks;
    }

    /// <summary>
    /// Local mode keeps its copy of the faces bucket in the state directory. The unit's (StateDirectory=) may be
    /// absent until the service first starts: systemd creates it. Another one must be writable, or creatable.
    /// </summary>
    public static DoctorCheck CheckStateDirectory(string directory, bool unitManaged)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        const string subject = "state directory";
        var full = Path.GetFullPath(directory);
        var chown = $"`sudo install -d -o {HostLayout.ServiceUser} -g {HostLayout.ServiceUser} -m 0750 {full}`";
        if (Directory.Exists(full))
        {
            return WriteError(full) is { } error
                ? DoctorCheck.Fail(subject, $"{full} is not writable ({error})", unitManaged
                    ? $"`sudo chown -R {HostLayout.ServiceUser}:{HostLayout.ServiceUser} {full}` (systemd does it when horus-publish.service starts)"
                    : chown)
                : DoctorCheck.Ok(subject, $"{full} writable");
        }
        if (File.Exists(full)) return DoctorCheck.Fail(subject, $"{full} is a file, not a directory", $"move it away; then {chown}");
        if (unitManaged) return DoctorCheck.Ok(subject, $"{full} absent: systemd creates it when horus-publish.service starts (StateDirectory=)");
        var parent = Path.GetDirectoryName(full);
        while (parent is not null && !Directory.Exists(parent)) parent = Path.GetDirectoryName(parent);
        return parent is not null && WriteError(parent) is null
            ? DoctorCheck.Ok(subject, $"{full} absent: horus publish creates it (in {parent}, writable)")
            : DoctorCheck.Fail(subject, $"{full} absent and {parent ?? "no parent"} is not writable", chown);
    }

    private static string? WriteError(string directory)
    {
        var probe = Path.Combine(directory, $".horus-doctor-{Guid.NewGuid():N}");
        try
        {
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return ex.Message;
        }
    }

    /// <summary>Local mode's gallery is the faces bucket: listed (s3:ListBucket on faces/) and one photo read (s3:GetObject), as the camera host's policy allows.</summary>
    public static async Task<DoctorCheck> CheckFacesBucketAsync(string? bucket, string? profile, string? region, HostProbe probe, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(probe);
        const string subject = "faces bucket";
        if (bucket is null) return DoctorCheck.Fail(subject, "the deploy outputs have no FacesBucket", OutputsFix);
        if (region is null) return DoctorCheck.Fail(subject, "the region is unknown", $"set AWS_REGION in {probe.Layout.PublishSettingsFile}, or keep Region in the deploy outputs");
        var where = $"s3://{bucket}/{BucketLayout.FacesPrefix}";
        var step = "listing it";
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(probe.CredentialTimeout * 3);
        try
        {
            using var s3 = probe.FacesBucketClient(profile, region, File.Exists(probe.Layout.CredentialsFile) ? probe.Layout.CredentialsFile : null);
            var listed = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Prefix = BucketLayout.FacesPrefix }, bounded.Token).ConfigureAwait(false);
            var photos = (listed.S3Objects ?? []).Where(o => FacesMirror.MirrorPath(o.Key) is not null).ToList();
            var count = string.Create(CultureInfo.InvariantCulture, $"{photos.Count}{(listed.IsTruncated == true ? "+" : "")} photo(s)");
            if (photos.Count == 0) return DoctorCheck.Ok(subject, $"{where} listed: no photos yet, so no one is recognised (horus faces add PHOTO --person NAME)");
            step = "reading " + photos[0].Key;
            using (await s3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = photos[0].Key, ByteRange = new ByteRange(0, 0) }, bounded.Token).ConfigureAwait(false)) { }
            return DoctorCheck.Ok(subject, $"{where} listed ({count}) and {photos[0].Key} read");
        }
        catch (AmazonS3Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            return FacesBucketFailure(bucket, region, step, ex);
        }
        catch (OperatorException ex) when (!cancellationToken.IsCancellationRequested)
        {
            return DoctorCheck.Fail(subject, $"not checked: {FirstSentence(ex.Message)}", "fix the AWS credentials check first");
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is HttpRequestException or IOException or OperationCanceledException or AmazonClientException)
        {
            var why = ex is OperationCanceledException ? $"no answer within {(probe.CredentialTimeout * 3).TotalSeconds:0} s" : FirstSentence(ex.Message);
            return DoctorCheck.Fail(subject, $"{where} cannot be reached ({why})",
                "check the host's network and DNS (`curl -sI https://s3." + region + ".amazonaws.com`); horus publish starts from its last sync meanwhile");
        }
    }

    /// <summary>The verdict on S3's answer while checking the faces bucket (<paramref name="step"/>: what was being done).</summary>
    public static DoctorCheck FacesBucketFailure(string bucket, string region, string step, AmazonS3Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        const string subject = "faces bucket";
        var where = $"s3://{bucket}/{BucketLayout.FacesPrefix}";
        return error.ErrorCode switch
        {
            "AccessDenied" or "Forbidden" or "InvalidAccessKeyId" or "SignatureDoesNotMatch" or "ExpiredToken" => DoctorCheck.Fail(subject,
                $"{where}: {error.ErrorCode} while {step}",
                "sign with an identity that has the stack's CameraHostPolicyArn from a local-mode deployment (-c recognition=local: it allows s3:ListBucket " +
                "on faces/ and s3:GetObject under faces/); check the profile in /etc/horus/aws-credentials"),
            "NoSuchBucket" => DoctorCheck.Fail(subject, $"bucket {bucket} does not exist in {region}", OutputsFix),
            _ => DoctorCheck.Fail(subject, $"{where}: {error.ErrorCode ?? ((int)error.StatusCode).ToString(CultureInfo.InvariantCulture)} while {step} ({FirstSentence(error.Message)})",
                "check the deploy outputs and the host's credentials; `horus faces list` on the operator's machine shows whether the bucket is well"),
        };
    }

    /// <summary>The age of local mode's copy of the faces bucket (its manifest in the state directory): a running horus publish renews it every 30 s.</summary>
    public static DoctorCheck CheckGallerySync(string stateDirectory, string? bucket, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrEmpty(stateDirectory);
        const string subject = "gallery sync";
        const string restart = "`sudo systemctl restart horus-publish` (it syncs the bucket as it starts)";
        MirrorManifest? manifest;
        try
        {
            manifest = FacesMirror.ReadManifest(stateDirectory);
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException)
        {
            return DoctorCheck.Fail(subject, $"the manifest in {stateDirectory} cannot be read ({FirstSentence(ex.Message)})", $"{restart}; it downloads the faces again");
        }
        if (manifest?.SyncedAt is not { } at)
            return DoctorCheck.Ok(subject, $"no sync yet in {stateDirectory}: horus publish downloads the faces as it first starts (until then no one is recognised)");
        var age = now - at;
        var when = $"{at.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture)} ({Age(age)} ago)";
        if (bucket is not null && manifest.Bucket != bucket)
            return DoctorCheck.Fail(subject, $"the last sync ({when}) is of s3://{manifest.Bucket}, not the deployment's s3://{bucket}", restart);
        var photos = string.Create(CultureInfo.InvariantCulture, $"{manifest.Photos.Count} photo(s) of s3://{manifest.Bucket}");
        return age > GalleryStaleAfter
            ? DoctorCheck.Fail(subject, $"{photos}, last synced {when}: horus publish is not running or cannot read the bucket, so changes to the faces are not seen",
                "`systemctl status horus-publish`; `journalctl -u horus-publish | grep faces:` says why the bucket cannot be read")
            : DoctorCheck.Ok(subject, $"{photos}, last synced {when}");
    }

    private static string Age(TimeSpan age) => age.TotalMinutes < 1 ? $"{Math.Max(0, (int)age.TotalSeconds)} s"
        : age.TotalHours < 1 ? $"{(int)age.TotalMinutes} min"
        : age.TotalDays < 2 ? $"{(int)age.TotalHours} h"
        : $"{(int)age.TotalDays} days";

    /// <summary>The local face engine (<c>horus run</c>, <c>horus faces check</c>, the edge analysis of <c>horus publish</c>): its models verified and ONNX Runtime loaded.</summary>
    public static DoctorCheck CheckFaceEngine(HostProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        return probe.FaceEngineError(probe.ModelDirectory) is { } error
            ? DoctorCheck.Fail("face engine", error,
                $"reinstall the package (`sudo apt-get install --reinstall horus`, models in {HostLayout.InstalledModels}) or set HORUS_MODELS to a models folder; " +
                "from a clone: `npm ci && bash scripts/models.sh`")
            : DoctorCheck.Ok("face engine", $"models verified in {probe.ModelDirectory}, ONNX Runtime loads");
    }

    private static async Task<VideoSource> ResolveSourceAsync(string text, GstTools tools, List<DoctorCheck> checks, CancellationToken cancellationToken)
    {
        if (!VideoSource.TryParse(text, out var requested, out var error))
        {
            checks.Add(DoctorCheck.Fail("source", error!, $"set HORUS_SOURCE to one of: {VideoSource.Syntax}"));
            return new VideoSource.TestPattern();
        }
        var (source, _) = await SourceDetection.ResolveAsync(requested!, SourceDetection.Current,
            token => DeviceMonitor.ListCamerasAsync(tools, token), File.Exists, cancellationToken).ConfigureAwait(false);
        // No camera found: publish would fail; check the conventional device, which preflight reports absent.
        return source ?? new VideoSource.V4l2Device("/dev/video0");
    }

    /// <summary>The unit runs as <c>horus</c> with the <c>video</c> group (the camera devices' group).</summary>
    public static DoctorCheck CheckServiceUser(HostLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        const string subject = "service user";
        var user = HostLayout.ServiceUser;
        var group = HostLayout.CameraGroup;
        const string reconfigure = "`sudo dpkg-reconfigure horus` (its postinst creates the user)";
        if (!ReadColonFile(layout.PasswdFile).Any(f => f[0] == user))
            return DoctorCheck.Fail(subject, $"no user '{user}'", $"{reconfigure}, or `sudo adduser --system --group --no-create-home --home /nonexistent {user} && sudo adduser {user} {group}`");
        var entry = ReadColonFile(layout.GroupFile).FirstOrDefault(f => f[0] == group && f.Length >= 4);
        if (entry is null)
            return DoctorCheck.Fail(subject, $"no group '{group}' (the camera devices' group)", $"`sudo addgroup --system {group} && sudo adduser {user} {group}`, then replug the camera");
        if (!entry[3].Split(',', StringSplitOptions.TrimEntries).Contains(user, StringComparer.Ordinal))
            return DoctorCheck.Fail(subject, $"'{user}' is not in group '{group}': it cannot open the camera", $"`sudo adduser {user} {group}`");
        return DoctorCheck.Ok(subject, $"{user}, in group {group}");
    }

    private static IEnumerable<string[]> ReadColonFile(string path) =>
        File.Exists(path) ? File.ReadLines(path).Where(l => l.Length > 0 && l[0] != '#').Select(l => l.Split(':')) : [];

    public static async Task<DoctorCheck> CheckCredentialsAsync(HostLayout layout, string? profile, string? region, HostProbe probe, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(probe);
        const string subject = "AWS credentials";
        var file = layout.CredentialsFile;
        var installFix = $"`sudo install -m 0600 -o root -g root YOUR-CREDENTIALS-FILE {file}` (a profile of an identity allowed the stack's CameraHostPolicyArn), or give the host an instance role";
        var profileName = profile ?? "default";
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(probe.CredentialTimeout);
        if (!File.Exists(file))
        {
            try
            {
                await probe.ChainCredentials(profile, region ?? "us-east-1", bounded.Token).ConfigureAwait(false);
                return DoctorCheck.Ok(subject, $"found by the AWS SDK chain (environment, profile, SSO or instance role; not shown); {file} absent");
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                var why = ex is OperationCanceledException ? $"no answer within {probe.CredentialTimeout.TotalSeconds:0} s" : FirstSentence(ex.Message);
                return DoctorCheck.Fail(subject, $"{file} absent and the AWS SDK chain found none ({why})", installFix);
            }
        }

        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(file);
            const UnixFileMode others = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite;
            if ((mode & others) != 0)
                return DoctorCheck.Fail(subject, $"{file} is readable or writable by others (mode {Octal(mode)})", $"`sudo chown root:root {file} && sudo chmod 0600 {file}`");
        }
        try
        {
            if (!new CredentialProfileStoreChain(file).TryGetAWSCredentials(profileName, out var credentials))
                return DoctorCheck.Fail(subject, $"{file} has no profile '{profileName}' with credentials", $"write a [{profileName}] profile with aws_access_key_id and aws_secret_access_key into {file}, or set AWS_PROFILE in {layout.PublishSettingsFile}");
            var resolved = await credentials.GetCredentialsAsync().WaitAsync(bounded.Token).ConfigureAwait(false);
            if (string.IsNullOrEmpty(resolved.AccessKey) || string.IsNullOrEmpty(resolved.SecretKey))
                return DoctorCheck.Fail(subject, $"profile '{profileName}' in {file} has no access key", installFix);
            return DoctorCheck.Ok(subject, $"{file}, profile '{profileName}' (not shown)");
        }
        catch (UnauthorizedAccessException)
        {
            return DoctorCheck.Fail(subject, $"{file} is not readable by this user", "run `sudo horus doctor` (the service reads it as root, through LoadCredential=)");
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            var why = ex is OperationCanceledException ? $"no answer within {probe.CredentialTimeout.TotalSeconds:0} s" : FirstSentence(ex.Message);
            return DoctorCheck.Fail(subject, $"profile '{profileName}' in {file} gives no credentials ({why})", installFix);
        }
    }

    /// <summary>AWS refuses requests signed more than 5 minutes off, and video fragments carry the host's time.</summary>
    public static DoctorCheck CheckClock(ClockReading? reading)
    {
        const string subject = "clock";
        const string fix = "turn on time sync: `sudo timedatectl set-ntp true` (systemd-timesyncd), or `sudo apt-get install chrony`; check with `timedatectl` (System clock synchronized: yes)";
        if (reading is null) return DoctorCheck.Fail(subject, "the clock's sync state cannot be read here (adjtimex)", fix);
        var bound = reading.MaxError.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture);
        return reading.Synchronised
            ? DoctorCheck.Ok(subject, $"synchronised (error at most {bound} ms)")
            : DoctorCheck.Fail(subject, "not synchronised: AWS rejects requests signed more than 5 minutes off", fix);
    }

    public static DoctorCheck CheckFreeDisk(string folder, long? freeBytes)
    {
        const string subject = "free disk";
        var minimum = $"{MinFreeBytes / (1024 * 1024)} MB";
        if (freeBytes is not { } free) return DoctorCheck.Fail(subject, $"cannot read the free space of {folder}", $"check that {folder} exists: `df -h {folder}`");
        var shown = $"{free / (1024 * 1024)} MB free in {folder}";
        return free >= MinFreeBytes
            ? DoctorCheck.Ok(subject, shown)
            : DoctorCheck.Fail(subject, $"{shown}, less than {minimum}", $"free space in {folder} (`df -h {folder}`; `sudo journalctl --vacuum-size=100M` if the journal fills it)");
    }

    private static string Octal(UnixFileMode mode) => Convert.ToString((int)mode, 8).PadLeft(4, '0');

    private static string Listed(IEnumerable<string> names) => names.Any() ? string.Join(", ", names) : "none";

    private static string FirstSentence(string message)
    {
        var line = message.Split('\n')[0].Trim();
        var end = line.IndexOf(". ", StringComparison.Ordinal);
        return end > 0 ? line[..end] : line.TrimEnd('.');
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
