using System.Runtime.InteropServices;

namespace Tractatus.TestIsolation.Tool.Running;

/// <summary>Sends a signal to another process; .NET itself can only send SIGKILL (<see cref="System.Diagnostics.Process.Kill()"/>).</summary>
internal static class PosixSignalSender
{
    // The numbers are the same on Linux and macOS for these four.
    public const int SigHup = 1;
    public const int SigInt = 2;
    public const int SigQuit = 3;
    public const int SigTerm = 15;

    /// <summary>Sends <paramref name="signal"/> to <paramref name="processId"/>; false when the process is gone or the platform has no signals.</summary>
    public static bool TrySend(int processId, int signal)
    {
        if (OperatingSystem.IsWindows())
        {
            return false;
        }

        return Kill(processId, signal) == 0;
    }

    // DllImport rather than LibraryImport: two ints need no marshalling, and the project needs no unsafe code.
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Kill(int pid, int sig);
}
