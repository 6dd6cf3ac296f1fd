using System.Runtime.InteropServices;

namespace Tractatus.TestIsolation.SharedState;

/// <summary>
/// The few libc calls .NET does not expose: an open of an existing file that never follows a symbolic link (<c>O_NOFOLLOW</c>) and
/// <c>flock</c> on that descriptor. Flag values differ between kernels and CPU families, so they are looked up here once.
/// </summary>
internal static class UnixFileCalls
{
    internal const int LockExclusive = 2; // LOCK_EX
    internal const int LockNonBlocking = 4; // LOCK_NB

    internal static int ReadOnly => 0;

    internal static int ReadWrite => 2;

    internal static int NoFollow => OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD()
        ? 0x100
        : RuntimeInformation.ProcessArchitecture is Architecture.Arm or Architecture.Arm64 or Architecture.Armv6 or Architecture.Ppc64le ? 0x8000 : 0x20000;

    internal static int CloseOnExec => OperatingSystem.IsMacOS() ? 0x1000000 : OperatingSystem.IsFreeBSD() ? 0x100000 : 0x80000;

    /// <summary>errno of a link met with <c>O_NOFOLLOW</c>.</summary>
    internal static int LinkLoopError => OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD() ? 62 : 40;

    /// <summary>errno of a lock held elsewhere (EWOULDBLOCK).</summary>
    internal static int WouldBlockError => OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD() ? 35 : 11;

    internal const int InterruptedError = 4; // EINTR
    internal const int NotFoundError = 2; // ENOENT
    internal const int AccessError = 13; // EACCES
    internal const int IsDirectoryError = 21; // EISDIR

#pragma warning disable SYSLIB1054, CA5392, CA2101 // Plain libc calls on small files; no source-generated marshalling needed.
    // open(2) is variadic; called without O_CREAT it reads no third argument, so two fixed ones are safe on every ABI.
    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    internal static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "flock", SetLastError = true)]
    internal static extern int Flock(int fd, int operation);

    [DllImport("libc", EntryPoint = "read", SetLastError = true)]
    internal static extern nint Read(int fd, byte[] buffer, nint count);

    [DllImport("libc", EntryPoint = "close")]
    internal static extern int Close(int fd);
#pragma warning restore SYSLIB1054, CA5392, CA2101
}
