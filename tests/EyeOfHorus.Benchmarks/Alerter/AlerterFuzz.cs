using System.Diagnostics;
using CsCheck;
using EyeOfHorus.Recognition.Tests.Records;

namespace EyeOfHorus.Benchmarks.Alerter;

/// <summary>
/// The long mode of the record property tests: <c>dotnet run -c Release --project
/// tests/EyeOfHorus.Benchmarks -- alerter-fuzz [inputs, default 1000000]</c>. Half mutated
/// records, half random bytes; any exception fails the run with CsCheck's reproducible seed.
/// </summary>
public static class AlerterFuzz
{
    public static int Run(long inputs)
    {
        var watch = Stopwatch.StartNew();
        RecordsMutations.Mutated.Sample(RecordsMutations.DecodeDecideComposeNeverThrows, iter: inputs / 2);
        Gen.Byte.Array[0, 400].Sample(RecordsMutations.DecodeDecideComposeNeverThrows, iter: inputs - inputs / 2);
        Console.WriteLine($"alerter-fuzz: {inputs:N0} inputs ({inputs / 2:N0} mutated records, {inputs - inputs / 2:N0} random byte strings) decoded, decided and composed without an unhandled exception in {watch.Elapsed.TotalSeconds:0.0} s.");
        return 0;
    }
}
