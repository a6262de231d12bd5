using CsCheck;
using EyeOfHorus.Recognition.Alerts;
using EyeOfHorus.Recognition.Records;

namespace EyeOfHorus.Recognition.Tests.Records;

/// <summary>Short mode for CI; the benchmark project's <c>fuzz</c> mode runs the same properties over millions of inputs.</summary>
public class RecordsPropertyTests
{
    [Fact]
    public void Mutated_records_never_throw() =>
        RecordsMutations.Mutated.Sample(RecordsMutations.DecodeDecideComposeNeverThrows, iter: PropertyRuns.Of(5_000));

    [Fact]
    public void Random_bytes_never_throw() =>
        Gen.Byte.Array[0, 300].Sample(RecordsMutations.DecodeDecideComposeNeverThrows, iter: PropertyRuns.Of(5_000));

    [Fact]
    public void The_mutations_produce_both_accepted_and_rejected_records()
    {
        int accepted = 0, rejected = 0;
        RecordsMutations.Mutated.Sample(bytes => { if (MatchRecordCodec.TryDecode(bytes, out _, out _)) accepted++; else rejected++; }, iter: 2_000, threads: 1);
        Assert.True(accepted > 100 && rejected > 100, $"accepted {accepted}, rejected {rejected}");
    }
}
