namespace Tractatus.TestIsolation.Tests;

/// <summary>
/// A fake clock that never waits: every timer fires at once (on the thread pool) and moves the clock forward by its
/// due time, so code that waits "250 ms" or times out after "10 s" finishes in microseconds of real time while
/// seeing the time it expects pass. <see cref="BeforeTimerFires"/> runs first, to act "while the code waits".
/// </summary>
internal sealed class SteppingTimeProvider : TimeProvider
{
    private long _elapsedTicks;

    public DateTimeOffset Start { get; } = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    /// <summary>Called with the due time each time a timer is created, before it fires.</summary>
    public Action<TimeSpan>? BeforeTimerFires { get; set; }

    public TimeSpan Elapsed => TimeSpan.FromTicks(Interlocked.Read(ref _elapsedTicks));

    public override DateTimeOffset GetUtcNow() => Start + Elapsed;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Read(ref _elapsedTicks);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new Timer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    private void Fire(TimeSpan dueTime, TimerCallback callback, object? state)
    {
        BeforeTimerFires?.Invoke(dueTime);
        Interlocked.Add(ref _elapsedTicks, dueTime.Ticks);
        ThreadPool.QueueUserWorkItem(_ => callback(state));
    }

    private sealed class Timer(SteppingTimeProvider clock, TimerCallback callback, object? state) : ITimer
    {
        private int _disposed;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            // One-shot: the code under test only uses delays and timeouts.
            if (Volatile.Read(ref _disposed) == 0 && dueTime != Timeout.InfiniteTimeSpan)
            {
                clock.Fire(dueTime, callback, state);
            }

            return true;
        }

        public void Dispose() => Interlocked.Exchange(ref _disposed, 1);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
