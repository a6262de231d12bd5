namespace EyeOfHorus.Recognition.Records;

/// <summary>
/// The common case of a JSON number, parsed fast: at most 15 significant digits and a power of ten
/// within ±22. Then both the digits and the power are exact doubles, and one IEEE multiplication or
/// division rounds correctly (Clinger's fast path), so the result is the one a full parser gives.
/// Anything else (more digits, a larger exponent) is left to the full parser.
/// </summary>
internal static class ShortDecimal
{
    private const int MaxDigits = 15;
    private const int MaxExactPowerOfTen = 22;

    private static readonly double[] PowersOfTen =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];

    /// <param name="number">A number token as the JSON reader validated it: <c>-?int(.frac)?([eE][+-]?digits)?</c>.</param>
    public static bool TryParse(ReadOnlySpan<byte> number, out double value)
    {
        value = 0;
        var i = 0;
        var negative = number.Length > 0 && number[0] == '-';
        if (negative) i++;
        ulong digits = 0;
        var significant = 0;
        var power = 0;
        for (; i < number.Length && IsDigit(number[i]); i++)
            if (!Append(ref digits, ref significant, number[i])) return false;
        if (i < number.Length && number[i] == '.')
        {
            for (i++; i < number.Length && IsDigit(number[i]); i++)
            {
                if (!Append(ref digits, ref significant, number[i])) return false;
                power--;
            }
        }
        if (i < number.Length && (number[i] | 0x20) == 'e')
        {
            i++;
            var exponentNegative = number[i] == '-';
            if (number[i] is (byte)'-' or (byte)'+') i++;
            var exponent = 0;
            for (; i < number.Length; i++)
            {
                exponent = exponent * 10 + (number[i] - '0');
                if (exponent > 1000) return false;
            }
            power += exponentNegative ? -exponent : exponent;
        }
        if (i != number.Length) return false;
        if (digits == 0)
        {
            value = negative ? -0.0 : 0.0;
            return true;
        }
        if (power is < -MaxExactPowerOfTen or > MaxExactPowerOfTen) return false;
        var magnitude = power >= 0 ? digits * PowersOfTen[power] : digits / PowersOfTen[-power];
        value = negative ? -magnitude : magnitude;
        return true;
    }

    private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;

    // Leading zeros are not significant digits.
    private static bool Append(ref ulong digits, ref int significant, byte digit)
    {
        if (digits == 0 && digit == '0') return true;
        if (++significant > MaxDigits) return false;
        digits = digits * 10 + (ulong)(digit - '0');
        return true;
    }
}
