using Tractatus.TestIsolation.Databases;

namespace Tractatus.TestIsolation.Leases;

/// <summary>
/// Calls a renewal callback every <see cref="LeaseOptions.HeartbeatInterval"/> on a background task until
/// disposed. A failing renewal never throws into the test run: the exception is kept in
/// <see cref="LastError"/> and the next beat tries again (a transient network error must not kill a run;
/// a lasting one shows up as an expired lease that other runs may sweep).
/// </summary>
internal sealed class LeaseHeartbeat : IAsyncDisposable, IDisposable
{
    private readonly Func<CancellationToken, Task> _renew;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly PeriodicTimer _timer;
    private Exception? _lastError;
    private int _beats;
    private int _failures;

    /// <summary>Starts beating at <paramref name="interval"/> of the system clock; the first beat is one interval from now.</summary>
    public LeaseHeartbeat(Func<CancellationToken, Task> renew, TimeSpan interval)
        : this(renew, interval, TimeProvider.System)
    {
    }

    /// <summary>Starts beating at <paramref name="interval"/> of <paramref name="timeProvider"/> (a fake clock in tests); the first beat is one interval from now.</summary>
    public LeaseHeartbeat(Func<CancellationToken, Task> renew, TimeSpan interval, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(renew);
        if (interval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(interval), interval, "The heartbeat interval must be positive.");
        }

        _renew = renew;
        Interval = interval;

        // Created here, not in the loop: the first interval starts now, also for a fake clock advanced right after.
        _timer = new PeriodicTimer(interval, timeProvider);
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Starts beating at <paramref name="options"/>' heartbeat interval, on its clock.</summary>
    public LeaseHeartbeat(Func<CancellationToken, Task> renew, LeaseOptions options)
        : this(renew, (options ?? throw new ArgumentNullException(nameof(options))).HeartbeatInterval, options.TimeProvider)
    {
    }

    /// <summary>Time between beats.</summary>
    public TimeSpan Interval { get; }

    /// <summary>Beats that completed without an exception.</summary>
    public int SuccessfulBeats => Volatile.Read(ref _beats);

    /// <summary>Beats whose callback threw.</summary>
    public int FailedBeats => Volatile.Read(ref _failures);

    /// <summary>The most recent exception of a failed beat; null when none failed.</summary>
    public Exception? LastError => Volatile.Read(ref _lastError);

    /// <summary>Stops beating and waits for a beat in progress to finish.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await _stop.CancelAsync().ConfigureAwait(false);
        }

        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }

    /// <summary>Stops beating; waits up to a few seconds for a beat in progress.</summary>
    public void Dispose()
    {
        if (!_stop.IsCancellationRequested)
        {
            _stop.Cancel();
        }

        _loop.Wait(TimeSpan.FromSeconds(5));
        if (_loop.IsCompleted)
        {
            _stop.Dispose();
        }
    }

    private async Task RunAsync()
    {
        using var timer = _timer;
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                try
                {
                    await _renew(_stop.Token).ConfigureAwait(false);
                    Interlocked.Increment(ref _beats);
                }
                catch (OperationCanceledException) when (_stop.IsCancellationRequested)
                {
                    return;
                }
#pragma warning disable CA1031 // A heartbeat must survive any failure of one beat; the error is exposed, not lost.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    Volatile.Write(ref _lastError, ex);
                    Interlocked.Increment(ref _failures);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Disposed.
        }
    }
}
