namespace Tractatus.TestIsolation.SharedState;

/// <summary>Sleeps on a <see cref="TimeProvider"/>'s timers, blocking the thread or not, so a fake clock decides when a wait ends.</summary>
internal static class TimeDelay
{
    internal static async ValueTask WaitAsync(TimeSpan delay, TimeProvider time, bool synchronous, CancellationToken cancellationToken)
    {
        if (!synchronous)
        {
            await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (ReferenceEquals(time, TimeProvider.System))
        {
            // Cheaper than a timer for the ~1 ms sleeps of a lock wait.
            if (cancellationToken.CanBeCanceled)
            {
                cancellationToken.WaitHandle.WaitOne(delay);
            }
            else
            {
                Thread.Sleep(delay);
            }

            return;
        }

        // A task, not an event: the timer may still fire after the wait gave up, and must not touch a disposed object.
        var elapsed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (time.CreateTimer(static state => ((TaskCompletionSource)state!).TrySetResult(), elapsed, delay, Timeout.InfiniteTimeSpan))
        {
            elapsed.Task.Wait(cancellationToken);
        }
    }
}
