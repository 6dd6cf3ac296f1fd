using System.Globalization;
using System.Text;

namespace Tractatus.TestIsolation.SharedState;

/// <summary>
/// Who holds a lock, written into the lock file while it is held so a waiter that times out (or a person
/// running <c>cat file.lock</c>) can name the holder. Only a lock file that is empty or holds such a line is ever
/// rewritten: anything else is not a file this library created, so it is left as it is and the update refused.
/// </summary>
internal static class LockHolder
{
    private const int MaxBytes = 1024;
    private const string Prefix = "pid ";
    private const string HostMarker = " on host ";

    internal static string Describe(string? sessionId, TimeProvider time) => string.Create(
        CultureInfo.InvariantCulture,
        $"{Prefix}{Environment.ProcessId}{HostMarker}{Environment.MachineName}, session {sessionId ?? "(none)"}, since {time.GetUtcNow():yyyy-MM-ddTHH:mm:ss.fffZ}");

    /// <exception cref="IOException">The lock file holds something other than a holder line.</exception>
    internal static void Write(FileStream lockStream, string lockPath, string statePath, string description)
    {
        var existing = new byte[MaxBytes + 1];
        lockStream.Position = 0;
        var length = lockStream.ReadAtLeast(existing, existing.Length, throwOnEndOfStream: false);
        if (length > 0 && !IsHolderText(existing.AsSpan(0, length)))
        {
            throw new IOException($"The lock file '{lockPath}' of shared state file '{statePath}' holds content SharedStateFile never writes, so it is not a lock file this library created (it may be a hard link to another file). It was left untouched and the update refused. Move that file away; the next update creates a fresh lock file.");
        }

        var bytes = Encoding.UTF8.GetBytes(description + "\n");
        lockStream.SetLength(0);
        lockStream.Position = 0;
        lockStream.Write(bytes);
        lockStream.Flush();
    }

    /// <summary>
    /// Reads the holder text without taking any lock; null when it cannot be read or is not a holder line. .NET's
    /// own file APIs cannot: on Unix every open takes a <c>flock</c> (shared for reads), which fails while the holder
    /// has it exclusively; on Windows the holder's share mode forbids opening at all. So on Unix this reads through
    /// libc (never through a link); elsewhere it returns null.
    /// </summary>
    internal static string? TryRead(string lockPath)
    {
        if (OperatingSystem.IsWindows())
        {
            return null;
        }

        try
        {
            var fd = UnixFileCalls.Open(lockPath, UnixFileCalls.ReadOnly | UnixFileCalls.NoFollow | UnixFileCalls.CloseOnExec);
            if (fd < 0)
            {
                return null;
            }

            try
            {
                var buffer = new byte[MaxBytes];
                var read = (int)UnixFileCalls.Read(fd, buffer, buffer.Length);
                return read <= 0 || !IsHolderText(buffer.AsSpan(0, read)) ? null : Encoding.UTF8.GetString(buffer, 0, read).Trim();
            }
            finally
            {
                _ = UnixFileCalls.Close(fd);
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

    // One line "pid <digits> on host ...", as Describe writes it.
    private static bool IsHolderText(ReadOnlySpan<byte> content)
    {
        if (content.Length > MaxBytes)
        {
            return false;
        }

        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(content).TrimEnd('\n');
        }
        catch (DecoderFallbackException)
        {
            return false;
        }

        if (!text.StartsWith(Prefix, StringComparison.Ordinal) || text.Contains('\n', StringComparison.Ordinal))
        {
            return false;
        }

        var host = text.IndexOf(HostMarker, StringComparison.Ordinal);
        return host > Prefix.Length && text.AsSpan(Prefix.Length, host - Prefix.Length).IndexOfAnyExceptInRange('0', '9') < 0;
    }
}
