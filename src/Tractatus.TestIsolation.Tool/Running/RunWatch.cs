using Tractatus.TestIsolation.Tool.Cli;
using Tractatus.TestIsolation.Tool.Targets;

namespace Tractatus.TestIsolation.Tool.Running;

/// <summary>
/// While the command runs: looks at the session's resources on every target every few seconds, so the summary can
/// count what the command's processes created and dropped again themselves, and renews the session's leases.
/// </summary>
internal sealed class RunWatch : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private RunWatch(TargetSet targets, TestSession session, ToolConsole console)
    {
        var interval = TimeSpan.FromTicks(Math.Min(session.Options.Lease.HeartbeatInterval.Ticks, TimeSpan.FromSeconds(2).Ticks));
        _loop = Task.Run(() => LoopAsync(targets, session, console, interval, _stop.Token));
    }

    public static RunWatch Start(TargetSet targets, TestSession session, ToolConsole console) => new(targets, session, console);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private static async Task LoopAsync(TargetSet targets, TestSession session, ToolConsole console, TimeSpan interval, CancellationToken stop)
    {
        var warned = false;
        while (!stop.IsCancellationRequested)
        {
            await Task.Delay(interval, stop).ConfigureAwait(false);
            try
            {
                await targets.ObserveSessionAsync(session.Id, stop).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Observation only feeds the summary's counts; the cleanup at the end does not depend on it.
                if (warned)
                {
                    continue;
                }

                warned = true;
                console.WriteWarning($"could not look at the session's resources while the command runs ({ex.Message}); the summary's 'created' may be low.");
            }
        }
    }
}
