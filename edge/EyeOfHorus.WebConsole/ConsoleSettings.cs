using System.Globalization;
using System.Net;

namespace EyeOfHorus.WebConsole;

/// <summary>
/// Where the console listens and the password hash it asks for. Loopback needs no password; any
/// other address does (from the config file as a hash, or from <see cref="PasswordVariable"/>,
/// hashed at start), never from the command line.
/// </summary>
public sealed record ConsoleSettings(IPEndPoint Listen, string? PasswordHash)
{
    public const int DefaultPort = 8420;
    public const string PasswordVariable = "HORUS_CONSOLE_PASSWORD";
    public const string Off = "off";

    public static string DefaultListen => $"127.0.0.1:{DefaultPort.ToString(CultureInfo.InvariantCulture)}";

    public bool PasswordRequired => PasswordHash is not null;

    public bool OnLoopback => IPAddress.IsLoopback(Listen.Address);

    /// <summary>
    /// The console's settings from <paramref name="listen"/> (<c>HOST:PORT</c>, <c>[V6]:PORT</c>,
    /// <c>localhost:PORT</c>, or <c>off</c>: null), the config file's password hash and the environment.
    /// </summary>
    /// <exception cref="FormatException">What the user must fix; the message says what.</exception>
    public static ConsoleSettings? From(string? listen, string? passwordHash, Func<string, string?> env)
    {
        ArgumentNullException.ThrowIfNull(env);
        listen = string.IsNullOrWhiteSpace(listen) ? DefaultListen : listen.Trim();
        if (string.Equals(listen, Off, StringComparison.OrdinalIgnoreCase)) return null;
        var endpoint = ParseListen(listen);
        string? hash = null;
        if (!string.IsNullOrEmpty(passwordHash))
        {
            if (!ConsolePassword.IsHash(passwordHash))
                throw new FormatException($"console.passwordHash is not a hash made by `horus console hash-password` ({ConsolePassword.Scheme}$ITERATIONS$SALT$HASH)");
            hash = passwordHash;
        }
        var password = env(PasswordVariable);
        if (!string.IsNullOrEmpty(password))
        {
            if (password.Length < ConsolePassword.MinLength)
                throw new FormatException($"{PasswordVariable} is shorter than {ConsolePassword.MinLength} characters");
            hash = ConsolePassword.Hash(password);
        }
        if (hash is null && !IPAddress.IsLoopback(endpoint.Address))
            throw new FormatException(
                $"the console would listen on {listen}, beyond this machine, without a password: set {PasswordVariable} in the environment " +
                "(the service's /etc/horus/run.env) or console.passwordHash in the config file (`horus console hash-password` makes one), or listen on 127.0.0.1");
        return new ConsoleSettings(endpoint, hash);
    }

    private static IPEndPoint ParseListen(string listen)
    {
        var text = listen.StartsWith("localhost:", StringComparison.OrdinalIgnoreCase) ? "127.0.0.1" + listen["localhost".Length..] : listen;
        if (!IPEndPoint.TryParse(text, out var endpoint) || !text.Contains(':', StringComparison.Ordinal) || endpoint.Port is < 0 or > 65535)
            throw new FormatException($"the console address '{listen}' is not HOST:PORT (an IP address and a port, e.g. {DefaultListen} or 0.0.0.0:{DefaultPort.ToString(CultureInfo.InvariantCulture)}), or '{Off}'");
        return endpoint;
    }
}
