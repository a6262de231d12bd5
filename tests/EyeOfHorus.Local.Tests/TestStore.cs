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
