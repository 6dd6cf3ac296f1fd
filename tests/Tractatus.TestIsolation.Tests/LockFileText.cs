using Tractatus.TestIsolation.SharedState;

namespace Tractatus.TestIsolation.Tests;

/// <summary>
/// Reads a lock file's holder line the way a waiter does, without an OS lock. <see cref="File.ReadAllText(string)"/>
/// takes a shared <c>flock</c> on Unix and fails while anyone holds the lock, which includes a child process another
/// test starts at that moment: it keeps the inherited descriptor (and so the just-released lock) until its exec.
/// </summary>
internal static class LockFileText
{
    internal static string Read(string lockPath) =>
        OperatingSystem.IsWindows() ? File.ReadAllText(lockPath) : LockHolder.TryRead(lockPath) ?? string.Empty;
}
