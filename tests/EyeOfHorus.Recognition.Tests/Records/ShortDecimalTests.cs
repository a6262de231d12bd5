using System.Globalization;
using System.Text;
using CsCheck;
using EyeOfHorus.Recognition.Records;

namespace EyeOfHorus.Recognition.Tests.Records;

/// <summary>The fast path either declines or gives exactly the double the full parser gives.</summary>
public class ShortDecimalTests
{
    // JSON numbers: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
    private static readonly Gen<string> JsonNumber =
        Gen.Select(Gen.Bool, Gen.Int[0, 20], Gen.Int[0, 20], Gen.Int[0, 3], Gen.Int[0, 400], Gen.ULong,
            (negative, integerDigits, fractionDigits, exponentKind, exponent, salt) =>
            {
                var random = new Random((int)salt);
                var text = new StringBuilder(negative ? "-" : "");
                text.Append(integerDigits == 0 ? "0" : (char)('1' + random.Next(9)) + Digits(random, integerDigits - 1));
                if (fractionDigits > 0) text.Append('.').Append(Digits(random, fractionDigits));
                if (exponentKind > 0) text.Append("eE"[random.Next(2)]).Append(exponentKind switch { 1 => "", 2 => "+", _ => "-" }).Append(exponent % (random.Next(2) == 0 ? 30 : 400));
                return text.ToString();
            });

    private static string Digits(Random random, int count)
    {
        // Runs of zeros as well as random digits: leading and trailing zeros are the tricky part.
        var zeros = random.Next(3) == 0;
        return new string([.. Enumerable.Range(0, count).Select(_ => zeros && random.Next(4) != 0 ? '0' : (char)('0' + random.Next(10)))]);
    }

    private static void AgreesWithTheFullParser(string number)
    {
        if (!ShortDecimal.TryParse(Encoding.ASCII.GetBytes(number), out var fast)) return;
        var full = double.Parse(number, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (BitConverter.DoubleToInt64Bits(fast) != BitConverter.DoubleToInt64Bits(full))
            throw new InvalidOperationException($"{number}: fast path {fast:R}, full parser {full:R}");
    }

    [Fact]
    public void Any_number_it_accepts_parses_to_the_same_bits() => JsonNumber.Sample(AgreesWithTheFullParser, iter: 100_000);

    [Theory]
    [InlineData("1.605467332479E9", true)]
    [InlineData("0.30462962", true)]
    [InlineData("-3.14", true)]
    [InlineData("100.0", true)]
    [InlineData("-0.0", true)]
    [InlineData("0e-999", true)]
    [InlineData("123456789012345", true)]
    [InlineData("1e22", true)]
    [InlineData("99.99974060058594", false)]
    [InlineData("1234567890123456", false)]
    [InlineData("1e23", false)]
    [InlineData("1.6E900", false)]
    [InlineData("91343852333181432392682062607743920146264156412", false)]
    public void Takes_the_common_numbers_and_leaves_the_rest_to_the_full_parser(string number, bool taken)
    {
        Assert.Equal(taken, ShortDecimal.TryParse(Encoding.ASCII.GetBytes(number), out var value));
        if (taken) Assert.Equal(double.Parse(number, NumberStyles.Float, CultureInfo.InvariantCulture), value);
    }

    [Fact]
    public void Negative_zero_keeps_its_sign() =>
        Assert.True(ShortDecimal.TryParse("-0.0"u8, out var value) && double.IsNegative(value));
}
