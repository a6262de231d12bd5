using System.Globalization;

namespace EyeOfHorus.Recognition.Tests;

/// <summary>
/// Iterations of the long CsCheck properties. Only scripts/mutation.sh shortens them (it runs the
/// tests once per mutant), through HORUS_PROPERTY_PERCENT; CI and developers run them in full.
/// </summary>
internal static class PropertyRuns
{
    private static readonly int Percent =
        int.TryParse(Environment.GetEnvironmentVariable("HORUS_PROPERTY_PERCENT"), CultureInfo.InvariantCulture, out var p) && p is > 0 and <= 100 ? p : 100;

    public static long Of(long iterations) => Math.Max(1, iterations * Percent / 100);
}
