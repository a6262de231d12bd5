using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using EyeOfHorus.Contract;
using EyeOfHorus.Recognition.Records;
using EyeOfHorus.Testing.Emulators;
using EyeOfHorus.Testing.Rekognition;
using EyeOfHorus.Testing.Sns;

namespace EyeOfHorus.Benchmarks.Lambda;

/// <summary>
/// Init + first-invocation time of each Lambda from a cold process: local servers (dynalite,
/// s3rver, the SNS and Rekognition stand-ins) are started here, then each published package is run
/// in a fresh <c>EyeOfHorus.ColdStart</c> process per round, with the environment the stack sets.
/// Run through scripts/cold-start.sh (it publishes the packages first).
/// Usage: cold-start &lt;EyeOfHorus.ColdStart.dll&gt; &lt;match-alerter folder&gt; &lt;face-indexer folder&gt; [rounds]
/// </summary>
public static class ColdStart
{
    private const string Topic = "arn:aws:sns:us-east-1:123456789012:eye-of-horus-alerts";
    private const string Bucket = "horus-faces";
    private const string Collection = "eye-of-horus-faces";

    public static async Task<int> RunAsync(string host, string alerter, string indexer, int rounds)
    {
        await using var dynalite = new Dynalite();
        await using var s3rver = new S3rver(Bucket);
        await using var sns = new SnsStandIn();
        await Task.WhenAll(dynalite.StartAsync(), s3rver.StartAsync(), sns.StartAsync());
        await using var rekognition = await RekognitionStandIn.StartAsync();
        rekognition.CreateCollection(Collection);
        var table = await CooldownTables.CreateAsync(dynalite.Endpoint, "eye-of-horus-cooldown");
        var ledger = await LedgerTables.CreateAsync(dynalite.Endpoint, "eye-of-horus-photo-ledger");

        var common = new Dictionary<string, string>
        {
            ["AWS_REGION"] = "us-east-1",
            // s3rver accepts only its own key pair (any other gets 403, which the indexer reads as "gone"); the other servers take any.
            ["AWS_ACCESS_KEY_ID"] = "S3RVER",
            ["AWS_SECRET_ACCESS_KEY"] = "S3RVER",
            ["AWS_SESSION_TOKEN"] = "cold-start-token",
            ["AWS_ENDPOINT_URL_DYNAMODB"] = dynalite.Endpoint.AbsoluteUri,
            ["AWS_ENDPOINT_URL_S3"] = s3rver.Endpoint.AbsoluteUri,
            ["AWS_ENDPOINT_URL_SNS"] = sns.Endpoint.AbsoluteUri,
            ["AWS_ENDPOINT_URL_REKOGNITION"] = rekognition.Endpoint.AbsoluteUri,
        };
        var alerterEnv = new Dictionary<string, string>(common)
        {
            [MatchAlerterEnvironment.TopicArn] = Topic,
            [MatchAlerterEnvironment.CooldownTable] = table,
            [MatchAlerterEnvironment.SnapshotBucket] = Bucket,
            [MatchAlerterEnvironment.CameraStreams] = "front-door=eye-of-horus-front-door",
        };
        var indexerEnv = new Dictionary<string, string>(common)
        {
            [FaceIndexerEnvironment.TopicArn] = Topic,
            [FaceIndexerEnvironment.CollectionId] = Collection,
            [FaceIndexerEnvironment.LedgerTable] = ledger,
        };
        // Local mode: the engine loads its models in the constructor (init) and checks a real portrait per round.
        var localLedger = await LedgerTables.CreateAsync(dynalite.Endpoint, "eye-of-horus-local-ledger");
        var localIndexerEnv = new Dictionary<string, string>(common)
        {
            [FaceIndexerEnvironment.TopicArn] = Topic,
            [FaceIndexerEnvironment.Recognition] = RecognitionModes.Local,
            [FaceIndexerEnvironment.LedgerTable] = localLedger,
        };
        using (var s3 = EyeOfHorus.Edge.Tests.Analysis.LocalAws.S3(s3rver.Endpoint))
        {
            var portrait = Path.Combine(EyeOfHorus.Testing.RepoPaths.Root, "tests", "EyeOfHorus.Edge.Tests", "Analysis", "faces", "obama.jpg");
            for (var round = 0; round < rounds; round++)
                await s3.PutObjectAsync(new Amazon.S3.Model.PutObjectRequest { BucketName = Bucket, Key = $"faces/bob/{round}.jpg", FilePath = portrait, UseChunkEncoding = false });
        }

        var work = Directory.CreateTempSubdirectory("horus-cold-start-").FullName;
        try
        {
            var results = new List<string>();
            foreach (var (name, folder, assembly, env, makeEvent) in new[]
            {
                ("MatchAlerter", alerter, "EyeOfHorus.MatchAlerter", alerterEnv, (Func<int, string>)AlerterEvent),
                ("FaceIndexer", indexer, "EyeOfHorus.FaceIndexer", indexerEnv, IndexerEvent),
                ("FaceIndexer (local mode)", indexer, "EyeOfHorus.FaceIndexer", localIndexerEnv, LocalIndexerEvent),
            })
            {
                var init = new List<double>();
                var invoke = new List<double>();
                for (var round = 0; round < rounds; round++)
                {
                    var eventFile = Path.Combine(work, $"{name}-{round}.json");
                    await File.WriteAllTextAsync(eventFile, makeEvent(round));
                    var (i, v, output) = await RunChildAsync(host, folder, assembly, $"{assembly}.Function", eventFile, env);
                    init.Add(i);
                    invoke.Add(v);
                    if (round == 0) Console.WriteLine($"{name} first response: {output}");
                }
                results.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{name}: init {Median(init):F0} ms, first invocation {Median(invoke):F0} ms, total {Median(init.Zip(invoke, (a, b) => a + b).ToList()):F0} ms (median of {rounds} cold processes; init = process start to handler constructed)"));
            }
            Console.WriteLine($"SNS messages published: {sns.Published.Count}");
            foreach (var line in results) Console.WriteLine(line);
            return 0;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    // An unknown face with a snapshot key: a cooldown claim (each round a new visit), a presigned link, a publish.
    private static string AlerterEvent(int round)
    {
        var time = 1.7e9 + (round * 3600);
        var record = new MatchRecord(
            new InputInformation(new KinesisVideoFrame(time, time, "arn:aws:kinesisvideo:us-east-1:123456789012:stream/eye-of-horus-front-door/0")),
            [new FaceSearchResult(new DetectedFace(new BoundingBox(0.3, 0.3, 0.1, 0.1), 99.9), [])],
            new StreamProcessorInformation("RUNNING"),
            new EdgeInformation("front-door", $"snapshots/front-door/{round}.jpg"));
        var sequence = "49590338271490256608559692538361571095921575989136588898" + round.ToString("D2", CultureInfo.InvariantCulture);
        return new JsonObject
        {
            ["Records"] = new JsonArray(new JsonObject
            {
                ["kinesis"] = new JsonObject
                {
                    ["sequenceNumber"] = sequence,
                    ["data"] = Convert.ToBase64String(MatchRecordCodec.Encode(record)),
                    ["partitionKey"] = "front-door",
                    ["approximateArrivalTimestamp"] = time,
                },
                ["eventID"] = "shardId-000000000000:" + sequence,
                ["eventSourceARN"] = "arn:aws:kinesis:us-east-1:123456789012:stream/eye-of-horus-matches",
            }),
        }.ToJsonString();
    }

    // A removed photo: the object is gone from the bucket, so its faces are deleted from the collection.
    private static string IndexerEvent(int round) => new JsonObject
    {
        ["Records"] = new JsonArray(new JsonObject
        {
            ["eventVersion"] = "2.1",
            ["eventSource"] = "aws:s3",
            ["eventName"] = "ObjectRemoved:Delete",
            ["eventTime"] = "2026-12-02T10:00:00.000Z",
            ["s3"] = new JsonObject
            {
                ["bucket"] = new JsonObject { ["name"] = Bucket },
                ["object"] = new JsonObject { ["key"] = $"faces/alice/{round}.jpg", ["sequencer"] = "0A1B2C3D4E5F6789" },
            },
        }),
    }.ToJsonString();

    // A new portrait in the bucket: read, checked by the local engine, ledger updated, tagged.
    private static string LocalIndexerEvent(int round) => new JsonObject
    {
        ["Records"] = new JsonArray(new JsonObject
        {
            ["eventVersion"] = "2.1",
            ["eventSource"] = "aws:s3",
            ["eventName"] = "ObjectCreated:Put",
            ["eventTime"] = "2026-12-02T10:00:00.000Z",
            ["s3"] = new JsonObject
            {
                ["bucket"] = new JsonObject { ["name"] = Bucket },
                ["object"] = new JsonObject { ["key"] = $"faces/bob/{round}.jpg", ["sequencer"] = "0A1B2C3D4E5F6790" },
            },
        }),
    }.ToJsonString();

    private static async Task<(double InitMs, double InvokeMs, string Output)> RunChildAsync(
        string host, string folder, string assembly, string type, string eventFile, Dictionary<string, string> env)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { host, folder, assembly, type, eventFile }) start.ArgumentList.Add(a);
        foreach (var (key, value) in env) start.Environment[key] = value;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start dotnet.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var lines = (await stdout).Split('\n');
        var result = lines.LastOrDefault(l => l.StartsWith("init_ms=", StringComparison.Ordinal));
        if (process.ExitCode != 0 || result is null)
            throw new InvalidOperationException($"{assembly} cold start failed ({process.ExitCode}):\n{await stdout}\n{await stderr}");
        var parts = result.Split(' ', 3);
        return (double.Parse(parts[0][8..], CultureInfo.InvariantCulture), double.Parse(parts[1][10..], CultureInfo.InvariantCulture), parts[2]);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
