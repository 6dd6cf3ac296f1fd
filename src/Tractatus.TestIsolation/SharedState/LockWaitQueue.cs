using System.Globalization;
using System.Text;

namespace Tractatus.TestIsolation.SharedState;

/// <summary>
/// First-come-first-served order among processes waiting for one lock file.
/// </summary>
/// <remarks>
/// Why: .NET's <c>FileShare.None</c> is a non-blocking <c>flock</c>, so waiters must poll, and a process that
/// releases and at once re-locks wins almost every time against waiters asleep between polls (measured:
/// one process kept the lock for 2.5 s). Here a waiter that finds the lock busy (or others already waiting)
/// creates an entry file <c>&lt;ticks&gt;-&lt;pid&gt;-&lt;random&gt;.waiter</c> in <c>&lt;file&gt;.lock.queue/</c> and only
/// tries the lock when no live entry sorts before its own. A process that just released goes to the back.
/// Each waiter holds its own entry open with <c>FileShare.None</c>: if it dies, the OS drops that lock and
/// the next waiter that probes the entry deletes it, so a killed waiter never blocks the queue.
/// </remarks>
internal sealed class LockWaitQueue
{
    // Entry names and ages use the wall clock, not SharedStateFileOptions.TimeProvider: they order waiters of
    // different processes, which share only the machine's clock.

    /// <summary>Entries younger than this are assumed live without probing (creating and locking a file is two steps).</summary>
    private static readonly TimeSpan ProbeAfter = TimeSpan.FromMilliseconds(500);

    private readonly string _directory;

    internal LockWaitQueue(string lockPath) => _directory = lockPath + ".queue";

    internal string DirectoryPath => _directory;

    /// <summary>True when some process is (or was, until cleaned up) waiting; newcomers then queue instead of barging.</summary>
    internal bool HasWaiters()
    {
        if (!Directory.Exists(_directory))
        {
            return false;
        }

        try
        {
            using var entries = Directory.EnumerateFiles(_directory, "*.waiter").GetEnumerator();
            return entries.MoveNext();
        }
        catch (DirectoryNotFoundException)
        {
            return false;
        }
    }

    internal Entry Enqueue(string holderDescription)
    {
        if (new DirectoryInfo(_directory).LinkTarget is { } target)
        {
            // Waiters create and delete files in this folder: never in a folder a link points to.
            throw new IOException($"The lock queue folder '{_directory}' is a symbolic link to '{target}'. SharedStateFile never creates or deletes queue entries through a link. Delete the link (not its target); the next update creates a plain folder.");
        }

        Directory.CreateDirectory(_directory);
        while (true)
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"{DateTime.UtcNow.Ticks:D19}-{Environment.ProcessId:D10}-{Random.Shared.Next():x8}.waiter");
            var path = Path.Combine(_directory, name);
            try
            {
                var stream = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
                stream.Write(Encoding.UTF8.GetBytes(holderDescription + "\n"));
                return new Entry(name, stream);
            }
            catch (IOException) when (File.Exists(path))
            {
                // Same tick, pid and random value: draw again.
            }
        }
    }

    /// <summary>Number of live waiters ahead of <paramref name="mine"/>, stopping at the first when <paramref name="stopAtFirst"/>; dead entries are removed.</summary>
    internal int LiveAhead(Entry mine, bool stopAtFirst)
    {
        string[] ahead;
        try
        {
            ahead = Directory.GetFiles(_directory, "*.waiter")
                .Select(Path.GetFileName)
                .Where(name => string.CompareOrdinal(name, mine.Name) < 0)
                .Order(StringComparer.Ordinal)
                .ToArray()!;
        }
        catch (DirectoryNotFoundException)
        {
            return 0;
        }

        var live = 0;
        foreach (var name in ahead)
        {
            if (IsLive(name))
            {
                live++;
                if (stopAtFirst)
                {
                    break;
                }
            }
        }

        return live;
    }

    private bool IsLive(string name)
    {
        if (long.TryParse(name.AsSpan(0, 19), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks))
        {
            var age = DateTime.UtcNow.Ticks - ticks;
            if (age >= 0 && age < ProbeAfter.Ticks)
            {
                return true;
            }
        }

        try
        {
            // Opening succeeds only if nobody holds the entry, i.e. its waiter is gone; DeleteOnClose removes it.
            using var probe = new FileStream(Path.Combine(_directory, name), FileMode.Open, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            return false;
        }
        catch (FileNotFoundException)
        {
            return false;
        }
        catch (IOException)
        {
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            return true;
        }
    }

    /// <summary>This process's place in the queue; disposing leaves the queue (the file is deleted on close).</summary>
    internal sealed class Entry(string name, FileStream stream) : IDisposable
    {
        internal string Name { get; } = name;

        public void Dispose() => stream.Dispose();
    }
}
