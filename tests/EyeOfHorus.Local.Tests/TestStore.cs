using EyeOfHorus.Local.State;

namespace EyeOfHorus.Local.Tests;

/// <summary>A state database in a fresh temporary folder, removed afterwards.</summary>
public sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("horus-local-test-").FullName;
    public string File(string name) => System.IO.Path.Combine(Path, name);
    public LocalStore OpenStore(TimeProvider? time = null) => new(File("state.db"), time);
    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

/// <summary>Another program holding the state database's write lock (a sqlite3 shell left inside a transaction):
/// the store's writes give up after its 5 s timeout with "database is locked". Released on dispose.</summary>
public static class DatabaseLock
{
    public static IDisposable Hold(string databasePath)
    {
        var other = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={databasePath};Pooling=False");
        other.Open();
        using var exclusive = other.CreateCommand();
        exclusive.CommandText = "BEGIN EXCLUSIVE;";
        exclusive.ExecuteNonQuery();
        return other;
    }
}

/// <summary>One delivery row of the outbox, read beside the store's own connection as another process would (WAL lets both in).</summary>
public static class DeliveryRow
{
    public static (long Attempts, string? Error, string State) Read(LocalStore store, long alertId, string sink)
    {
        using var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={store.Path};Pooling=False");
        db.Open();
        using var cmd = db.CreateCommand();
        cmd.CommandText = "SELECT attempts, last_error, state FROM deliveries WHERE alert_id=$a AND sink=$s";
        cmd.Parameters.AddWithValue("$a", alertId);
        cmd.Parameters.AddWithValue("$s", sink);
        using var r = cmd.ExecuteReader();
        Xunit.Assert.True(r.Read());
        return (r.GetInt64(0), r.IsDBNull(1) ? null : r.GetString(1), r.GetString(2));
    }
}
