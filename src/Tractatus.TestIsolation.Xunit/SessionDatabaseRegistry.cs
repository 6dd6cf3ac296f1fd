using Tractatus.TestIsolation.Databases;
using Tractatus.TestIsolation.Leases;

namespace Tractatus.TestIsolation.Xunit;

/// <summary>
/// Every session database the fixtures of this process created, so the end of the run (and process exit,
/// and Ctrl+C) can drop whatever a fixture did not, and print what happened. Also remembers which
/// provider targets were already swept, so each server or folder is swept once per run.
/// </summary>
/// <remarks>Thread-safe: fixtures of parallel test collections register concurrently.</remarks>
public sealed class SessionDatabaseRegistry
{
    private readonly object _gate = new();
    private readonly List<RegisteredDatabase> _databases = [];
    private readonly HashSet<string> _sweptTargets = new(StringComparer.Ordinal);
    private readonly List<string> _sweptNames = [];
    private readonly List<string> _warnings = [];

    /// <summary>The registry of this process, used by <see cref="SessionIsolatedFixture"/> and the test framework hook.</summary>
    public static SessionDatabaseRegistry Shared { get; } = new();

    /// <summary>Every database registered so far, dropped or not, in creation order.</summary>
    public IReadOnlyList<RegisteredDatabase> Databases
    {
        get
        {
            lock (_gate)
            {
                return _databases.ToArray();
            }
        }
    }

    /// <summary>Databases created through fixtures in this process.</summary>
    public int CreatedCount => Databases.Count;

    /// <summary>Databases dropped again.</summary>
    public int DroppedCount => Databases.Count(d => d.IsDropped);

    /// <summary>Databases still there (a fixture was not disposed, or its drop failed).</summary>
    public int LeftCount => Databases.Count(d => !d.IsDropped);

    /// <summary>Orphans of crashed sessions that sweeps removed during this run.</summary>
    public IReadOnlyList<string> Swept
    {
        get
        {
            lock (_gate)
            {
                return _sweptNames.ToArray();
            }
        }
    }

    /// <summary>Problems that did not fail a test (a sweep or heartbeat that failed), for the run summary.</summary>
    public IReadOnlyList<string> Warnings
    {
        get
        {
            lock (_gate)
            {
                return _warnings.ToArray();
            }
        }
    }

    /// <summary>Records <paramref name="database"/> and starts renewing its lease every <paramref name="lease"/> heartbeat interval.</summary>
    internal RegisteredDatabase Register(IIsolatedDatabaseProvider provider, TestSession session, IsolatedDatabase database, LeaseOptions lease)
    {
        var heartbeat = new LeaseHeartbeat(ct => provider.HeartbeatAsync(session, ct), lease);
        var registered = new RegisteredDatabase(provider, session, database, heartbeat);
        lock (_gate)
        {
            _databases.Add(registered);
        }

        return registered;
    }

    /// <summary>True for the first caller per <paramref name="target"/> (provider and server or folder), so each target is swept once per run.</summary>
    internal bool TryClaimSweep(string target)
    {
        lock (_gate)
        {
            return _sweptTargets.Add(target);
        }
    }

    internal void RecordSweep(SweepReport report)
    {
        lock (_gate)
        {
            _sweptNames.AddRange(report.Dropped);
        }
    }

    internal void AddWarning(string warning)
    {
        lock (_gate)
        {
            _warnings.Add(warning);
        }
    }

    /// <summary>Stops the heartbeat and drops the database; true when it is gone. Exceptions of the provider propagate.</summary>
    internal async Task<bool> DropAsync(RegisteredDatabase registered, CancellationToken cancellationToken = default)
    {
        if (registered.IsDropped)
        {
            return true;
        }

        var heartbeatProblem = await registered.StopHeartbeatAsync().ConfigureAwait(false);
        if (heartbeatProblem is not null)
        {
            AddWarning(heartbeatProblem);
        }

        var dropped = await registered.Provider.DropDatabaseAsync(registered.Session, registered.Database.Name, cancellationToken).ConfigureAwait(false);
        if (dropped)
        {
            registered.MarkDropped();
        }

        return dropped;
    }

    /// <summary>
    /// Drops every database still registered, then disposes providers the fixtures handed over. Never throws:
    /// a database that cannot be dropped is counted as left (a later run's sweep removes it after its lease expires).
    /// </summary>
    internal async Task<RunSummary> TeardownAsync(TestSession session, CancellationToken cancellationToken = default)
    {
        foreach (var registered in Databases.Where(d => !d.IsDropped))
        {
            // The fixture did not (or could not) clean up, so it will not dispose the provider either.
            registered.ProviderOwnedByRegistry = true;
            try
            {
                if (!await DropAsync(registered, cancellationToken).ConfigureAwait(false))
                {
                    AddWarning($"{registered.Database.Provider} refused to drop {registered.Database.DisplayName}: its lease is not this session's.");
                }
            }
#pragma warning disable CA1031 // Teardown at run end must try every database; one failure is reported, not thrown.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                AddWarning($"Could not drop {registered.Database.DisplayName}: {ex.GetType().Name}: {ex.Message}");
            }
        }

        foreach (var provider in Databases.Where(d => d.ProviderOwnedByRegistry).Select(d => d.Provider).Distinct())
        {
            try
            {
                await provider.DisposeAsync().ConfigureAwait(false);
            }
#pragma warning disable CA1031 // Disposing at run end is best effort.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                AddWarning($"Could not dispose the {provider.Name} provider: {ex.Message}");
            }
        }

        var all = Databases;
        return new RunSummary(
            session.Id,
            all.Count,
            all.Count(d => d.IsDropped),
            all.Where(d => !d.IsDropped).Select(d => d.Database.DisplayName).ToArray(),
            Swept.Count,
            Warnings);
    }
}
