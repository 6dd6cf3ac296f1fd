using Npgsql;
using Tractatus.TestIsolation.Leases;

namespace Tractatus.TestIsolation.PostgreSql;

/// <summary>
/// Leases of session databases, kept as the database's comment (<c>COMMENT ON DATABASE … IS '&lt;lease json&gt;'</c>).
/// </summary>
/// <remarks>
/// Why a comment rather than a table inside the session database: the comment lives in the shared
/// catalog, so one query on the maintenance database lists every session database with its lease,
/// without connecting to each one (a connection would also block DROP and count against the
/// connection limit); it disappears with the database; and user migrations or a <c>DROP SCHEMA public
/// CASCADE</c> in a test cannot delete it. Times come from the server's <c>now()</c>, never the client clock.
/// Writers and droppers of one database's lease serialize on an advisory lock keyed by its name, so
/// a sweeper never drops a database whose owner is renewing the lease at that moment.
/// </remarks>
internal static class PostgreSqlLeases
{
    public static long LockKey(string database) => PostgreSqlSql.LockKey("database", database);

    public static async Task<DateTimeOffset> ServerNowAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT now()", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return reader.GetFieldValue<DateTimeOffset>(0);
    }

    /// <summary>Whether the database exists, its lease (null when it has none of ours) and the server's clock, in one round trip.</summary>
    public static async Task<(bool Exists, LeaseRecord? Lease, DateTimeOffset ServerNow)> ReadAsync(NpgsqlConnection connection, string database, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT now(), (SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = @name), EXISTS (SELECT 1 FROM pg_database WHERE datname = @name)",
            connection);
        command.Parameters.AddWithValue("name", database);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        var now = reader.GetFieldValue<DateTimeOffset>(0);
        var comment = reader.IsDBNull(1) ? null : reader.GetString(1);
        var exists = reader.GetBoolean(2);
        return (exists, LeaseRecord.TryParse(comment, out var lease) ? lease : null, now);
    }

    public static async Task<LeaseRecord> WriteAsync(NpgsqlConnection connection, string database, TestSession session, TimeSpan timeToLive, CancellationToken cancellationToken)
    {
        var now = await ServerNowAsync(connection, cancellationToken).ConfigureAwait(false);
        var lease = LeaseRecord.For(session, now, timeToLive);
        await PostgreSqlSql.CommentAsync(connection, database, lease.ToJson(), cancellationToken).ConfigureAwait(false);
        return lease;
    }

    /// <summary>Runs <paramref name="action"/> while holding the database's advisory lock on <paramref name="connection"/>.</summary>
    public static async Task<T> WithLockAsync<T>(NpgsqlConnection connection, string database, Func<Task<T>> action, CancellationToken cancellationToken)
    {
        var key = LockKey(database);
        await PostgreSqlSql.ExecuteAsync(connection, "SELECT pg_advisory_lock(@key)", cancellationToken, ("key", key)).ConfigureAwait(false);
        try
        {
            return await action().ConfigureAwait(false);
        }
        finally
        {
            await PostgreSqlSql.ExecuteAsync(connection, "SELECT pg_advisory_unlock(@key)", CancellationToken.None, ("key", key)).ConfigureAwait(false);
        }
    }
}
