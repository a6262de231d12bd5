using System.Globalization;
using System.Text;
using CsCheck;
using EyeOfHorus.Recognition.Records;

namespace EyeOfHorus.Recognition.Tests.Records;

/// <summary>Every JSON number parses to exactly the double the framework's parser gives, or is refused as out of range.</summary>
public class JsonNumberTests
{
    // JSON numbers: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
    private static readonly Gen<string> Numbers =
        Gen.Select(Gen.Bool, Gen.Int[0, 25], Gen.Int[0, 25], Gen.Int[0, 3], Gen.Int[0, 400], Gen.ULong,
            (negative, integerDigits, fractionDigits, exponentKind, exponent, salt) =>
            {
                var random = new Random((int)salt);
                var text = new StringBuilder(negative ? "-" : "");
                text.Append(integerDigits == 0 ? "0" : (char)('1' + random.Next(9)) + Digits(random, integerDigits - 1));
                if (fractionDigits > 0) text.Append('.').Append(Digits(random, fractionDigits));
                if (exponentKind > 0) text.Append("eE"[random.Next(2)]).Append(exponentKind switch { 1 => "", 2 => "+", _ => "-" }).Append(exponent % (random.Next(2) == 0 ? 30 : 400));
                return text.ToString();
            });

    // Runs of zeros as well as random digits: leading and trailing zeros are the tricky part.
    private static string Digits(Random random, int count)
    {
        var zeros = random.Next(3) == 0;
        return new string([.. Enumerable.Range(0, count).Select(_ => zeros && random.Next(4) != 0 ? '0' : (char)('0' + random.Next(10)))]);
    }

    // Floats as Rekognition prints them: a float32 widened to double, at 17 significant digits.
    private static readonly Gen<string> WidenedFloats =
        Gen.Float.Where(float.IsFinite).Select(f => ((double)f).ToString("R", CultureInfo.InvariantCulture).Replace("E+", "E", StringComparison.Ordinal));

    private static void ParsesAsTheFramework(string number)
    {
        var full = double.Parse(number, NumberStyles.Float, CultureInfo.InvariantCulture);
        var parsed = JsonNumber.TryParse(Encoding.ASCII.GetBytes(number), out var value);
        if (!double.IsFinite(full))
        {
            if (parsed) throw new InvalidOperationException($"{number}: accepted {value:R}, beyond a double's range");
            return;
        }
        if (!parsed || BitConverter.DoubleToInt64Bits(value) != BitConverter.DoubleToInt64Bits(full))
            throw new InvalidOperationException($"{number}: parsed {(parsed ? value.ToString("R", CultureInfo.InvariantCulture) : "nothing")}, framework {full:R}");
    }

    [Fact]
    public void Any_json_number_parses_to_the_same_bits() => Numbers.Sample(ParsesAsTheFramework, iter: PropertyRuns.Of(100_000));

    [Fact]
    public void Rekognitions_widened_floats_parse_to_the_same_bits() => WidenedFloats.Sample(ParsesAsTheFramework, iter: PropertyRuns.Of(100_000));

    [Theory]
    [InlineData("1.605467332479E9")]
    [InlineData("99.99974060058594")]
    [InlineData("3.2690000534057617")]
    [InlineData("-0.0")]
    [InlineData("0e-999")]
    [InlineData("9007199254740993")]
    [InlineData("2.2250738585072011e-308")]
    [InlineData("4.9e-324")]
    [InlineData("1.7976931348623157e308")]
    [InlineData("91343852333181432392682062607743920146264156412")]
    [InlineData("1.6E900")]
    [InlineData("-1e999")]
    public void Hard_and_out_of_range_numbers(string number) => ParsesAsTheFramework(number);

    [Fact]
    public void Negative_zero_keeps_its_sign() =>
        Assert.True(JsonNumber.TryParse("-0.0"u8, out var value) && double.IsNegative(value));
}
