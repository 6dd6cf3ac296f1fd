using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Tractatus.TestIsolation.SharedState;

/// <summary>
/// Who holds a lock, written into the lock file while it is held so a waiter that times out (or a person
/// running <c>cat file.lock</c>) can name the holder.
/// </summary>
internal static class LockHolder
{
    private const int MaxBytes = 1024;

    internal static string Describe(string? sessionId) => string.Create(
        CultureInfo.InvariantCulture,
        $"pid {Environment.ProcessId} on host {Environment.MachineName}, session {sessionId ?? "(none)"}, since {DateTimeOffset.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ}");

    internal static void Write(FileStream lockStream, string description)
    {
        var bytes = Encoding.UTF8.GetBytes(description + "\n");
        lockStream.SetLength(0);
        lockStream.Position = 0;
        lockStream.Write(bytes);
        lockStream.Flush();
    }

    /// <summary>
    /// Reads the holder text without taking any lock. .NET's own file APIs cannot: on Unix every open takes
    /// a <c>flock</c> (shared for reads), which fails while the holder has it exclusively; on Windows the
    /// holder's share mode forbids opening at all. So on Unix this reads through libc; elsewhere it returns null.
    /// </summary>
    internal static string? TryRead(string lockPath)
    {
        if (OperatingSystem.IsWindows())
        {
            return null;
        }

        try
        {
            var fd = NativeMethods.open(lockPath, 0 /* O_RDONLY */);
            if (fd < 0)
            {
                return null;
            }

            try
            {
                var buffer = new byte[MaxBytes];
                var read = (int)NativeMethods.read(fd, buffer, buffer.Length);
                return read <= 0 ? null : Encoding.UTF8.GetString(buffer, 0, read).Trim();
            }
            finally
            {
                _ = NativeMethods.close(fd);
            }
        }
        catch (DllNotFoundException)
        {
            return null;
        }
        catch (EntryPointNotFoundException)
        {
            return null;
        }
    }

    private static class NativeMethods
    {
#pragma warning disable SYSLIB1054, CA5392, CA2101 // A plain open/read/close of a small file; no source-generated marshalling needed.
        [DllImport("libc", SetLastError = true)]
        internal static extern int open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

        [DllImport("libc", SetLastError = true)]
        internal static extern nint read(int fd, byte[] buffer, nint count);

        [DllImport("libc")]
        internal static extern int close(int fd);
#pragma warning restore SYSLIB1054, CA5392, CA2101
    }
}
