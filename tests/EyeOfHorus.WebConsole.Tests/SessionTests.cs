using Microsoft.Extensions.Time.Testing;

namespace EyeOfHorus.WebConsole.Tests;

/// <summary>Sessions, the login limit and the password hash at their exact boundaries, on a fake clock.</summary>
public sealed class SessionTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_session_is_found_by_its_token_until_exactly_twelve_hours_later()
    {
        var time = new FakeTimeProvider(Start);
        var sessions = new ConsoleSessions(time);
        var session = sessions.Create();
        Assert.Equal(Start + TimeSpan.FromHours(12), session.Expires);
        Assert.Same(session, sessions.Find(session.Token));
        Assert.Null(sessions.Find(null));
        Assert.Null(sessions.Find(""));
        Assert.Null(sessions.Find(session.Csrf)); // the CSRF token is not a session token
        Assert.Null(sessions.Find(session.Token.ToUpperInvariant()));

        time.Advance(ConsoleSessions.Lifetime - TimeSpan.FromTicks(1));
        Assert.Same(session, sessions.Find(session.Token));
        time.Advance(TimeSpan.FromTicks(1));
        Assert.Null(sessions.Find(session.Token));
    }

    [Fact]
    public void Ending_a_session_forgets_it_and_no_other()
    {
        var sessions = new ConsoleSessions(new FakeTimeProvider(Start));
        var a = sessions.Create();
        var b = sessions.Create();
        sessions.End(a.Token);
        Assert.Null(sessions.Find(a.Token));
        Assert.Same(b, sessions.Find(b.Token));
    }

    [Fact]
    public void At_most_a_hundred_sessions_live_and_the_oldest_goes_first()
    {
        var time = new FakeTimeProvider(Start);
        var sessions = new ConsoleSessions(time);
        var created = new List<ConsoleSession>();
        for (var i = 0; i < ConsoleSessions.MaxSessions; i++)
        {
            created.Add(sessions.Create());
            time.Advance(TimeSpan.FromSeconds(1));
        }
        Assert.All(created, s => Assert.Same(s, sessions.Find(s.Token)));

        var newest = sessions.Create();
        Assert.Null(sessions.Find(created[0].Token));
        Assert.All(created.Skip(1).Append(newest), s => Assert.Same(s, sessions.Find(s.Token)));
    }

    [Fact]
    public void Tokens_are_256_random_bits_in_url_safe_base64()
    {
        var sessions = new ConsoleSessions();
        var tokens = Enumerable.Range(0, 200).Select(_ => sessions.Create()).SelectMany(s => new[] { s.Token, s.Csrf }).ToList();
        Assert.Equal(tokens.Count, tokens.Distinct(StringComparer.Ordinal).Count());
        Assert.All(tokens, t =>
        {
            Assert.Equal(43, t.Length);
            Assert.Matches("^[A-Za-z0-9_-]+$", t);
        });
        // Both replacements happen: 400 tokens of 43 characters without a single '-' or '_' would be a 1 in 10^100 chance.
        Assert.Contains(tokens, t => t.Contains('-', StringComparison.Ordinal));
        Assert.Contains(tokens, t => t.Contains('_', StringComparison.Ordinal));
    }

    [Fact]
    public void Five_failed_logins_within_a_minute_stop_logins_until_the_first_is_more_than_a_minute_old()
    {
        var time = new FakeTimeProvider(Start);
        var sessions = new ConsoleSessions(time);
        for (var i = 0; i < ConsoleSessions.MaxFailedLogins - 1; i++)
        {
            sessions.LoginFailed();
            time.Advance(TimeSpan.FromSeconds(1));
        }
        Assert.True(sessions.MayTryLogin());
        sessions.LoginFailed(); // the fifth, at Start + 4 s
        Assert.False(sessions.MayTryLogin());

        time.SetUtcNow(Start + TimeSpan.FromMinutes(1)); // the first failure is exactly a minute old: it still counts
        Assert.False(sessions.MayTryLogin());
        time.Advance(TimeSpan.FromTicks(1));
        Assert.True(sessions.MayTryLogin());
        sessions.LoginFailed(); // four in the last minute again, plus this one
        Assert.False(sessions.MayTryLogin());
        time.SetUtcNow(Start + TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1) + TimeSpan.FromTicks(1));
        Assert.True(sessions.MayTryLogin());
    }

    [Fact]
    public void The_csrf_token_matches_only_itself()
    {
        var session = new ConsoleSession("t", "abcdef", Start);
        Assert.True(ConsoleSessions.CsrfMatches(session, "abcdef"));
        Assert.False(ConsoleSessions.CsrfMatches(session, null));
        Assert.False(ConsoleSessions.CsrfMatches(session, ""));
        Assert.False(ConsoleSessions.CsrfMatches(session, "abcde"));
        Assert.False(ConsoleSessions.CsrfMatches(session, "abcdefg"));
        Assert.False(ConsoleSessions.CsrfMatches(session, "ABCDEF"));
    }

    [Fact]
    public void A_password_hash_names_its_scheme_and_iterations_and_verifies_only_its_password()
    {
        var hash = ConsolePassword.Hash("correct horse", ConsolePassword.MinIterations);
        var parts = hash.Split('$');
        Assert.Equal(4, parts.Length);
        Assert.Equal(("pbkdf2-sha256", "100000"), (parts[0], parts[1]));
        Assert.Equal(16, Convert.FromBase64String(parts[2]).Length);
        Assert.Equal(32, Convert.FromBase64String(parts[3]).Length);
        Assert.True(ConsolePassword.IsHash(hash));
        Assert.True(ConsolePassword.Verify("correct horse", hash));
        Assert.False(ConsolePassword.Verify("correct horse ", hash));
        Assert.False(ConsolePassword.Verify("", hash));
        Assert.NotEqual(hash, ConsolePassword.Hash("correct horse", ConsolePassword.MinIterations)); // a new salt each time
        Assert.Equal("600000", ConsolePassword.Hash("x").Split('$')[1]);
        Assert.Equal("password", Assert.Throws<ArgumentNullException>(() => ConsolePassword.Hash(null!)).ParamName);
        Assert.Equal("password", Assert.Throws<ArgumentNullException>(() => ConsolePassword.Verify(null!, hash)).ParamName);
    }

    [Fact]
    public void Only_a_well_formed_hash_of_enough_iterations_is_a_hash()
    {
        var salt16 = Convert.ToBase64String(new byte[16]);
        var hash32 = Convert.ToBase64String(new byte[32]);
        Assert.True(ConsolePassword.IsHash($"pbkdf2-sha256$100000${salt16}${hash32}"));
        Assert.True(ConsolePassword.IsHash($"pbkdf2-sha256$100000${Convert.ToBase64String(new byte[17])}${hash32}"));
        foreach (var bad in new[]
        {
            null!, "", "plain-password",
            $"pbkdf2-sha1$100000${salt16}${hash32}",
            $"PBKDF2-SHA256$100000${salt16}${hash32}",
            $"pbkdf2-sha256$99999${salt16}${hash32}",
            $"pbkdf2-sha256$+100000${salt16}${hash32}",
            $"pbkdf2-sha256$ 100000${salt16}${hash32}",
            $"pbkdf2-sha256$many${salt16}${hash32}",
            $"pbkdf2-sha256$100000${Convert.ToBase64String(new byte[15])}${hash32}",
            $"pbkdf2-sha256$100000${salt16}${Convert.ToBase64String(new byte[31])}",
            $"pbkdf2-sha256$100000${salt16}${Convert.ToBase64String(new byte[33])}",
            $"pbkdf2-sha256$100000$not base64!${hash32}",
            $"pbkdf2-sha256$100000${salt16}$not base64!",
            $"pbkdf2-sha256$100000${salt16}",
            $"pbkdf2-sha256$100000${salt16}${hash32}$extra",
        })
        {
            Assert.False(ConsolePassword.IsHash(bad), bad);
            Assert.False(ConsolePassword.Verify("anything", bad));
        }
    }
}
