namespace Tractatus.TestIsolation;

/// <summary>The lock of a shared state file was not obtained in time. The message names the file and, when known, the holder.</summary>
public sealed class SharedStateFileLockTimeoutException : TimeoutException
{
    /// <summary>Creates the exception.</summary>
    internal SharedStateFileLockTimeoutException(string filePath, string lockPath, TimeSpan timeout, string? holder, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        FilePath = filePath;
        LockPath = lockPath;
        Timeout = timeout;
        Holder = holder;
    }

    /// <summary>The state file.</summary>
    public string FilePath { get; }

    /// <summary>Its sidecar lock file.</summary>
    public string LockPath { get; }

    /// <summary>How long the caller waited.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>Who held the lock (pid, host, session, since), when it could be read.</summary>
    public string? Holder { get; }
}

/// <summary>
/// A shared state file is not valid JSON. <see cref="SharedStateFile"/> never overwrites it: an update moves it
/// to <see cref="CorruptCopyPath"/> first, so nothing is lost and the next update starts from the seed.
/// </summary>
public sealed class SharedStateFileCorruptException : IOException
{
    /// <summary>Creates the exception.</summary>
    internal SharedStateFileCorruptException(string filePath, string? corruptCopyPath, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        FilePath = filePath;
        CorruptCopyPath = corruptCopyPath;
    }

    /// <summary>The state file.</summary>
    public string FilePath { get; }

    /// <summary>Where the corrupt content was moved (<c>&lt;file&gt;.corrupt-&lt;yyyyMMddHHmmss&gt;</c>); null when it was only read, not moved.</summary>
    public string? CorruptCopyPath { get; }
}

/// <summary>
/// Cross-process file locking does not work in this process (e.g. <c>DOTNET_SYSTEM_IO_DISABLEFILELOCKING=1</c>,
/// or a file system without <c>flock</c>), so a locked update would silently lose concurrent writes.
/// </summary>
public sealed class SharedStateFileLockingUnavailableException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    internal SharedStateFileLockingUnavailableException(string lockPath, string message)
        : base(message)
    {
        LockPath = lockPath;
    }

    /// <summary>The lock file whose lock had no effect.</summary>
    public string LockPath { get; }
}
