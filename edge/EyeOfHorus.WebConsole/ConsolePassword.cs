using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace EyeOfHorus.WebConsole;

/// <summary>
/// The console password, kept only as a PBKDF2-SHA256 hash: <c>pbkdf2-sha256$ITERATIONS$SALT$HASH</c>
/// (salt and hash base64). OWASP's 2023 figure for PBKDF2-SHA256 is 600,000 iterations.
/// </summary>
public static class ConsolePassword
{
    public const string Scheme = "pbkdf2-sha256";
    public const int Iterations = 600_000;
    public const int MinIterations = 100_000;
    public const int MinLength = 8;
    private const int SaltBytes = 16, HashBytes = 32;

    public static string Hash(string password, int iterations = Iterations)
    {
        ArgumentNullException.ThrowIfNull(password);
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, HashBytes);
        return $"{Scheme}${iterations.ToString(CultureInfo.InvariantCulture)}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";
    }

    public static bool IsHash(string text) => TryRead(text, out _, out _, out _);

    public static bool Verify(string password, string hash)
    {
        ArgumentNullException.ThrowIfNull(password);
        if (!TryRead(hash, out var iterations, out var salt, out var expected)) return false;
        var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    private static bool TryRead(string text, out int iterations, out byte[] salt, out byte[] hash)
    {
        iterations = 0;
        salt = hash = [];
        var parts = text?.Split('$') ?? [];
        if (parts.Length != 4 || parts[0] != Scheme) return false;
        if (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out iterations) || iterations < MinIterations) return false;
        try
        {
            salt = Convert.FromBase64String(parts[2]);
            hash = Convert.FromBase64String(parts[3]);
        }
        catch (FormatException) { return false; }
        return salt.Length >= SaltBytes && hash.Length == HashBytes;
    }
}
