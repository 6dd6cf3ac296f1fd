using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Tractatus.TestIsolation.SharedState;

/// <summary>
/// Opens and OS-locks the sidecar <c>&lt;file&gt;.lock</c> without ever following a link: a lock file planted as a
/// link (committed in a repository, or put in a shared folder) must not let an update open, create or write the
/// link's target. On Unix the open uses <c>O_NOFOLLOW</c> and the lock is a <c>flock</c> on that descriptor (the
/// same lock .NET takes for <c>FileShare.None</c>, released by the OS when the holder dies).
/// </summary>
internal static class LockFile
{
    /// <summary>The locked lock file, or null when another process holds it (<paramref name="lastError"/> says why).</summary>
    /// <exception cref="IOException">The lock path is a link, a directory or not openable; the message says what to do.</exception>
    internal static FileStream? TryOpen(string lockPath, string statePath, ref IOException? lastError)
    {
        ThrowIfNotAPlainFile(lockPath, statePath);
        return OperatingSystem.IsWindows() ? TryOpenWindows(lockPath, ref lastError) : TryOpenUnix(lockPath, statePath, ref lastError);
    }

    /// <summary>Refuses a lock path that is a link or a directory (checked before opening, for a message that names the link).</summary>
    internal static void ThrowIfNotAPlainFile(string lockPath, string statePath)
    {
        var info = new FileInfo(lockPath);
        string? target;
        try
        {
            target = info.LinkTarget;
        }
        catch (IOException)
        {
            target = null; // a parent is not a folder: the open reports it
        }

        if (target is not null)
        {
            throw LinkRefused(lockPath, statePath, target);
        }

        if (Directory.Exists(lockPath))
        {
            throw DirectoryInTheWay(lockPath, statePath);
        }
    }

    private static FileStream? TryOpenWindows(string lockPath, ref IOException? lastError)
    {
        try
        {
            return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
        }
        catch (IOException ex) when (ex is not (FileNotFoundException or DirectoryNotFoundException or PathTooLongException or DriveNotFoundException))
        {
            // A sharing violation: another process holds it.
            lastError = ex;
            return null;
        }
    }

    private static FileStream? TryOpenUnix(string lockPath, string statePath, ref IOException? lastError)
    {
        int fd;
        int errno;
        var created = false; // once: a folder that vanishes again is reported, not retried forever
        while (true)
        {
            fd = UnixFileCalls.Open(lockPath, UnixFileCalls.ReadWrite | UnixFileCalls.NoFollow | UnixFileCalls.CloseOnExec);
            if (fd >= 0)
            {
                break;
            }

            errno = Marshal.GetLastPInvokeError();
            if (errno == UnixFileCalls.InterruptedError)
            {
                continue;
            }

            if (errno != UnixFileCalls.NotFoundError || created)
            {
                throw OpenError(lockPath, statePath, errno);
            }

            CreateIfMissing(lockPath);
            created = true;
        }

        var handle = new SafeFileHandle(fd, ownsHandle: true);
        try
        {
            while (UnixFileCalls.Flock(fd, UnixFileCalls.LockExclusive | UnixFileCalls.LockNonBlocking) != 0)
            {
                errno = Marshal.GetLastPInvokeError();
                if (errno == UnixFileCalls.InterruptedError)
                {
                    continue;
                }

                handle.Dispose();
                if (errno == UnixFileCalls.WouldBlockError)
                {
                    lastError = new IOException($"The lock file '{lockPath}' is locked by another process.");
                    return null;
                }

                throw new IOException($"Could not take the OS lock (flock) on '{lockPath}' for shared state file '{statePath}': {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}). Keep shared state on a local disk that supports file locks.");
            }

            var stream = new FileStream(handle, FileAccess.ReadWrite, 1);
            if (!stream.CanSeek)
            {
                // A pipe or device planted in its place: reading it for the holder line could block forever.
                throw new IOException($"The lock file '{lockPath}' of shared state file '{statePath}' is not a regular file (a pipe, socket or device). Remove it; the next update creates a plain lock file.");
            }

            return stream;
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Creates the lock file with <c>O_CREAT | O_EXCL</c> (what <see cref="FileMode.CreateNew"/> does), which never
    /// follows a link, so <see cref="UnixFileCalls.Open"/> needs no create flag (and no variadic mode argument).
    /// </summary>
    private static void CreateIfMissing(string lockPath)
    {
        try
        {
            using var created = new FileStream(lockPath, FileMode.CreateNew, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, 1);
        }
        catch (IOException) when (File.Exists(lockPath) || new FileInfo(lockPath).LinkTarget is not null)
        {
            // Another process created it first, or a link appeared: the open that follows decides.
        }
    }

    private static IOException OpenError(string lockPath, string statePath, int errno)
    {
        if (errno == UnixFileCalls.LinkLoopError)
        {
            // Became a link between the check and the open.
            return LinkRefused(lockPath, statePath, target: null);
        }

        if (errno == UnixFileCalls.IsDirectoryError)
        {
            return DirectoryInTheWay(lockPath, statePath);
        }

        var reason = Marshal.GetPInvokeErrorMessage(errno);
        if (errno == UnixFileCalls.NotFoundError)
        {
            return new DirectoryNotFoundException($"Could not create the lock file '{lockPath}' for shared state file '{statePath}': {reason}. Create the folder first.");
        }

        if (errno == UnixFileCalls.AccessError)
        {
            return new IOException($"This user may not open or create the lock file '{lockPath}' of shared state file '{statePath}' ({reason}). Give the user write access to that folder, or keep the state file in a folder the user owns.");
        }

        return new IOException($"Could not open the lock file '{lockPath}' of shared state file '{statePath}': {reason} (errno {errno}).");
    }

    private static IOException DirectoryInTheWay(string lockPath, string statePath) =>
        new($"The lock file of shared state file '{statePath}' should be '{lockPath}', but that is a directory. Remove or rename the directory; SharedStateFile creates the lock file itself.");

    private static IOException LinkRefused(string lockPath, string statePath, string? target) => new(
        $"The lock file '{lockPath}' of shared state file '{statePath}' is a symbolic link{(target is null ? string.Empty : $" to '{target}'")}. SharedStateFile never opens a lock file through a link, because writing the lock would write into the link's target. Delete the link (not its target); the next update creates a plain lock file in its place.");
}
