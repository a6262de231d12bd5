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
