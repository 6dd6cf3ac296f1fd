using System.Globalization;

namespace Tractatus.TestIsolation.SharedState;

/// <summary>File operations that leave either the old or the new content, never a torn file.</summary>
internal static class AtomicFile
{
    private const string TempMarker = ".tmp-";

    internal static byte[]? ReadAllBytesOrNull(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Temp file in the same directory → flush to disk → one rename over the target.</summary>
    internal static void Replace(string path, ReadOnlySpan<byte> content, bool flushToDisk)
    {
        var temp = string.Create(CultureInfo.InvariantCulture, $"{path}{TempMarker}{Environment.ProcessId}-{Random.Shared.Next():x8}");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.None))
            {
                stream.Write(content);
                stream.Flush(flushToDisk);
            }

            CopyUnixMode(path, temp);
            MoveOver(temp, path);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>Moves <paramref name="path"/> to <c>&lt;path&gt;.corrupt-&lt;yyyyMMddHHmmss&gt;</c> (UTC), adding <c>-2</c>, <c>-3</c>... rather than overwrite an earlier copy.</summary>
    internal static string MoveAside(string path, TimeProvider time)
    {
        var stamp = time.GetUtcNow().UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
        for (var n = 1; ; n++)
        {
            var target = n == 1 ? $"{path}.corrupt-{stamp}" : string.Create(CultureInfo.InvariantCulture, $"{path}.corrupt-{stamp}-{n}");
            if (File.Exists(target))
            {
                continue;
            }

            try
            {
                File.Move(path, target, overwrite: false);
                return target;
            }
            catch (IOException) when (File.Exists(target) && File.Exists(path))
            {
                // Someone took that name between the check and the move; try the next.
            }
        }
    }

    /// <summary>Deletes temp files of writers that died mid-write; call only while holding the lock.</summary>
    internal static int DeleteStaleTempFiles(string path, TimeSpan olderThan)
    {
        var directory = Path.GetDirectoryName(path)!;
        var pattern = Path.GetFileName(path) + TempMarker + "*";
        var deleted = 0;
        var cutoff = DateTime.UtcNow - olderThan;
        foreach (var file in Directory.EnumerateFiles(directory, pattern))
        {
            if (!IsOurTempName(file.AsSpan(path.Length + TempMarker.Length)))
            {
                continue; // a user's file that merely starts the same way
            }

            try
            {
                if (File.GetLastWriteTimeUtc(file) < cutoff)
                {
                    File.Delete(file);
                    deleted++;
                }
            }
            catch (IOException)
            {
                // Gone already or in use; the next cleanup tries again.
            }
            catch (UnauthorizedAccessException)
            {
                // Not ours to delete.
            }
        }

        return deleted;
    }

    // "<pid>-<8 hex digits>", as Replace names them.
    private static bool IsOurTempName(ReadOnlySpan<char> suffix)
    {
        var dash = suffix.IndexOf('-');
        if (dash <= 0 || suffix.Length - dash - 1 != 8)
        {
            return false;
        }

        foreach (var c in suffix[..dash])
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        foreach (var c in suffix[(dash + 1)..])
        {
            if (!char.IsAsciiHexDigitLower(c))
            {
                return false;
            }
        }

        return true;
    }

    private static void MoveOver(string temp, string path)
    {
        // One rename(2) on Unix. On Windows a reader without FileShare.Delete blocks the replace briefly: retry.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                File.Move(temp, path, overwrite: true);
                return;
            }
            catch (Exception ex) when (OperatingSystem.IsWindows() && attempt < 20 && ex is IOException or UnauthorizedAccessException)
            {
                Thread.Sleep(5 * attempt);
            }
        }
    }

    private static void CopyUnixMode(string from, string to)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        try
        {
            File.SetUnixFileMode(to, File.GetUnixFileMode(from));
        }
        catch (FileNotFoundException)
        {
            // New file: keep the default mode.
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
