using System.Collections.Concurrent;
using System.Globalization;

namespace Tractatus.TestIsolation.SharedState;

/// <summary>
/// The lock behind <see cref="SharedStateFile"/>: an in-process <see cref="SemaphoreSlim"/> per full path (so
/// threads of one process queue cheaply), then an OS lock on the sidecar <c>&lt;file&gt;.lock</c>, opened without following links
/// (<see cref="LockFile"/>; a <c>flock</c> on Unix, <c>FileShare.None</c> on Windows, released by the OS if the holder dies), taken in
/// first-come order through <see cref="LockWaitQueue"/>. The lock file is never deleted: deleting it would
/// let two waiters lock two different files of the same name.
/// </summary>
internal static class SharedFileLock
{
    internal const string DisableLockingVariable = "DOTNET_SYSTEM_IO_DISABLEFILELOCKING";
    private const string DisableLockingSwitch = "System.IO.DisableFileLocking";
    private static readonly TimeSpan MaxPollDelay = TimeSpan.FromMilliseconds(50);

    private static readonly ConcurrentDictionary<string, PathGate> Gates = new(PathComparer);
    private static readonly ConcurrentDictionary<string, bool> VerifiedDirectories = new(PathComparer);
    private static readonly AsyncLocal<HeldPath?> Held = new();

    internal static StringComparer PathComparer => OperatingSystem.IsWindows() || OperatingSystem.IsMacOS()
        ? StringComparer.OrdinalIgnoreCase
        : StringComparer.Ordinal;

    /// <summary>Measurements only: false polls the lock without the arrival-order queue, to compare fairness.</summary>
    internal static bool UseWaitQueue { get; set; } = true;

    /// <summary>Tests only: skip the environment check so the run-time probe can be exercised.</summary>
    internal static bool IgnoreDisableLockingSetting { get; set; }

    /// <summary>Takes the lock of <paramref name="fullPath"/>, the state file's real path (<see cref="StateFilePath.Resolve"/>), so every path to one file takes one lock.</summary>
    internal static async ValueTask<Handle> AcquireAsync(string fullPath, SharedStateFileOptions options, bool synchronous, CancellationToken cancellationToken)
    {
        var lockPath = fullPath + ".lock";
        ThrowIfLockingSwitchedOff(fullPath, lockPath);
        ThrowIfHeldByThisFlow(fullPath);
        if (options.Timeout < TimeSpan.Zero && options.Timeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Timeout, "SharedStateFileOptions.Timeout must be zero or positive, or Timeout.InfiniteTimeSpan.");
        }

        var time = options.TimeProvider;
        var started = time.GetTimestamp();
        var gate = Gates.GetOrAdd(fullPath, static _ => new PathGate());
        if (!await EnterGateAsync(gate, options.Timeout, time, synchronous, cancellationToken).ConfigureAwait(false))
        {
            var holder = gate.Holder is { } h ? "another thread of this process: " + h : null;
            throw TimeoutError(fullPath, lockPath, options.Timeout, holder, waitingAhead: null, lastError: null);
        }

        try
        {
            var directory = Path.GetDirectoryName(fullPath)!;
            Directory.CreateDirectory(directory);
            var description = LockHolder.Describe(options.HolderSessionId ?? TestSession.CurrentIfStarted?.Id, time);
            var wait = new Wait(fullPath, lockPath, options.Timeout, started, time, synchronous, cancellationToken);
            var stream = await LockFileAsync(wait, description).ConfigureAwait(false);
            try
            {
                LockHolder.Write(stream, lockPath, fullPath, description);
                VerifyLockingWorks(directory, fullPath, lockPath);
            }
            catch
            {
                await stream.DisposeAsync().ConfigureAwait(false);
                throw;
            }

            gate.Holder = description;
            return new Handle(gate, stream);
        }
        catch
        {
            gate.Semaphore.Release();
            throw;
        }
    }

    /// <summary>Waits for the in-process gate; the timeout runs on <paramref name="time"/>, so a fake clock can expire it.</summary>
    private static async ValueTask<bool> EnterGateAsync(PathGate gate, TimeSpan timeout, TimeProvider time, bool synchronous, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (gate.Semaphore.Wait(0, CancellationToken.None))
        {
            return true;
        }

        using var expired = timeout == Timeout.InfiniteTimeSpan ? new CancellationTokenSource() : new CancellationTokenSource(timeout, time);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(expired.Token, cancellationToken);
        try
        {
            if (synchronous)
            {
                gate.Semaphore.Wait(Timeout.Infinite, either.Token);
            }
            else
            {
                await gate.Semaphore.WaitAsync(Timeout.Infinite, either.Token).ConfigureAwait(false);
            }

            return true;
        }
        catch (OperationCanceledException) when (expired.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>Marks <paramref name="fullPath"/> as held by the current flow while a transform runs, to turn a nested update into an error instead of a deadlock.</summary>
    internal static IDisposable EnterTransform(string fullPath)
    {
        var previous = Held.Value;
        Held.Value = new HeldPath(fullPath, previous);
        return new TransformScope(previous);
    }

    private static async ValueTask<FileStream> LockFileAsync(Wait wait, string description)
    {
        var queue = new LockWaitQueue(wait.LockPath);
        IOException? lastError = null;

        // Fast path: nobody queued, so taking the lock now is not unfair to anyone.
        if ((!UseWaitQueue || !queue.HasWaiters()) && LockFile.TryOpen(wait.LockPath, wait.FullPath, ref lastError) is { } quick)
        {
            return quick;
        }

        if (!UseWaitQueue)
        {
            return await PollWithoutQueueAsync(wait).ConfigureAwait(false);
        }

        using var entry = queue.Enqueue(description);
        var lastAhead = -1;
        var progressAt = wait.Time.GetTimestamp();
        while (true)
        {
            wait.Cancellation.ThrowIfCancellationRequested();
            var ahead = queue.LiveAhead(entry, stopAtFirst: false);
            if (ahead == 0 && LockFile.TryOpen(wait.LockPath, wait.FullPath, ref lastError) is { } locked)
            {
                return locked;
            }

            if (ahead != lastAhead)
            {
                // The queue moved: the lock is changing hands, so look again soon.
                lastAhead = ahead;
                progressAt = wait.Time.GetTimestamp();
            }

            var remaining = wait.Remaining();
            if (remaining <= TimeSpan.Zero)
            {
                throw TimeoutError(wait.FullPath, wait.LockPath, wait.Timeout, LockHolder.TryRead(wait.LockPath), ahead, lastError);
            }

            // The head and the next in line poll every ~1 ms while the queue moves; those further back more slowly
            // (they cannot be next before the ones ahead had their turn), which leaves the CPU to the holder. When the
            // queue has not moved for a while (a long hold), back off to an eighth of that time, at most 50 ms, so the
            // hand-over delay stays a small fraction of the wait. Jitter keeps waiters from polling in lock-step.
            var stalledMs = wait.Time.GetElapsedTime(progressAt).TotalMilliseconds;
            var baseMs = Math.Clamp(Math.Max(stalledMs / 8, ahead - 1), 1, MaxPollDelay.TotalMilliseconds);
            await wait.DelayAsync(baseMs, remaining).ConfigureAwait(false);
        }
    }

    private static async ValueTask<FileStream> PollWithoutQueueAsync(Wait wait)
    {
        IOException? lastError = null;
        while (true)
        {
            if (LockFile.TryOpen(wait.LockPath, wait.FullPath, ref lastError) is { } locked)
            {
                return locked;
            }

            var remaining = wait.Remaining();
            if (remaining <= TimeSpan.Zero)
            {
                throw TimeoutError(wait.FullPath, wait.LockPath, wait.Timeout, LockHolder.TryRead(wait.LockPath), null, lastError);
            }

            var elapsedMs = wait.Time.GetElapsedTime(wait.Started).TotalMilliseconds;
            await wait.DelayAsync(Math.Clamp(elapsedMs / 8, 1, MaxPollDelay.TotalMilliseconds), remaining).ConfigureAwait(false);
        }
    }

    private static void ThrowIfLockingSwitchedOff(string fullPath, string lockPath)
    {
        if (IgnoreDisableLockingSetting)
        {
            return;
        }

        var variable = Environment.GetEnvironmentVariable(DisableLockingVariable);
        var byVariable = variable is not null && (variable == "1" || variable.Equals("true", StringComparison.OrdinalIgnoreCase));
        var bySwitch = AppContext.TryGetSwitch(DisableLockingSwitch, out var switchedOff) && switchedOff;
        if (byVariable || bySwitch)
        {
            var setting = byVariable ? $"{DisableLockingVariable}={variable}" : $"the runtime option {DisableLockingSwitch}=true";
            throw new SharedStateFileLockingUnavailableException(
                lockPath,
                $"File locking is switched off in this process ({setting}), so SharedStateFile cannot keep other processes out of '{fullPath}' and concurrent updates would be lost without any error. Unset {DisableLockingVariable} (and {DisableLockingSwitch} in runtimeconfig.json) for processes that update shared state.");
        }
    }

    /// <summary>
    /// The lock may have no effect even without the switch (a file system without <c>flock</c>). While holding it,
    /// a second exclusive open from this same process must fail; if it succeeds, nothing is protected.
    /// Checked once per directory per process.
    /// </summary>
    private static void VerifyLockingWorks(string directory, string fullPath, string lockPath)
    {
        if (VerifiedDirectories.ContainsKey(directory))
        {
            return;
        }

        try
        {
            using var second = new FileStream(lockPath, FileMode.Open, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
        }
        catch (IOException)
        {
            VerifiedDirectories.TryAdd(directory, true);
            return;
        }

        throw new SharedStateFileLockingUnavailableException(
            lockPath,
            $"The OS lock on '{lockPath}' has no effect: this process opened it exclusively a second time while holding it, so other processes could update '{fullPath}' at the same time and lose each other's changes. File locking is off ({DisableLockingVariable} or {DisableLockingSwitch}) or the file system does not support it (some network and FUSE mounts). Keep shared state on a local disk and unset {DisableLockingVariable}.");
    }

    private static void ThrowIfHeldByThisFlow(string fullPath)
    {
        for (var held = Held.Value; held is not null; held = held.Previous)
        {
            if (PathComparer.Equals(held.Path, fullPath))
            {
                throw new InvalidOperationException($"SharedStateFile was asked to update '{fullPath}' from inside the transform of an update of the same file; that would wait for itself forever. Do all changes to one file in a single transform.");
            }
        }
    }

    private static SharedStateFileLockTimeoutException TimeoutError(string fullPath, string lockPath, TimeSpan timeout, string? holder, int? waitingAhead, IOException? lastError)
    {
        var seconds = timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        var heldBy = holder is null ? "the holder could not be read" : "held by " + holder;
        var queue = waitingAhead is > 0 ? string.Create(CultureInfo.InvariantCulture, $", {waitingAhead} other waiter(s) ahead") : string.Empty;
        return new SharedStateFileLockTimeoutException(
            fullPath,
            lockPath,
            timeout,
            holder,
            $"Timed out after {seconds} s waiting for the lock on shared state file '{fullPath}' (lock file '{lockPath}': {heldBy}{queue}). If that process is stuck, stop it (the OS releases its lock); otherwise raise SharedStateFileOptions.Timeout.",
            lastError);
    }

    /// <summary>One wait for the OS lock: what is waited for, until when (on the options' clock), and how to sleep.</summary>
    private sealed record Wait(string FullPath, string LockPath, TimeSpan Timeout, long Started, TimeProvider Time, bool Synchronous, CancellationToken Cancellation)
    {
        internal TimeSpan Remaining() => Timeout == System.Threading.Timeout.InfiniteTimeSpan ? TimeSpan.MaxValue : Timeout - Time.GetElapsedTime(Started);

        /// <summary>Sleeps about <paramref name="baseMs"/> (±25 % jitter), never past the deadline.</summary>
        internal ValueTask DelayAsync(double baseMs, TimeSpan remaining)
        {
            var delayMs = baseMs * (0.75 + (Random.Shared.NextDouble() * 0.5));
            var delay = TimeSpan.FromMilliseconds(Math.Max(1, Math.Min(delayMs, remaining.TotalMilliseconds)));
            return TimeDelay.WaitAsync(delay, Time, Synchronous, Cancellation);
        }
    }

    /// <summary>Per-path state inside this process.</summary>
    internal sealed class PathGate
    {
        internal SemaphoreSlim Semaphore { get; } = new(1, 1);

        internal volatile string? Holder;

        internal long LastCleanupTimestamp;
    }

    /// <summary>A held lock; disposing releases the OS lock, then the in-process gate.</summary>
    internal sealed class Handle(PathGate gate, FileStream stream) : IDisposable
    {
        private int _disposed;

        internal PathGate Gate => gate;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0)
            {
                return;
            }

            gate.Holder = null;
            try
            {
                stream.Dispose();
            }
            finally
            {
                gate.Semaphore.Release();
            }
        }
    }

    private sealed record HeldPath(string Path, HeldPath? Previous);

    private sealed class TransformScope(HeldPath? previous) : IDisposable
    {
        public void Dispose() => Held.Value = previous;
    }
}
