using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace EyeOfHorus.WebConsole;

/// <summary>One browser's session: its cookie token, the CSRF token its page sends with every change, and when it ends.</summary>
public sealed record ConsoleSession(string Token, string Csrf, DateTimeOffset Expires);

/// <summary>
/// Sessions in memory (a restart logs everyone out). Tokens are 256 random bits; at most
/// <see cref="MaxSessions"/> live at once, the oldest go first. Failed logins are limited to
/// <see cref="MaxFailedLogins"/> a minute for the whole server, which bounds password guessing.
/// </summary>
public sealed class ConsoleSessions(TimeProvider? time = null)
{
    public const string Cookie = "horus_session";
    public const string CsrfHeader = "X-CSRF-Token";
    public const int MaxSessions = 100;
    public const int MaxFailedLogins = 5;
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(12);

    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly ConcurrentDictionary<string, ConsoleSession> _sessions = new(StringComparer.Ordinal);
    private readonly Queue<DateTimeOffset> _failures = new();

    public ConsoleSession Create()
    {
        var now = _time.GetUtcNow();
        foreach (var expired in _sessions.Values.Where(s => s.Expires <= now)) _sessions.TryRemove(expired.Token, out _);
        while (_sessions.Count >= MaxSessions) _sessions.TryRemove(_sessions.Values.MinBy(s => s.Expires)!.Token, out _);
        var session = new ConsoleSession(NewToken(), NewToken(), now + Lifetime);
        _sessions[session.Token] = session;
        return session;
    }

    public ConsoleSession? Find(string? token)
    {
        ConsoleSession? session = null;
        if (string.IsNullOrEmpty(token) || !_sessions.TryGetValue(token, out session)) return null;
        if (session.Expires > _time.GetUtcNow()) return session;
        _sessions.TryRemove(token, out _);
        return null;
    }

    public void End(string token) => _sessions.TryRemove(token, out _);

    /// <summary>False when the server has seen <see cref="MaxFailedLogins"/> failed logins in the last minute.</summary>
    public bool MayTryLogin()
    {
        lock (_failures)
        {
            var now = _time.GetUtcNow();
            while (_failures.Count > 0 && now - _failures.Peek() > TimeSpan.FromMinutes(1)) _failures.Dequeue();
            return _failures.Count < MaxFailedLogins;
        }
    }

    public void LoginFailed()
    {
        lock (_failures) _failures.Enqueue(_time.GetUtcNow());
    }

    public static bool CsrfMatches(ConsoleSession session, string? sent) =>
        sent is not null && CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(session.Csrf), System.Text.Encoding.ASCII.GetBytes(sent));

    private static string NewToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
