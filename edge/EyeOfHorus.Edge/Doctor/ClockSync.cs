using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace EyeOfHorus.Edge.Doctor;

/// <summary>What the kernel says about the system clock: whether NTP (timesyncd, chrony, ntpd) keeps it synchronised, and its error bound.</summary>
public sealed record ClockReading(bool Synchronised, TimeSpan MaxError);

/// <summary>
/// Reads the kernel's clock discipline state with <c>adjtimex(2)</c> (modes = 0: read only), the
/// same source <c>timedatectl</c>'s "System clock synchronized" comes from, and it works without a
/// running systemd (containers).
/// </summary>
public static class ClockSync
{
    private const int TimeError = 5;          // TIME_ERROR: the clock is not synchronised
    private const int StaUnsync = 0x0040;     // STA_UNSYNC
    // struct timex on 64-bit Linux (x86_64 and aarch64): modes at 0, maxerror at 24, status at 40; 208 bytes in all.
    private const int MaxErrorOffset = 24;
    private const int StatusOffset = 40;

    /// <summary>The reading, or null where adjtimex is not available (not 64-bit Linux).</summary>
    public static ClockReading? Read()
    {
        if (!OperatingSystem.IsLinux() || !Environment.Is64BitProcess) return null;
        var timex = new byte[512];
        var state = Adjtimex(timex);
        if (state < 0) return null;
        var status = BinaryPrimitives.ReadInt32LittleEndian(timex.AsSpan(StatusOffset));
        var maxErrorMicroseconds = BinaryPrimitives.ReadInt64LittleEndian(timex.AsSpan(MaxErrorOffset));
        return new ClockReading(state != TimeError && (status & StaUnsync) == 0, TimeSpan.FromMicroseconds(maxErrorMicroseconds));
    }

    // DllImport (not LibraryImport): a blittable byte[] needs no generated marshalling or unsafe code.
    [DllImport("libc", EntryPoint = "adjtimex")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Adjtimex([In, Out] byte[] timex);
}
