using Amazon.S3;
using Amazon.S3.Model;
using EyeOfHorus.Edge.Analysis;
using EyeOfHorus.Edge.Doctor;
using EyeOfHorus.Edge.Tests.Analysis;
using EyeOfHorus.Edge.Tests.Publish;
using EyeOfHorus.Testing;
using EyeOfHorus.Testing.Emulators;

namespace EyeOfHorus.Edge.Tests.Doctor;

/// <summary>
/// <c>horus doctor</c> on a local-mode camera host (deploy outputs Recognition=local, no collection): the analysis
/// elements and the face engine as in edge mode, nothing of Rekognition, and what the gallery needs: the state
/// directory, the faces bucket (s3rver) listed and read, and the last sync that horus publish's own mirror wrote.
/// </summary>
public sealed class LocalModeDoctorTests : IAsyncLifetime
{
    private const string Bucket = "faces-bucket"; // DoctorHost.Outputs' FacesBucket
    private readonly S3rver _s3rver = new(Bucket);
    private readonly DoctorHost _host = new();
    private readonly List<(string? Profile, string Region, string? CredentialsFile)> _clients = [];
    private AmazonS3Client _s3 = null!;

    public async Task InitializeAsync()
    {
        await _s3rver.StartAsync();
        _s3 = LocalAws.S3(_s3rver.Endpoint);
        _host.Settings("HORUS_CAMERA=front-door", "HORUS_SOURCE=test");
        _host.Outputs("local");
    }

    public async Task DisposeAsync()
    {
        _s3.Dispose();
        _host.Dispose();
        await _s3rver.DisposeAsync();
    }

    private HostProbe Probe(TimeProvider? time = null)
    {
        var probe = _host.Probe(s3: (profile, region, file) =>
        {
            _clients.Add((profile, region, file));
            return LocalAws.S3(_s3rver.Endpoint);
        });
        return new HostProbe
        {
            Layout = probe.Layout, Clock = probe.Clock, FreeBytes = probe.FreeBytes, ChainCredentials = probe.ChainCredentials,
            CredentialTimeout = probe.CredentialTimeout, FaceEngineError = probe.FaceEngineError, FacesBucketClient = probe.FacesBucketClient,
            Time = time ?? TimeProvider.System,
        };
    }

    private static DoctorCheck Line(IReadOnlyList<DoctorCheck> checks, string subject) =>
        checks.SingleOrDefault(c => c.Subject == subject) ?? throw new Xunit.Sdk.XunitException($"no '{subject}' check in:\n{string.Join('\n', checks)}");

    private Task PutPhotoAsync(string key) => _s3.PutObjectAsync(new PutObjectRequest
    {
        BucketName = Bucket, Key = key, UseChunkEncoding = false,
        FilePath = Path.Combine(RepoPaths.Root, "tests", "EyeOfHorus.FaceEngine.Tests", "Vectors", "faces", "obama.jpg"),
    });

    [Fact]
    public async Task A_synced_host_passes_the_analysis_state_bucket_and_gallery_checks_and_nothing_asks_about_a_collection()
    {
        await PutPhotoAsync("faces/alice/front.jpg");
        await PutPhotoAsync("faces/bob/side.jpg");
        var state = _host.Layout.PublishStateDirectory;
        var synced = await new FacesMirror(_s3, Bucket, state).SyncAsync(CancellationToken.None); // as horus publish does
        Assert.Equal(2, synced.Photos);

        var checks = await HostDoctor.RunAsync(new DoctorRequest(Sink: "file:/tmp/horus-doctor.mkv"), Probe(), CancellationToken.None);

        Assert.All(checks, c => Assert.True(c.Passed, c.ToString()));
        Assert.Equal($"{_host.Layout.OutputsFile}: recognition local, cameras front-door, garage", Line(checks, "deploy outputs").Finding);
        Assert.True(Line(checks, "element multifilesink").Passed);
        Assert.True(Line(checks, "element jpegenc").Passed);
        Assert.True(Line(checks, "image library").Passed);
        Assert.True(Line(checks, "face engine").Passed);
        Assert.True(Line(checks, "AWS credentials").Passed);
        Assert.Equal($"{state} writable", Line(checks, "state directory").Finding);
        Assert.Equal($"s3://{Bucket}/faces/ listed (2 photo(s)) and faces/alice/front.jpg read", Line(checks, "faces bucket").Finding);
        Assert.StartsWith($"2 photo(s) of s3://{Bucket}, last synced ", Line(checks, "gallery sync").Finding, StringComparison.Ordinal);
        Assert.DoesNotContain(checks, c => c.ToString().Contains("collection", StringComparison.OrdinalIgnoreCase) || c.ToString().Contains("Rekognition", StringComparison.Ordinal));
        // Signed as the service signs: no credentials file here, so the SDK chain; the outputs' region.
        Assert.Equal([(null, "eu-west-1", null)], _clients);
    }

    [Fact]
    public async Task A_credentials_file_signs_the_bucket_check_with_its_profile()
    {
        _host.Credentials("[camera]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = s\n", UnixFileMode.UserRead | UnixFileMode.UserWrite);
        _host.Settings("HORUS_CAMERA=front-door", "HORUS_SOURCE=test", "AWS_PROFILE=camera");

        var checks = await HostDoctor.RunAsync(new DoctorRequest(Sink: "file:/tmp/horus-doctor.mkv"), Probe(), CancellationToken.None);

        Assert.Equal([("camera", "eu-west-1", _host.Layout.CredentialsFile)], _clients);
        Assert.Equal($"s3://{Bucket}/faces/ listed: no photos yet, so no one is recognised (horus faces add PHOTO --person NAME)", Line(checks, "faces bucket").Finding);
        Assert.StartsWith($"{_host.Layout.PublishStateDirectory} absent: systemd creates it", Line(checks, "state directory").Finding, StringComparison.Ordinal);
        Assert.StartsWith("no sync yet", Line(checks, "gallery sync").Finding, StringComparison.Ordinal);
        Assert.All(checks, c => Assert.True(c.Passed, c.ToString()));
    }

    [Fact]
    public async Task A_bucket_that_is_not_there_and_a_gallery_no_one_keeps_up_fail_with_their_fix()
    {
        await PutPhotoAsync("faces/alice/front.jpg");
        var state = _host.Layout.PublishStateDirectory;
        await new FacesMirror(_s3, Bucket, state).SyncAsync(CancellationToken.None);
        File.WriteAllText(_host.Layout.OutputsFile, File.ReadAllText(_host.Layout.OutputsFile).Replace($"\"{Bucket}\"", "\"faces-gone\"", StringComparison.Ordinal));

        var checks = await HostDoctor.RunAsync(new DoctorRequest(Sink: "file:/tmp/horus-doctor.mkv"), Probe(new LaterClock(TimeSpan.FromHours(3))), CancellationToken.None);

        Assert.Equal(["faces bucket", "gallery sync"], checks.Where(c => !c.Passed).Select(c => c.Subject));
        var bucket = Line(checks, "faces bucket");
        Assert.Equal("bucket faces-gone does not exist in eu-west-1", bucket.Finding);
        Assert.Contains("npx cdk deploy --outputs-file", bucket.Fix, StringComparison.Ordinal);
        var gallery = Line(checks, "gallery sync");
        Assert.StartsWith($"the last sync (", gallery.Finding, StringComparison.Ordinal);
        Assert.EndsWith($"is of s3://{Bucket}, not the deployment's s3://faces-gone", gallery.Finding, StringComparison.Ordinal);
        Assert.Contains("systemctl restart horus-publish", gallery.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gallery_sync_verdicts_fresh_stale_damaged_and_none()
    {
        using var state = new TempFolder();
        Assert.StartsWith("no sync yet", HostDoctor.CheckGallerySync(state.Path, Bucket, DateTimeOffset.UtcNow).Finding, StringComparison.Ordinal);

        await PutPhotoAsync("faces/alice/front.jpg");
        var mirror = new FacesMirror(_s3, Bucket, state.Path);
        await mirror.SyncAsync(CancellationToken.None);
        var at = mirror.SyncedAt!.Value;

        var fresh = HostDoctor.CheckGallerySync(state.Path, Bucket, at + TimeSpan.FromMinutes(2));
        Assert.True(fresh.Passed, fresh.ToString());
        Assert.EndsWith("(2 min ago)", fresh.Finding, StringComparison.Ordinal);
        var stale = HostDoctor.CheckGallerySync(state.Path, Bucket, at + HostDoctor.GalleryStaleAfter + TimeSpan.FromSeconds(1));
        Assert.False(stale.Passed);
        Assert.Contains("horus publish is not running or cannot read the bucket", stale.Finding, StringComparison.Ordinal);
        Assert.Contains("journalctl -u horus-publish", stale.Fix, StringComparison.Ordinal);

        File.WriteAllText(Path.Combine(state.Path, "faces-mirror.json"), "{ not json");
        var damaged = HostDoctor.CheckGallerySync(state.Path, Bucket, at);
        Assert.False(damaged.Passed);
        Assert.StartsWith($"the manifest in {state.Path} cannot be read", damaged.Finding, StringComparison.Ordinal);
    }

    [Fact]
    public void State_directory_verdicts()
    {
        using var folder = new TempFolder();
        Assert.Equal($"{folder.Path} writable", HostDoctor.CheckStateDirectory(folder.Path, unitManaged: false).Finding);
        var absent = HostDoctor.CheckStateDirectory(Path.Combine(folder.Path, "a", "b"), unitManaged: false);
        Assert.True(absent.Passed);
        Assert.Equal($"{folder.Path}/a/b absent: horus publish creates it (in {folder.Path}, writable)", absent.Finding);
        File.WriteAllText(folder.File("file"), "");
        var file = HostDoctor.CheckStateDirectory(folder.File("file"), unitManaged: false);
        Assert.False(file.Passed);
        Assert.Contains("install -d -o horus -g horus -m 0750", file.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Access_denied_names_the_camera_host_policy_of_a_local_mode_deployment()
    {
        var denied = HostDoctor.FacesBucketFailure(Bucket, "eu-west-1", "reading faces/alice/front.jpg",
            new AmazonS3Exception("Access Denied") { ErrorCode = "AccessDenied", StatusCode = System.Net.HttpStatusCode.Forbidden });

        Assert.False(denied.Passed);
        Assert.Equal($"s3://{Bucket}/faces/: AccessDenied while reading faces/alice/front.jpg", denied.Finding);
        Assert.Contains("CameraHostPolicyArn from a local-mode deployment", denied.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void The_publish_unit_gives_horus_publish_the_state_directory_doctor_checks()
    {
        var unit = File.ReadAllLines(Path.Combine(RepoPaths.Root, "edge", "systemd", "horus-publish.service"));

        // One entry: with several, $STATE_DIRECTORY (publish's --state default) would be a ':'-joined list.
        var entry = Assert.Single(unit, l => l.StartsWith("StateDirectory=", StringComparison.Ordinal));
        Assert.Equal(HostLayout.Installed.PublishStateDirectory, "/var/lib/" + entry["StateDirectory=".Length..]);
        Assert.DoesNotContain(unit, l => l.StartsWith("ExecStart=", StringComparison.Ordinal) && l.Contains("--state", StringComparison.Ordinal));
    }

    private sealed class LaterClock(TimeSpan ahead) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + ahead;
    }
}
