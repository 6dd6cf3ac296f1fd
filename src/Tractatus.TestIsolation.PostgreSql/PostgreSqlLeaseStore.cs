using Npgsql;
using Tractatus.TestIsolation.Leases;

namespace Tractatus.TestIsolation.PostgreSql;

/// <summary>
/// The session databases of one PostgreSQL server as an <see cref="ILeaseStore"/>. Owner liveness is the session's
/// advisory lock (<see cref="PostgreSqlLiveness"/>), seen cluster-wide in <c>pg_locks</c>; a creation cut short is
/// recognised by the reservation mark the create statement itself sets (<see cref="PostgreSqlLeases.ReservationMark"/>).
/// </summary>
internal sealed class PostgreSqlLeaseStore : ILeaseStore
{
    private readonly PostgreSqlServer _server;
    private readonly Func<TimeProvider?> _testClock;
    private readonly Func<NpgsqlConnection, string, CancellationToken, Task> _drop;

    public PostgreSqlLeaseStore(PostgreSqlServer server, Func<TimeProvider?> testClock, Func<NpgsqlConnection, string, CancellationToken, Task> drop)
    {
        _server = server;
        _testClock = testClock;
        _drop = drop;
    }

    public string Kind => PostgreSqlDatabaseProvider.ProviderName;

    public string Location => _server.Describe();

    public string? SessionIdOf(string name) => SessionDatabaseNames.SessionIdOf(name, DatabaseNameRules.PostgreSql);

    public async Task<IReadOnlyList<string>> ListNamesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _server.OpenMaintenanceAsync(cancellationToken).ConfigureAwait(false);
        var names = new List<string>();
        await using var command = new NpgsqlCommand("SELECT datname FROM pg_database WHERE NOT datistemplate", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    public async Task<LeaseProbe> ProbeAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await _server.OpenMaintenanceAsync(cancellationToken).ConfigureAwait(false);
        return await PostgreSqlLeases.ProbeAsync(connection, name, _testClock(), sweeperHoldsNameLock: false, cancellationToken).ConfigureAwait(false);
    }

    public async Task<DropOutcome> DropIfAsync(string name, Func<LeaseProbe, bool> stillRemovable, CancellationToken cancellationToken)
    {
        await using var connection = await _server.OpenMaintenanceAsync(cancellationToken).ConfigureAwait(false);
        var key = PostgreSqlLeases.LockKey(name);
        if (!await PostgreSqlLeases.TryLockAsync(connection, key, cancellationToken).ConfigureAwait(false))
        {
            return DropOutcome.Busy; // its owner renews right now, a creator is creating it, or another sweep has it
        }

        try
        {
            var fresh = await PostgreSqlLeases.ProbeAsync(connection, name, _testClock(), sweeperHoldsNameLock: true, cancellationToken).ConfigureAwait(false);
            if (!fresh.Exists)
            {
                return DropOutcome.Vanished;
            }

            if (!stillRemovable(fresh))
            {
                return DropOutcome.Changed;
            }

            await _drop(connection, name, cancellationToken).ConfigureAwait(false);
            return DropOutcome.Dropped;
        }
        finally
        {
            await PostgreSqlLeases.UnlockAsync(connection, key).ConfigureAwait(false);
        }
    }
}
