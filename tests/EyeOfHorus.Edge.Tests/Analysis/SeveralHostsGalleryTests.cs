using System.Collections.Concurrent;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using EyeOfHorus.Contract;
using EyeOfHorus.Edge.Analysis;
using EyeOfHorus.Local.Gallery;
using EyeOfHorus.Testing;

namespace EyeOfHorus.Edge.Tests.Analysis;

/// <summary>
/// Several camera hosts, one faces bucket (local mode, #15): two hosts' galleries (each its own state folder,
/// engine and S3 client, as two <c>horus publish --analyze</c> would run) on one s3rver bucket while photos are
/// added and removed. Both converge to the same gallery; neither writes to the bucket (the FaceIndexer Lambda is
/// the one writer of the <c>horus:*</c> tags, so hosts cannot make them flap); neither downloads a photo twice.
/// </summary>
public sealed class SeveralHostsGalleryTests(LocalEmulators emulators) : IClassFixture<LocalEmulators>, IAsyncLifetime
{
    private readonly string _bucket = "faces-" + Guid.NewGuid().ToString("N")[..12];
    private readonly List<string> _states = [];
    private AmazonS3Client _s3 = null!; // the operator's and the Lambda's side

    public async Task InitializeAsync()
    {
        _s3 = LocalAws.S3(emulators.S3rver.Endpoint);
        await _s3.PutBucketAsync(new PutBucketRequest { BucketName = _bucket });
    }

    public Task DisposeAsync()
    {
        _s3.Dispose();
        foreach (var state in _states)
            try { Directory.Delete(state, recursive: true); } catch (IOException) { }
        return Task.CompletedTask;
    }

    private static string Photo(string name) => Path.Combine(AppContext.BaseDirectory, "Analysis", "faces", name);

    /// <summary>A photo as the operator uploads it, with the status tag the FaceIndexer then writes.</summary>
    private async Task PutIndexedAsync(string key, string photo)
    {
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = key, FilePath = Photo(photo), UseChunkEncoding = false });
        await _s3.PutObjectTaggingAsync(new PutObjectTaggingRequest
        {
            BucketName = _bucket, Key = key,
            Tagging = new Tagging { TagSet = [new Tag { Key = PhotoTags.Status, Value = PhotoTags.Indexed }] },
        });
    }

    private sealed class Host : IDisposable
    {
        public Host(Uri s3rver, string bucket, string state)
        {
            Requests = new RecordingHandler();
            S3 = new AmazonS3Client(new BasicAWSCredentials("S3RVER", "S3RVER"), new AmazonS3Config
            {
                ServiceURL = s3rver.ToString(),
                ForcePathStyle = true,
                AuthenticationRegion = LocalAws.Region,
                RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
                ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
                HttpClientFactory = new RecordingHttpClientFactory(Requests),
            });
            Engine = LocalFaceEngine.Load(Path.Combine(RepoPaths.Root, "models"));
            Gallery = new BucketGallery(new FacesMirror(S3, bucket, state, Log), Engine, state, Log, TimeSpan.FromMilliseconds(150));
        }

        public RecordingHandler Requests { get; }
        public AmazonS3Client S3 { get; }
        public LocalFaceEngine Engine { get; }
        public BucketGallery Gallery { get; }
        public StringWriter Log { get; } = new();

        public IReadOnlyList<(string Person, string Photo)> Faces =>
            [.. Gallery.Gallery.Faces.Select(f => (f.Person, f.Photo)).Order()];

        public void Dispose()
        {
            Gallery.Dispose();
            Engine.Dispose();
            S3.Dispose();
        }
    }

    private Host NewHost()
    {
        var state = Directory.CreateTempSubdirectory("horus-host-").FullName;
        _states.Add(state);
        return new Host(emulators.S3rver.Endpoint, _bucket, state);
    }

    [Fact]
    public async Task Two_hosts_on_one_bucket_converge_to_the_same_gallery_only_read_and_download_each_photo_once()
    {
        await PutIndexedAsync("faces/obama/obama.jpg", "obama.jpg");
        await PutIndexedAsync("faces/joe/biden2.jpg", "biden2.jpg");
        using var first = NewHost();
        using var second = NewHost();
        await Task.WhenAll(first.Gallery.StartAsync(CancellationToken.None), second.Gallery.StartAsync(CancellationToken.None));
        IReadOnlyList<(string, string)> initial = [("joe", "biden2.jpg"), ("obama", "obama.jpg")];
        Assert.True(first.Faces.SequenceEqual(initial), first.Log.ToString());
        Assert.Equal(initial, second.Faces);

        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var running = Task.WhenAll(first.Gallery.RunAsync(stop.Token), second.Gallery.RunAsync(stop.Token));

        // While both run: a second photo of obama, joe removed, then joe back with another photo.
        await PutIndexedAsync("faces/obama/obama2.jpg", "obama2.jpg");
        await _s3.DeleteObjectAsync(_bucket, "faces/joe/biden2.jpg");
        IReadOnlyList<(string, string)> middle = [("obama", "obama.jpg"), ("obama", "obama2.jpg")];
        await WaitUntilAsync(() => first.Faces.SequenceEqual(middle) && second.Faces.SequenceEqual(middle), stop.Token, () => first.Log + "\n" + second.Log);
        await PutIndexedAsync("faces/joe/at-home.jpg", "biden2.jpg");
        IReadOnlyList<(string, string)> final = [("joe", "at-home.jpg"), ("obama", "obama.jpg"), ("obama", "obama2.jpg")];
        await WaitUntilAsync(() => first.Faces.SequenceEqual(final) && second.Faces.SequenceEqual(final), stop.Token, () => first.Log + "\n" + second.Log);

        // Several more syncs with nothing new: still nothing downloaded again.
        var syncs = (first.Gallery.OnlineSyncs, second.Gallery.OnlineSyncs);
        await WaitUntilAsync(() => first.Gallery.OnlineSyncs >= syncs.Item1 + 3 && second.Gallery.OnlineSyncs >= syncs.Item2 + 3, stop.Token, () => "");
        await stop.CancelAsync();
        await running;

        foreach (var host in new[] { first, second })
        {
            Assert.Equal(4, host.Gallery.Mirror.Downloads); // obama, biden2, obama2, at-home: each once
            Assert.Equal(0, host.Gallery.OfflineSyncs);
            Assert.Contains(host.Requests.Seen, r => r.Method == HttpMethod.Get && r.Uri.Query.Contains("list-type=2", StringComparison.Ordinal)); // its traffic is recorded
            Assert.Equal(4, host.Requests.Seen.Count(r => r.Method == HttpMethod.Get && r.Uri.AbsolutePath.Contains("/faces/", StringComparison.Ordinal)));
            // A host only lists and reads: no PUT (object or tagging), POST or DELETE ever reaches the bucket.
            var writes = host.Requests.Seen.Where(r => r.Method != HttpMethod.Get && r.Method != HttpMethod.Head).ToList();
            Assert.True(writes.Count == 0, string.Join('\n', writes));
            Assert.DoesNotContain(host.Requests.Seen, r => r.Uri.Query.Contains("tagging", StringComparison.Ordinal));
        }
        foreach (var key in new[] { "faces/obama/obama.jpg", "faces/obama/obama2.jpg", "faces/joe/at-home.jpg" })
        {
            var tags = (await _s3.GetObjectTaggingAsync(new GetObjectTaggingRequest { BucketName = _bucket, Key = key })).Tagging;
            Assert.Equal([(PhotoTags.Status, PhotoTags.Indexed)], tags.Select(t => (t.Key, t.Value)));
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition, CancellationToken ct, Func<string> why)
    {
        try
        {
            while (!condition()) await Task.Delay(50, ct);
        }
        catch (OperationCanceledException)
        {
            throw new Xunit.Sdk.XunitException("the hosts did not converge: " + why());
        }
    }

    internal sealed class RecordingHandler() : DelegatingHandler(new SocketsHttpHandler())
    {
        private readonly ConcurrentQueue<(HttpMethod Method, Uri Uri)> _seen = new();

        public IReadOnlyList<(HttpMethod Method, Uri Uri)> Seen => [.. _seen];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            _seen.Enqueue((request.Method, request.RequestUri!));
            return base.SendAsync(request, cancellationToken);
        }
    }

    private sealed class RecordingHttpClientFactory(RecordingHandler handler) : HttpClientFactory
    {
        public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(handler, disposeHandler: false);
        public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;
        public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;
    }
}
