using Tractatus.TestIsolation.Tool.Cli;
using Tractatus.TestIsolation.Tool.Reporting;
using Tractatus.TestIsolation.Tool.Settings;

namespace Tractatus.TestIsolation.Tool.Targets;

/// <summary>The targets of one command, opened and checked, with the operations every command runs across all of them.</summary>
internal sealed class TargetSet : IAsyncDisposable
{
    private readonly IReadOnlyList<SessionTarget> _targets;

    private TargetSet(IReadOnlyList<SessionTarget> targets) => _targets = targets;

    public IReadOnlyList<SessionTarget> Targets => _targets;

    /// <summary>Opens every target and checks that it can be read; null (after printing why) when one cannot.</summary>
    public static async Task<TargetSet?> OpenAsync(IReadOnlyList<TargetSetting> settings, ToolConsole console)
    {
        var targets = new List<SessionTarget>();
        var failures = new List<TargetFailure>();
        foreach (var setting in settings)
        {
            var (target, failure) = await SessionTarget.OpenAsync(setting, console.Redactor).ConfigureAwait(false);
            if (target is not null)
            {
                targets.Add(target);
            }

            if (failure is not null)
            {
                failures.Add(failure);
            }
        }

        if (failures.Count == 0)
        {
            return new TargetSet(targets);
        }

        foreach (var failure in failures)
        {
            console.WriteError($"{failure.Target} {failure.Location} (from {failure.Source}): {failure.Message}");
        }

        foreach (var target in targets)
        {
            await target.DisposeAsync().ConfigureAwait(false);
        }

        return null;
    }

    /// <summary>Every session-owned resource on every target (only <paramref name="onlySessionId"/>'s when given).</summary>
    public async Task<(IReadOnlyList<ResourceView> Resources, IReadOnlyList<TargetFailure> Failures)> ListAsync(string? onlySessionId, CancellationToken cancellationToken)
    {
        var resources = new List<ResourceView>();
        var failures = new List<TargetFailure>();
        foreach (var target in _targets)
        {
            try
            {
                resources.AddRange(await target.ListAsync(onlySessionId, cancellationToken).ConfigureAwait(false));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                failures.Add(target.Failure(ex));
            }
        }

        return (resources, failures);
    }

    /// <summary>Sweeps every target; per-item results are reported through <paramref name="progress"/> as they happen.</summary>
    public async Task<(IReadOnlyList<SweepItemView> Items, IReadOnlyList<TargetFailure> Failures)> SweepAsync(bool dryRun, Action<SweepItemView>? progress, CancellationToken cancellationToken)
    {
        var items = new List<SweepItemView>();
        var failures = new List<TargetFailure>();
        foreach (var target in _targets)
        {
            try
            {
                items.AddRange(await target.SweepAsync(dryRun, progress, cancellationToken).ConfigureAwait(false));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                failures.Add(target.Failure(ex));
            }
        }

        return (items, failures);
    }

    /// <summary>Records what <paramref name="sessionId"/> has on each target right now (for the run summary's "created").</summary>
    public async Task ObserveSessionAsync(string sessionId, CancellationToken cancellationToken)
    {
        foreach (var target in _targets)
        {
            await target.ObserveSessionAsync(sessionId, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>After the run's command ended: removes whatever <paramref name="sessionId"/> left on each target. Never throws.</summary>
    public async Task<IReadOnlyList<TargetCleanup>> CleanUpSessionAsync(string sessionId)
    {
        var results = new List<TargetCleanup>();
        foreach (var target in _targets)
        {
            results.Add(await target.CleanUpSessionAsync(sessionId).ConfigureAwait(false));
        }

        return results;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var target in _targets)
        {
            await target.DisposeAsync().ConfigureAwait(false);
        }
    }
}
