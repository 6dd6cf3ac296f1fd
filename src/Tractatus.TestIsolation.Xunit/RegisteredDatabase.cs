using Tractatus.TestIsolation.Databases;
using Tractatus.TestIsolation.Leases;

namespace Tractatus.TestIsolation.Xunit;

/// <summary>
/// A session database a fixture created, as recorded in <see cref="SessionDatabaseRegistry"/>: what it is,
/// who owns it, and whether it was dropped yet. The registry keeps it heartbeating until it is dropped.
/// </summary>
public sealed class RegisteredDatabase
{
    private readonly object _gate = new();
    private LeaseHeartbeat? _heartbeat;
    private bool _dropped;

    internal RegisteredDatabase(IIsolatedDatabaseProvider provider, TestSession session, IsolatedDatabase database, LeaseHeartbeat heartbeat)
    {
        Provider = provider;
        Session = session;
        Database = database;
        _heartbeat = heartbeat;
    }

    /// <summary>The provider that created the database and will drop it.</summary>
    public IIsolatedDatabaseProvider Provider { get; }

    /// <summary>The owning session.</summary>
    public TestSession Session { get; }

    /// <summary>The database.</summary>
    public IsolatedDatabase Database { get; }

    /// <summary>True once the database was dropped.</summary>
    public bool IsDropped
    {
        get
        {
            lock (_gate)
            {
                return _dropped;
            }
        }
    }

    /// <summary>
    /// True when the fixture will not dispose the provider (its drop did not succeed, or it was never disposed): the registry then
    /// retries the drop at the end of the run and disposes the provider afterwards.
    /// </summary>
    internal bool ProviderOwnedByRegistry { get; set; }

    /// <inheritdoc />
    public override string ToString() => $"{Database.Provider} database {Database.DisplayName} of session {Session.Id}{(IsDropped ? " (dropped)" : string.Empty)}";

    internal void MarkDropped()
    {
        lock (_gate)
        {
            _dropped = true;
        }
    }

    /// <summary>Stops renewing the lease; returns the last heartbeat error when any beat failed, for the run summary.</summary>
    internal async ValueTask<string?> StopHeartbeatAsync()
    {
        LeaseHeartbeat? heartbeat;
        lock (_gate)
        {
            heartbeat = _heartbeat;
            _heartbeat = null;
        }

        if (heartbeat is null)
        {
            return null;
        }

        await heartbeat.DisposeAsync().ConfigureAwait(false);
        return heartbeat.FailedBeats == 0
            ? null
            : $"{heartbeat.FailedBeats} lease heartbeat(s) of {Database.DisplayName} failed, last: {heartbeat.LastError?.GetType().Name}: {heartbeat.LastError?.Message}";
    }
}
