using System.Diagnostics;
using System.Runtime.InteropServices;

namespace EyeOfHorus.Edge.Pipeline;

/// <summary>Asks a child to finish: SIGINT on Linux/macOS (gst-launch -e answers with EOS).</summary>
internal static class ProcessSignals
{
    private const int SigInt = 2;

    public static void Interrupt(Process process)
    {
        if (OperatingSystem.IsWindows())
        {
            // No console control event can be aimed at one child without sharing its console:
            // on Windows the pipeline is ended without EOS.
            process.Kill(entireProcessTree: true);
            return;
        }
        _ = Kill(process.Id, SigInt);
    }

    // DllImport rather than LibraryImport: the signature is blittable and needs no unsafe code.
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Kill(int pid, int signal);
}
