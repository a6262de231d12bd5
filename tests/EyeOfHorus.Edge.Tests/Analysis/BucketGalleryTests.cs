using Amazon.S3;
using Amazon.S3.Model;
using EyeOfHorus.Edge.Analysis;
using EyeOfHorus.Local.Gallery;
using EyeOfHorus.Testing;

namespace EyeOfHorus.Edge.Tests.Analysis;

/// <summary>The project's face engine, loaded once from the repository's models/ (scripts/models.sh writes them before the tests).</summary>
internal static class RealEngine
{
    private static readonly Lazy<LocalFaceEngine> Shared = new(() => LocalFaceEngine.Load(Path.Combine(RepoPaths.Root, "models")));
    public static LocalFaceEngine Engine => Shared.Value;
}

/// <summary>Local mode's gallery on the camera host: the faces bucket (s3rver) mirrored, judged by the real engine.</summary>
public sealed class BucketGalleryTests(LocalEmulators emulators) : IClassFixture<LocalEmulators>, IAsyncLifetime
{
    // A bucket of its own per test: the class shares one s3rver.
    private readonly string _bucket = "faces-" + Guid.NewGuid().ToString("N")[..12];
    private readonly string _state = Directory.CreateTempSubdirectory("horus-gallery-").FullName;
    private AmazonS3Client _s3 = null!;

    public async Task InitializeAsync()
    {
        _s3 = LocalAws.S3(emulators.S3rver.Endpoint);
        await _s3.PutBucketAsync(new PutBucketRequest { BucketName = _bucket });
    }

    public Task DisposeAsync()
    {
        _s3.Dispose();
        try { Directory.Delete(_state, recursive: true); } catch (IOException) { }
        return Task.CompletedTask;
    }

    private static string Photo(string name) => Path.Combine(AppContext.BaseDirectory, "Analysis", "faces", name);

    private Task PutAsync(string key, string photo) =>
        _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = key, FilePath = Photo(photo), UseChunkEncoding = false });

    private Task PutBytesAsync(string key, byte[] bytes) =>
        _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = key, InputStream = new MemoryStream(bytes), UseChunkEncoding = false });

    private BucketGallery Gallery(IAmazonS3 s3, StringWriter log) =>
        new(new FacesMirror(s3, _bucket, _state, log), RealEngine.Engine, _state, log, TimeSpan.FromMilliseconds(200));

    [Fact]
    public async Task Photos_added_and_removed_while_running_change_the_gallery_within_a_sync()
    {
        await PutAsync("faces/obama/obama.jpg", "obama.jpg");
        var log = new StringWriter();
        using var gallery = Gallery(_s3, log);
        await gallery.StartAsync(CancellationToken.None);
        Assert.Equal(["obama"], gallery.Gallery.Faces.Select(f => f.Person));

        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var running = gallery.RunAsync(stop.Token);
        await PutAsync("faces/joe biden/biden2.jpg", "biden2.jpg");
        await PutBytesAsync("faces/nobody/blank.png", Png1x1);
        await WaitUntilAsync(() => gallery.Gallery.People == 2, stop.Token);
        Assert.Equal(["joe biden", "obama"], gallery.Gallery.Faces.Select(f => f.Person).Order(StringComparer.Ordinal));
        // A photo the engine rejects is named with the FaceIndexer's reason, and authorises no one.
        await WaitUntilAsync(() => log.ToString().Contains("nobody/blank.png rejected: ", StringComparison.Ordinal), stop.Token);

        await _s3.DeleteObjectAsync(_bucket, "faces/obama/obama.jpg");
        await WaitUntilAsync(() => gallery.Gallery.People == 1, stop.Token);
        Assert.Equal("joe biden", Assert.Single(gallery.Gallery.Faces).Person);
        Assert.False(File.Exists(Path.Combine(gallery.Mirror.Folder, "obama", "obama.jpg")));

        await stop.CancelAsync();
        await running;
        Assert.Equal(0, gallery.OfflineSyncs);
    }

    [Fact]
    public async Task Nothing_is_downloaded_twice_not_within_a_run_nor_after_a_restart_and_a_changed_photo_is()
    {
        await PutAsync("faces/obama/obama.jpg", "obama.jpg");
        await PutAsync("faces/biden/biden2.jpg", "biden2.jpg");
        var log = new StringWriter();
        using (var first = Gallery(_s3, log))
        {
            await first.StartAsync(CancellationToken.None);
            Assert.True(first.Mirror.Downloads == 2, log.ToString());
            for (var i = 0; i < 3; i++)
                Assert.False((await first.SyncAsync(force: false, CancellationToken.None)).Changed);
            Assert.Equal(2, first.Mirror.Downloads);
        }

        using var second = Gallery(_s3, log);
        await second.StartAsync(CancellationToken.None);
        Assert.Equal(0, second.Mirror.Downloads);
        Assert.True(second.Gallery.People == 2, log.ToString());

        // A new version under the same key (another ETag) is fetched again, once.
        await PutAsync("faces/biden/biden2.jpg", "obama.jpg");
        var sync = await second.SyncAsync(force: false, CancellationToken.None);
        Assert.Equal((1, 0), (sync.Downloaded, sync.Removed));
        Assert.Equal(1, second.Mirror.Downloads);
        Assert.Equal(await File.ReadAllBytesAsync(Photo("obama.jpg")), await File.ReadAllBytesAsync(Path.Combine(second.Mirror.Folder, "biden", "biden2.jpg")));
    }

    [Fact]
    public async Task Offline_the_host_starts_from_its_last_sync_says_so_and_catches_up_when_the_bucket_is_back()
    {
        await PutAsync("faces/obama/obama.jpg", "obama.jpg");
        using (var online = Gallery(_s3, new StringWriter()))
            await online.StartAsync(CancellationToken.None);

        var network = new NetworkSwitch { Down = true };
        using var offlineS3 = new AmazonS3Client(new Amazon.Runtime.BasicAWSCredentials("S3RVER", "S3RVER"), new AmazonS3Config
        {
            ServiceURL = emulators.S3rver.Endpoint.ToString(),
            ForcePathStyle = true,
            AuthenticationRegion = LocalAws.Region,
            MaxErrorRetry = 0,
            HttpClientFactory = new SwitchedHttpClientFactory(network),
        });
        var log = new StringWriter();
        using var gallery = Gallery(offlineS3, log);
        await gallery.StartAsync(CancellationToken.None);
        Assert.Equal(["obama"], gallery.Gallery.Faces.Select(f => f.Person));
        Assert.Equal(1, gallery.OfflineSyncs);
        Assert.Matches(@"faces: offline, s3://faces-[0-9a-f]+/faces/ cannot be read \(.+\); using the 1 photo\(s\) of the last sync at \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ", log.ToString());
        // Said once, not at every failed sync.
        await gallery.SyncAsync(force: false, CancellationToken.None);
        Assert.Single(log.ToString().Split('\n'), l => l.StartsWith("faces: offline", StringComparison.Ordinal));

        await PutAsync("faces/biden/biden2.jpg", "biden2.jpg");
        network.Down = false;
        var back = await gallery.SyncAsync(force: false, CancellationToken.None);
        Assert.True(back.Online);
        Assert.Equal(1, back.Downloaded); // only the new photo
        Assert.Equal(2, gallery.Gallery.People);
        Assert.Contains("readable again", log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Offline_with_no_earlier_sync_authorises_no_one_and_says_so()
    {
        var network = new NetworkSwitch { Down = true };
        using var offlineS3 = new AmazonS3Client(new Amazon.Runtime.BasicAWSCredentials("S3RVER", "S3RVER"), new AmazonS3Config
        {
            ServiceURL = emulators.S3rver.Endpoint.ToString(),
            ForcePathStyle = true,
            MaxErrorRetry = 0,
            HttpClientFactory = new SwitchedHttpClientFactory(network),
        });
        var log = new StringWriter();
        using var gallery = Gallery(offlineS3, log);
        await gallery.StartAsync(CancellationToken.None);
        Assert.Empty(gallery.Gallery.Faces);
        Assert.Contains("no earlier sync: no one is authorised until the bucket can be read", log.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("faces/obama/obama.jpg", "obama/obama.jpg")]
    [InlineData("faces/joe biden/at home/1.jpg", "joe biden/at home/1.jpg")]
    [InlineData("faces/obama/../../etc/passwd", null)]
    [InlineData("faces/obama/.hidden.jpg", null)]
    [InlineData("faces/loose.jpg", null)]
    [InlineData("faces/obama/", null)]
    [InlineData("snapshots/front-door/1.jpg", null)]
    [InlineData("faces/obama//x.jpg", null)]
    public void Only_photo_keys_that_stay_inside_the_folder_are_mirrored(string key, string? path)
    {
        Assert.Equal(path?.Replace('/', Path.DirectorySeparatorChar), FacesMirror.MirrorPath(key));
    }

    private static async Task WaitUntilAsync(Func<bool> condition, CancellationToken ct)
    {
        while (!condition())
            await Task.Delay(50, ct);
    }

    private static readonly byte[] Png1x1 = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    private sealed class SwitchedHttpClientFactory(NetworkSwitch network) : Amazon.Runtime.HttpClientFactory
    {
        public override HttpClient CreateHttpClient(Amazon.Runtime.IClientConfig clientConfig) => new(network, disposeHandler: false);
        public override bool UseSDKHttpClientCaching(Amazon.Runtime.IClientConfig clientConfig) => false;
        public override bool DisposeHttpClientsAfterUse(Amazon.Runtime.IClientConfig clientConfig) => false;
    }
}
