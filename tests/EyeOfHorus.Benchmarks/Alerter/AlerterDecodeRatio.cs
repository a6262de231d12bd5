using System.Diagnostics;
using System.Globalization;

namespace EyeOfHorus.Benchmarks.Alerter;

/// <summary>
/// The decode + decide to raw-scan ratio, measured in interleaved rounds (scan, decode, scan, ...)
/// so that a shared machine's drifting speed falls on both alike; the median round is reported.
/// BenchmarkDotNet's <see cref="AlerterDecodeBenchmarks"/> gives the same figures one method at a time.
/// Run: dotnet run -c Release --project tests/EyeOfHorus.Benchmarks -- alerter-ratio [rounds]
/// </summary>
public static class AlerterDecodeRatio
{
    public const double Goal = 0.5;

    public static int Run(int rounds)
    {
        var benchmarks = new AlerterDecodeBenchmarks();
        benchmarks.Setup();
        var records = AlerterDecodeBenchmarks.BatchSize;

        // Warm up until both have reached their optimised code (tiered JIT).
        var warmup = Stopwatch.StartNew();
        while (warmup.Elapsed < TimeSpan.FromSeconds(2)) { benchmarks.RawUtf8JsonReaderScan(); benchmarks.DecodeAndDecide(); }

        // About 50 ms of scanning per round.
        var batchesPerRound = Math.Max(1, (int)(0.05 / Time(() => benchmarks.RawUtf8JsonReaderScan(), 200) ));
        var scanRates = new List<double>();
        var decodeRates = new List<double>();
        var ratios = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            var scan = records / Time(() => benchmarks.RawUtf8JsonReaderScan(), batchesPerRound);
            var decode = records / Time(() => benchmarks.DecodeAndDecide(), batchesPerRound);
            scanRates.Add(scan);
            decodeRates.Add(decode);
            ratios.Add(decode / scan);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < batchesPerRound; i++) benchmarks.DecodeAndDecide();
        var allocatedPerRecord = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)(batchesPerRound * records);

        var ratio = Median(ratios);
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(inv, $"raw Utf8JsonReader scan: {Median(scanRates),12:N0} records/s"));
        Console.WriteLine(string.Create(inv, $"decode + decide:         {Median(decodeRates),12:N0} records/s, {allocatedPerRecord:N0} B allocated per record"));
        Console.WriteLine(string.Create(inv, $"ratio: {ratio:F2} (median of {rounds} interleaved rounds, lowest {ratios.Min():F2}, highest {ratios.Max():F2}); goal >= {Goal:F1}: {(ratio >= Goal ? "met" : "NOT met")}"));
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

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
