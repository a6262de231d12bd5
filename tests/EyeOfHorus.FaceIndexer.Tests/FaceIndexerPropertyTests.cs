using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using EyeOfHorus.Recognition;
using EyeOfHorus.Testing.Rekognition;
using Xunit.Abstractions;

namespace EyeOfHorus.FaceIndexer.Tests;

/// <summary>
/// The rule as a property: after any sequence of uploads, overwrites, delete markers and deletions
/// of single versions on two keys, with S3's events delivered in any order, any number of times
/// (at least once), some of them by two execution environments at once and some while the bucket
/// still changes, the collection holds exactly the face of the current version of each key that is a
/// valid photo, the current version is tagged with its outcome, and no version is reported twice.
/// Iterations: FACEINDEXER_PROPERTY_ITERATIONS (default 40), of which scripts/mutation.sh runs
/// HORUS_PROPERTY_PERCENT % (at least 1); seed: CsCheck_Seed.
/// </summary>
public sealed class FaceIndexerPropertyTests(IndexerFixture fixture, ITestOutputHelper output) : IClassFixture<IndexerFixture>
{
    private enum Step { Put, DeleteMarker, DeleteVersion, Deliver, DeliverTwoAtOnce }

    /// <summary>The photo pool: two faces, and two photos that are rejected for different reasons.</summary>
    private static readonly (string Name, byte[] Bytes, string? Identity, string? Rejection)[] Pool =
    [
        ("obama", Photos.Load("obama.jpg"), IndexerWorld.FaceOf(Photos.Load("obama.jpg")), null),
        ("biden", Photos.Load("biden.jpg"), IndexerWorld.FaceOf(Photos.Load("biden.jpg")), null),
        ("text", Photos.TextNamedJpg(), null, "not-an-image"),
        ("blank", Photos.Blank(), null, "no-face"),
    ];

    private static readonly Gen<(Step Step, int A, int B)[]> Scripts =
        Gen.Select(Gen.Enum<Step>(), Gen.Int[0, 9], Gen.Int[0, 9]).Array[1, 14];

    private static readonly Gen<((Step Step, int A, int B)[] Script, int FinalOrder)> Cases = Gen.Select(Scripts, Gen.Int);

    [Fact]
    public async Task Any_order_duplication_and_concurrency_of_events_ends_with_the_faces_of_each_keys_current_version()
    {
        var iterations = int.TryParse(Environment.GetEnvironmentVariable("FACEINDEXER_PROPERTY_ITERATIONS"), out var n) ? n : 40;
        if (int.TryParse(Environment.GetEnvironmentVariable("HORUS_PROPERTY_PERCENT"), out var percent) && percent is > 0 and < 100)
        {
            iterations = Math.Max(1, iterations * percent / 100);
        }
        await using var world = await IndexerWorld.StartAsync(fixture);
        var second = world.NewFunction(TextWriter.Null);
        var counter = 0;
        var stats = new ConcurrentDictionary<string, int>();

        await Cases.SampleAsync(async c =>
        {
            var round = Interlocked.Increment(ref counter);
            await RunAsync(world, second, $"faces/P{round}/", c.Script, c.FinalOrder, stats);
        }, iter: iterations, threads: 1, print: c => string.Join(" ", c.Script.Select(s => $"{s.Step}({s.A},{s.B})")) + $" final order {c.FinalOrder}");

        output.WriteLine($"{counter} cases; " + string.Join(", ", stats.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key} {kv.Value}")));
        Assert.Equal(iterations, counter);
    }

    private static async Task RunAsync(IndexerWorld world, Function second, string folder, (Step Step, int A, int B)[] script, int finalOrder,
        ConcurrentDictionary<string, int> stats)
    {
        string[] keys = [folder + "a.jpg", folder + "b.jpg"];
        var versions = keys.ToDictionary(k => k, _ => new List<string>());
        var photoOf = new Dictionary<string, int>(); // version id -> pool index
        var events = new List<JsonObject>();
        var delivered = new HashSet<int>();
        var firstEvent = world.S3StandIn.Events(world.Bucket).Count;

        void Collect()
        {
            var all = world.S3StandIn.Events(world.Bucket);
            for (var i = firstEvent + events.Count; i < all.Count; i++) events.Add(new JsonObject { ["Records"] = new JsonArray(all[i]) });
        }

        async Task DeliverAsync(int index, Function? function = null)
        {
            delivered.Add(index);
            var result = await IndexerWorld.InvokeAsync(function ?? world.Function, events[index]);
            stats.AddOrUpdate(Assert.Single(result.Outcomes).Outcome, 1, (_, v) => v + 1);
        }

        foreach (var (step, a, b) in script)
        {
            var key = keys[a % keys.Length];
            switch (step)
            {
                case Step.Put:
                    var version = await world.PutAsync(key, Pool[b % Pool.Length].Bytes);
                    versions[key].Add(version);
                    photoOf[version] = b % Pool.Length;
                    break;
                case Step.DeleteMarker:
                    await world.DeleteAsync(key);
                    break;
                case Step.DeleteVersion:
                    var existing = world.S3StandIn.Events(world.Bucket).Select(e => e["s3"]!["object"]!)
                        .Where(o => o["key"]!.GetValue<string>() == Events.EncodeKey(key) && o["versionId"] is not null)
                        .Select(o => o["versionId"]!.GetValue<string>()).Distinct().ToList();
                    if (existing.Count > 0) await world.DeleteVersionAsync(key, existing[b % existing.Count]);
                    break;
                case Step.Deliver when events.Count > 0:
                    await DeliverAsync(b % events.Count);
                    break;
                case Step.DeliverTwoAtOnce when events.Count > 0:
                    await Task.WhenAll(DeliverAsync(a % events.Count), DeliverAsync(b % events.Count, second));
                    stats.AddOrUpdate("concurrent pairs", 1, (_, v) => v + 1);
                    break;
            }
            Collect();
        }

        // At least once: every event not delivered yet arrives now, in an order of the case's choosing, in concurrent pairs.
        var rest = Enumerable.Range(0, events.Count).Where(i => !delivered.Contains(i)).OrderBy(i => (i * 7919 + finalOrder) % 104729).ToList();
        for (var i = 0; i < rest.Count; i += 2)
        {
            if (i + 1 < rest.Count) await Task.WhenAll(DeliverAsync(rest[i]), DeliverAsync(rest[i + 1], second));
            else await DeliverAsync(rest[i]);
        }
        stats.AddOrUpdate("events", events.Count, (_, v) => v + events.Count);

        var notices = world.Sns.Published
            .Select(p => JsonSerializer.Deserialize(p.MessageFor("sqs"), FaceIndexerJsonContext.Default.RejectionNotice)!)
            .Where(r => r.Key.StartsWith(folder, StringComparison.Ordinal)).ToList();
        foreach (var key in keys)
        {
            var identity = FaceNaming.Decode(FaceNaming.Encode(folder["faces/".Length..^1], key[(folder.Length)..]));
            var faces = world.Faces.Where(f => FaceNaming.Decode(f.ExternalImageId) == identity).ToList();
            var current = world.S3StandIn.CurrentVersionId(world.Bucket, key);
            var photo = current is null ? ((string, byte[], string?, string?)?)null : Pool[photoOf[current]];
            var keyNotices = notices.Where(r => r.Key == key).ToList();
            Assert.All(keyNotices.GroupBy(r => r.VersionId), g => Assert.Single(g)); // never twice for one version
            if (photo is not { } p)
            {
                Assert.Empty(faces);
                stats.AddOrUpdate("keys gone", 1, (_, v) => v + 1);
                continue;
            }
            var status = world.S3StandIn.Tags(world.Bucket, key).GetValueOrDefault("horus:status");
            if (p.Item3 is { } expected)
            {
                Assert.Equal(expected, Assert.Single(faces).IdentityKey);
                Assert.Equal("indexed", status);
                stats.AddOrUpdate("keys indexed", 1, (_, v) => v + 1);
            }
            else
            {
                Assert.Empty(faces);
                Assert.Equal("rejected:" + p.Item4, status);
                Assert.Single(keyNotices, r => r.VersionId == current && r.Reason == p.Item4);
                stats.AddOrUpdate("keys rejected", 1, (_, v) => v + 1);
            }
        }
    }
}
