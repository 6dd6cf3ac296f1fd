namespace Tractatus.TestIsolation.Leases;

/// <summary>
/// An exclusive OS lock on a small sidecar file, held by the process that owns a resource for as long as it lives.
/// The OS drops it when the process dies, even on <c>kill -9</c>, and keeps it while the process is paused, so a
/// free lock proves no live process owns the resource; unlike a process id, a lock is never "reused".
/// </summary>
/// <remarks>
/// .NET takes it with <c>FileShare.None</c> (flock(LOCK_EX) on Unix, a share-mode lock on Windows); flock conflicts
/// between separate opens even inside one process, so a sweep in the owning process also sees it held.
/// A symbolic link at the path is refused: the lock file is created by this library and never follows a link.
/// </remarks>
internal sealed class OwnerFileLock : IDisposable
{
    private readonly FileStream _stream;

    private OwnerFileLock(string path, FileStream stream)
    {
        Path = path;
        _stream = stream;
    }

    /// <summary>The lock file.</summary>
    public string Path { get; }

    /// <summary>Takes the lock, creating the file when missing; null when another open (any process) holds it.</summary>
    /// <exception cref="IOException">The path is a symbolic link or a directory (the message says so).</exception>
    public static OwnerFileLock? TryAcquire(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        RefuseLinkOrDirectory(path);
        try
        {
            var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 1, FileOptions.None);
            return new OwnerFileLock(path, stream);
        }
        catch (IOException) when (File.Exists(path))
        {
            return null; // sharing violation / EWOULDBLOCK: somebody holds it
        }
        catch (UnauthorizedAccessException) when (File.Exists(path))
        {
            return null;
        }
    }

    /// <summary>True when some process (this one included) holds the lock at <paramref name="path"/>; false when free or missing.</summary>
    public static bool IsHeld(string path)
    {
        if (!File.Exists(path))
        {
            return false;
        }

        using var probe = TryAcquire(path);
        return probe is null;
    }

    /// <summary>Releases the lock and removes the file.</summary>
    public void ReleaseAndDelete()
    {
        // Windows cannot delete a file open without FileShare.Delete, so release first.
        _stream.Dispose();
        TryDelete(Path);
    }

    /// <summary>Releases the lock; the file stays.</summary>
    public void Dispose() => _stream.Dispose();

    /// <summary>Deletes a file, ignoring one that is gone or cannot be deleted (a later sweep retries).</summary>
    public static void TryDelete(string path)
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

    private static void RefuseLinkOrDirectory(string path)
    {
        FileSystemInfo info = new FileInfo(path);
        if (info.LinkTarget is not null)
        {
            throw new IOException($"The lock file '{path}' is a symbolic link (to '{info.LinkTarget}'); a lock file is never followed through a link. Remove the link.");
        }

        if (Directory.Exists(path))
        {
            throw new IOException($"The lock file '{path}' is a directory, not a file. Remove that directory.");
        }
    }
}
