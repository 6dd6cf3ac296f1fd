namespace Tractatus.TestIsolation.Sqlite;

/// <summary>
/// An exclusive OS lock on a sidecar file, held by the process that owns a session database.
/// The OS drops the lock when the process dies, even on <c>kill -9</c>, so a free lock means no live
/// process owns the database; unlike a process id, a lock cannot be "reused" by an unrelated process.
/// </summary>
/// <remarks>
/// .NET takes the lock with <c>FileShare.None</c> (flock(LOCK_EX) on Unix, a share-mode lock on Windows).
/// flock conflicts between separate opens even inside one process, so a sweep in the owning process
/// also sees the lock as held.
/// </remarks>
internal sealed class SqliteFileLock : IDisposable
{
    private readonly FileStream _stream;

    private SqliteFileLock(string path, FileStream stream)
    {
        Path = path;
        _stream = stream;
    }

    internal string Path { get; }

    /// <summary>Takes the lock, creating the file when missing; null when another open (any process) holds it.</summary>
    internal static SqliteFileLock? TryAcquire(string path)
    {
        try
        {
            var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 1, FileOptions.None);
            return new SqliteFileLock(path, stream);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Sharing violation / EWOULDBLOCK: somebody holds it.
            return null;
        }
        catch (UnauthorizedAccessException) when (File.Exists(path))
        {
            return null;
        }
    }

    /// <summary>Releases the lock and removes the file; a file another opener recreated is left to that opener.</summary>
    internal void ReleaseAndDelete()
    {
        // Windows cannot delete a file open without FileShare.Delete, so release first; on Unix the
        // order does not matter, and a sweeper that races in after the release finds no lease and leaves.
        _stream.Dispose();
        TryDelete(Path);
    }

    /// <inheritdoc />
    public void Dispose() => _stream.Dispose();

    internal static void TryDelete(string path)
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
