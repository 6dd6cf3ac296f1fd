namespace Tractatus.TestIsolation.Databases;

/// <summary>
/// Creates, leases and drops session-scoped databases on one server (or folder, for SQLite).
/// Every database a provider creates carries a lease stored in the server itself, so a later run
/// on any machine can tell a crashed session's database from a live one.
/// </summary>
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
    /// Drops databases that follow this library's pattern, carry its lease, and whose lease expired
    /// more than <see cref="LeaseOptions.TimeToLive"/> ago by the server's clock. Never touches a
    /// database without a lease, with a live lease, or owned by <paramref name="current"/>.
    /// </summary>
    Task<SweepReport> SweepExpiredAsync(TestSession current, CancellationToken cancellationToken = default);
}
