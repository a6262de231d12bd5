using System.Diagnostics;
using System.Globalization;

namespace EyeOfHorus.Benchmarks.Alerter;

/// <summary>
/// Decode + decide records/s (median of short rounds) and bytes allocated per record, against the
/// most a Kinesis shard carries (the MatchAlerter reads one shard per invocation). A quick reading
/// of what <see cref="AlerterDecodeBenchmarks"/> measures with BenchmarkDotNet.
/// Run: dotnet run -c Release --project tests/EyeOfHorus.Benchmarks -- alerter-decode [rounds]
/// </summary>
public static class AlerterDecodeRate
{
    // Kinesis Data Streams: 1 MB/s or 1,000 PutRecords records/s per shard in; 2 MB/s out.
    private const double ShardRecordsPerSecond = 2_000;

    public static int Run(int rounds)
    {
        var benchmarks = new AlerterDecodeBenchmarks();
        benchmarks.Setup();
        var records = AlerterDecodeBenchmarks.BatchSize;

        // Warm up until tiered JIT has reached the optimised code.
        var warmup = Stopwatch.StartNew();
        while (warmup.Elapsed < TimeSpan.FromSeconds(2)) benchmarks.DecodeAndDecide();

        var batchesPerRound = Math.Max(1, (int)(0.05 / Time(benchmarks.DecodeAndDecide, 20)));
        var rates = new List<double>();
        for (var round = 0; round < rounds; round++) rates.Add(records / Time(benchmarks.DecodeAndDecide, batchesPerRound));

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < batchesPerRound; i++) benchmarks.DecodeAndDecide();
        var bytesPerRecord = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)(batchesPerRound * records);

        var sorted = rates.Order().ToList();
        var median = sorted[sorted.Count / 2];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"decode + decide: {median:N0} records/s (median of {rounds} rounds, lowest {sorted[0]:N0}, highest {sorted[^1]:N0}), {bytesPerRecord:N0} B allocated per record; {median / ShardRecordsPerSecond:N0}x a shard's {ShardRecordsPerSecond:N0} records/s"));
        return 0;
    }

    /// <summary>Seconds per call.</summary>
    private static double Time(Func<int> batch, int times)
    {
        var clock = Stopwatch.StartNew();
        var sink = 0;
        for (var i = 0; i < times; i++) sink += batch();
        GC.KeepAlive(sink);
        return clock.Elapsed.TotalSeconds / times;
    }
}
