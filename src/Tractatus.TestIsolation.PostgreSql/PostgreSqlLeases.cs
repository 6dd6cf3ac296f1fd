using System.Globalization;
using Npgsql;
using Tractatus.TestIsolation.Leases;

namespace Tractatus.TestIsolation.PostgreSql;

/// <summary>
/// Leases of session databases, kept as the database's comment (<c>COMMENT ON DATABASE … IS '&lt;lease json&gt;'</c>),
/// and the locks around them.
/// </summary>
/// <remarks>
/// Why a comment rather than a table inside the session database: the comment lives in the shared
/// catalog, so one query on the maintenance database lists every session database with its lease,
/// without connecting to each one (a connection would also block DROP and count against the
/// connection limit); it disappears with the database; and user migrations or a <c>DROP SCHEMA public
/// CASCADE</c> in a test cannot delete it. Times come from the server's <c>now()</c>, never the client clock.
/// Writers and droppers of one database's lease serialize on an advisory lock keyed by its name (the "name lock"),
/// so a sweeper never drops a database whose owner is renewing the lease at that moment. Locks are looked up in
/// <c>pg_locks</c>, which shows every database's advisory locks, so holders are found whatever database they use.
/// </remarks>
internal static class PostgreSqlLeases
{
    /// <summary>How long an owner waits for a name lock (a sweeper or another process of its session holds it) before failing with the holder.</summary>
    public static TimeSpan NameLockTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public static long LockKey(string database) => PostgreSqlSql.LockKey("database", database);

    /// <summary>
    /// The reservation mark: the <c>CONNECTION LIMIT</c> a database is created with (together with
    /// <c>ALLOW_CONNECTIONS false</c>) until its lease is written. Derived from the name, so a database somebody
    /// else created carries it only by a one-in-a-billion accident.
    /// </summary>
    public static int ReservationMark(string database) =>
        100_000 + (int)((ulong)PostgreSqlSql.LockKey("reservation", database) % 1_000_000_000UL);

    public static async Task<DateTimeOffset> NowAsync(NpgsqlConnection connection, TimeProvider? testClock, CancellationToken cancellationToken)
    {
        if (testClock is not null)
        {
            return testClock.GetUtcNow();
        }

        await using var command = new NpgsqlCommand("SELECT now()", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return reader.GetFieldValue<DateTimeOffset>(0);
    }

    /// <summary>
    /// The database's lease, reservation mark and owner liveness, with the server's clock, in one round trip.
    /// <paramref name="sweeperHoldsNameLock"/>: this connection holds the name lock, so it does not count as a creator.
    /// </summary>
    public static async Task<LeaseProbe> ProbeAsync(NpgsqlConnection connection, string database, TimeProvider? testClock, bool sweeperHoldsNameLock, CancellationToken cancellationToken)
    {
        SessionDatabaseNames.TryParse(database, out _, out var sessionId);
        var (sessionHigh, sessionLow) = Split(PostgreSqlLiveness.SessionKey(sessionId));
        var (nameHigh, nameLow) = Split(LockKey(database));
        await using var command = new NpgsqlCommand(
            """
            SELECT now(), d.datname IS NOT NULL, shobj_description(d.oid, 'pg_database'), d.datallowconn, d.datconnlimit,
                   (SELECT string_agg(l.pid::text, ',' ORDER BY l.pid) FROM pg_locks l
                     WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 AND l.classid::bigint = @sh AND l.objid::bigint = @sl),
                   (SELECT string_agg(l.pid::text, ',' ORDER BY l.pid) FROM pg_locks l
                     WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 AND l.classid::bigint = @nh AND l.objid::bigint = @nl
                       AND (NOT @mine OR l.pid <> pg_backend_pid()))
            FROM (SELECT 1) AS one LEFT JOIN pg_database d ON d.datname = @name
            """,
            connection);
        command.Parameters.AddWithValue("name", database);
        command.Parameters.AddWithValue("sh", sessionHigh);
        command.Parameters.AddWithValue("sl", sessionLow);
        command.Parameters.AddWithValue("nh", nameHigh);
        command.Parameters.AddWithValue("nl", nameLow);
        command.Parameters.AddWithValue("mine", sweeperHoldsNameLock);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        var now = testClock?.GetUtcNow() ?? reader.GetFieldValue<DateTimeOffset>(0);
        if (!reader.GetBoolean(1))
        {
            return LeaseProbe.Missing(now);
        }

        var comment = reader.IsDBNull(2) ? null : reader.GetString(2);
        var allowConnections = reader.GetBoolean(3);
        var connectionLimit = reader.GetInt32(4);
        var sessionHolders = reader.IsDBNull(5) ? null : reader.GetString(5);
        var nameHolders = reader.IsDBNull(6) ? null : reader.GetString(6);
        var lease = LeaseRecord.TryParse(comment, out var parsed) ? parsed : null;
        var reserved = lease is null && !allowConnections && connectionLimit == ReservationMark(database);

        var details = new List<string>();
        if (sessionHolders is not null)
        {
            details.Add($"session {sessionId}'s liveness lock is held by server pid {sessionHolders}");
        }

        if (nameHolders is not null)
        {
            details.Add($"the name lock is held by server pid {nameHolders}");
        }

        return new LeaseProbe(
            true,
            lease,
            now,
            sessionHolders is null ? OwnerLiveness.Gone : OwnerLiveness.Alive,
            reserved,
            ReservationHeld: nameHolders is not null,
            details.Count == 0 ? null : string.Join("; ", details));
    }

    public static async Task<LeaseRecord> WriteAsync(NpgsqlConnection connection, string database, TestSession session, TimeSpan timeToLive, TimeProvider? testClock, CancellationToken cancellationToken)
    {
        var now = await NowAsync(connection, testClock, cancellationToken).ConfigureAwait(false);
        var lease = LeaseRecord.For(session, now, timeToLive);
        await PostgreSqlSql.CommentAsync(connection, database, lease.ToJson(), cancellationToken).ConfigureAwait(false);
        return lease;
    }

    /// <summary>Takes a session-level advisory lock without waiting; false when another connection holds it.</summary>
    public static async Task<bool> TryLockAsync(NpgsqlConnection connection, long key, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(@key)", connection);
        command.Parameters.AddWithValue("key", key);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    public static Task UnlockAsync(NpgsqlConnection connection, long key) =>
        PostgreSqlSql.ExecuteAsync(connection, "SELECT pg_advisory_unlock(@key)", CancellationToken.None, ("key", key));

    /// <summary>
    /// Runs <paramref name="action"/> while holding the database's name lock on <paramref name="connection"/>. Waits at
    /// most <see cref="NameLockTimeout"/>, then fails with a message naming who holds it.
    /// </summary>
    public static async Task<T> WithLockAsync<T>(NpgsqlConnection connection, string database, Func<Task<T>> action, CancellationToken cancellationToken)
    {
        var key = LockKey(database);
        await LockAsync(connection, key, $"the lock of session database '{database}'", NameLockTimeout, cancellationToken).ConfigureAwait(false);
        try
        {
            return await action().ConfigureAwait(false);
        }
        finally
        {
            await UnlockAsync(connection, key).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Takes an advisory lock, waiting at most <paramref name="timeout"/> (never Npgsql's 30 s command timeout); on
    /// timeout throws <see cref="TimeoutException"/> naming <paramref name="what"/> and the server processes that hold it.
    /// </summary>
    public static async Task LockAsync(NpgsqlConnection connection, long key, string what, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var started = DateTime.UtcNow;
        var pause = TimeSpan.FromMilliseconds(20);
        while (!await TryLockAsync(connection, key, cancellationToken).ConfigureAwait(false))
        {
            if (DateTime.UtcNow - started >= timeout)
            {
                var holders = await DescribeHoldersAsync(connection, key, cancellationToken).ConfigureAwait(false);
                throw new TimeoutException(
                    $"Waited {timeout.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s for {what} on the PostgreSQL server; it is held by {holders}. "
                    + "That process is still working (or hangs): wait for it, or end it with SELECT pg_terminate_backend(<pid>).");
            }

            await Task.Delay(pause, cancellationToken).ConfigureAwait(false);
            pause = TimeSpan.FromMilliseconds(Math.Min(500, pause.TotalMilliseconds * 2));
        }
    }

    /// <summary>Who holds advisory lock <paramref name="key"/>: server pid, application name, client address, since when.</summary>
    public static async Task<string> DescribeHoldersAsync(NpgsqlConnection connection, long key, CancellationToken cancellationToken)
    {
        var (high, low) = Split(key);
        await using var command = new NpgsqlCommand(
            """
            SELECT string_agg(format('server pid %s (application %L, client %s, %s since %s)', l.pid, coalesce(a.application_name, ''),
                                     coalesce(host(a.client_addr), 'local'), coalesce(a.state, 'unknown'), to_char(a.state_change, 'YYYY-MM-DD"T"HH24:MI:SSOF')), '; ')
            FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 AND l.classid::bigint = @h AND l.objid::bigint = @l
            """,
            connection);
        command.Parameters.AddWithValue("h", high);
        command.Parameters.AddWithValue("l", low);
        var result = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return result as string ?? "a process that released it just now";
    }

    /// <summary>The two 32-bit halves PostgreSQL shows a bigint advisory key as in pg_locks (classid, objid).</summary>
    private static (long High, long Low) Split(long key) => ((long)((ulong)key >> 32), (long)((ulong)key & 0xFFFF_FFFFUL));
}
