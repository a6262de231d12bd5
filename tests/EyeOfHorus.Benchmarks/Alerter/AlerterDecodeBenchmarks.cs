using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using EyeOfHorus.Recognition.Alerts;
using EyeOfHorus.Recognition.Records;
using EyeOfHorus.Recognition.Tests.Records;

namespace EyeOfHorus.Benchmarks.Alerter;

/// <summary>
/// Decode + decide over a realistic batch of 100 stream-processor records. One operation = one
/// record, so "Op/s" is records/s and "Allocated" is bytes per record.
/// Run: dotnet run -c Release --project tests/EyeOfHorus.Benchmarks -- --filter *AlerterDecode*
/// </summary>
[MemoryDiagnoser]
[Config(typeof(RecordsPerSecond))]
public class AlerterDecodeBenchmarks
{
    public const int BatchSize = 100;
    private readonly AlertPolicy _policy = new(new AlertSettings(), CameraDirectory.Parse("front-door=eye-of-horus-front-door,garage=eye-of-horus-garage"));
    private byte[][] _batch = [];

    private sealed class RecordsPerSecond : ManualConfig
    {
        public RecordsPerSecond() => AddColumn(StatisticColumn.OperationsPerSecond);
    }

    // Alternating an unknown face (landmarks, pose, quality) and a known person with two matches;
    // every frame has its own fragment number and timestamps.
    [GlobalSetup]
    public void Setup() =>
        _batch = [.. Enumerable.Range(0, BatchSize).Select(i => Encoding.UTF8.GetBytes(RecordsMutations.Seeds[i % 2]
            .Replace("91343852333181432392682062607743920146264156413", $"913438523331814323926820626077439201462641{56413 + i:D5}", StringComparison.Ordinal)
            .Replace("91343852333181432392682062607743920146264156412", $"913438523331814323926820626077439201462641{56412 + i:D5}", StringComparison.Ordinal)
            .Replace("E9,", $"{i:D3}E9,", StringComparison.Ordinal)))];

    /// <summary>Decoding alone, to show how the decode + decide cost divides.</summary>
    [Benchmark(OperationsPerInvoke = BatchSize)]
    public int Decode()
    {
        var faces = 0;
        foreach (var bytes in _batch)
        {
            if (MatchRecordCodec.TryDecode(bytes, out var record, out _)) faces += record!.FaceSearchResponse.Count;
        }
        return faces;
    }

    [Benchmark(OperationsPerInvoke = BatchSize)]
    public int DecodeAndDecide()
    {
        var sightings = 0;
        var fallback = DateTimeOffset.UnixEpoch;
        foreach (var bytes in _batch)
        {
            if (MatchRecordCodec.TryDecode(bytes, out var record, out _)) sightings += _policy.Decide(record!, fallback).Count;
        }
        return sightings;
    }
}
