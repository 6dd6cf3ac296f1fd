using Tractatus.TestIsolation.Leases;

namespace Tractatus.TestIsolation.Databases;

/// <summary>
/// Creates, leases and drops session-scoped databases on one server (or folder, for SQLite).
/// Every database a provider creates carries a lease stored in the server itself, so a later run
/// on any machine can tell a crashed session's database from a live one.
/// </summary>
/// <remarks>
/// Public so that fixtures and user code can work with any provider. The providers are this library's own
/// (PostgreSQL, MongoDB, SQLite): <see cref="LeaseStore"/> can only be implemented inside its packages, so a new
/// database is added to the library rather than implemented outside it. Each provider also has
/// <c>OpenConnectionAsync(IsolatedDatabase, CancellationToken)</c> returning its driver's handle.
/// </remarks>
public interface IIsolatedDatabaseProvider : IAsyncDisposable
{
    /// <summary>Short provider name for messages and summaries: <c>mongodb</c>, <c>postgresql</c>, <c>sqlite</c>.</summary>
    string Name { get; }

    /// <summary>The naming rules of this server, used to validate prefixes and names.</summary>
    DatabaseNameRules NameRules { get; }

    /// <summary>
    /// Creates a new database named <c>&lt;prefix&gt;_&lt;session id&gt;[_n]</c> for <paramref name="session"/>
    /// and writes its lease. Fails fast (seconds, not the driver's default 30 s) with a message that
    /// names the server and the setting to change when the server cannot be reached.
    /// </summary>
    Task<IsolatedDatabase> CreateDatabaseAsync(TestSession session, string prefix, CancellationToken cancellationToken = default);

    /// <summary>Renews the lease of each database this session owns, using the server's clock.</summary>
    Task HeartbeatAsync(TestSession session, CancellationToken cancellationToken = default);

    /// <summary>
    /// Drops a database this session created. Refuses (returns false) for a name that does not
    /// follow this library's pattern or whose lease belongs to another session.
    /// </summary>
    Task<bool> DropDatabaseAsync(TestSession session, string databaseName, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sweeps this provider's server or folder with <see cref="LeaseSweeper"/>: drops databases that follow this
    /// library's pattern, carry its lease for the session in their name, whose lease expired by the server's clock
    /// (with the time to live their owner wrote) and whose owner provably no longer runs. Never touches a database
    /// without a lease, with a live lease, of a paused owner, or owned by <paramref name="current"/>. One database that
    /// cannot be read or dropped is reported in <see cref="SweepReport.Failed"/>; the sweep goes on.
    /// </summary>
    Task<SweepReport> SweepExpiredAsync(TestSession current, CancellationToken cancellationToken = default);

    /// <summary>
    /// The session databases on this provider's server or folder as a store for <see cref="LeaseSweeper"/>: list them with
    /// owner and state, sweep with a dry run, or drop what a finished session left.
    /// </summary>
    ILeaseStore LeaseStore { get; }
}
