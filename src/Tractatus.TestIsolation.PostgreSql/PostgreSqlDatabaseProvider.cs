using System.Collections.Concurrent;
using Npgsql;
using Tractatus.TestIsolation.Databases;
using Tractatus.TestIsolation.Leases;

namespace Tractatus.TestIsolation.PostgreSql;

/// <summary>
/// Creates a PostgreSQL database per test session (<c>CREATE DATABASE</c>, optionally cloned from a
/// migrated template), keeps a lease on it in the server (the database's comment, renewed with the
/// server's clock) and drops it with <c>DROP DATABASE … WITH (FORCE)</c>. Sweeps databases of crashed
/// sessions once their lease expired; never touches a database without this library's lease.
/// </summary>
/// <example>
/// <code>
/// await using var provider = new PostgreSqlDatabaseProvider(PostgreSqlProviderOptions.FromEnvironment());
/// var database = await provider.CreateDatabaseAsync(TestSession.Current, "orders");
/// await using var connection = await provider.OpenConnectionAsync(database);
/// </code>
/// </example>
public sealed class PostgreSqlDatabaseProvider : IIsolatedDatabaseProvider
{
    /// <summary>The value of <see cref="Name"/>.</summary>
    public const string ProviderName = "postgresql";

    private const int MaxNameAttempts = 20;
    private static readonly TimeSpan TemplateBusyRetryFor = TimeSpan.FromSeconds(10);

    private readonly PostgreSqlProviderOptions _options;
    private readonly PostgreSqlServer _server;
    private readonly PostgreSqlTemplate? _template;
    private readonly ConcurrentDictionary<string, string> _owned = new(StringComparer.Ordinal); // name → owner session id
    private readonly object _poolGate = new();
    private readonly ConcurrentDictionary<string, PostgreSqlLiveness> _liveness = new(StringComparer.Ordinal); // session id → its lock holder
    private readonly PostgreSqlLeaseStore _store;
    private PostgreSqlClonePool? _pool;
    private bool _disposed;

    /// <summary>Creates a provider; does not connect until first used.</summary>
    /// <exception cref="ArgumentException">The connection string or template settings are not valid.</exception>
    public PostgreSqlDatabaseProvider(PostgreSqlProviderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        if (options.TemplatePoolSize < 0)
        {
            throw new ArgumentException($"PostgreSqlProviderOptions.TemplatePoolSize is {options.TemplatePoolSize}. Set it to 0 (no pool) or to how many clones to keep ready.", nameof(options));
        }

        _server = new PostgreSqlServer(options.ConnectionString, options.ConnectTimeout);
        if (options.TemplateDatabase is not null || options.Migrate is not null)
        {
            _template = new PostgreSqlTemplate(_server, options);
        }

        _store = new PostgreSqlLeaseStore(_server, () => TestClock(_options.Lease), DropAsync);
    }

    /// <summary>Test hook: called at each point of a database's life where a crash matters (see the kill tests).</summary>
    internal static Action<string>? CrashPoint { get; set; }

    /// <inheritdoc />
    public ILeaseStore LeaseStore => _store;

    /// <summary>A provider for the server named by <c>TRACTATUS_POSTGRES_CONNECTION_STRING</c>.</summary>
    public static PostgreSqlDatabaseProvider FromEnvironment() => new(PostgreSqlProviderOptions.FromEnvironment());

    /// <inheritdoc />
    public string Name => ProviderName;

    /// <inheritdoc />
    public DatabaseNameRules NameRules => DatabaseNameRules.PostgreSql;

    /// <summary>The server and maintenance database, without password, e.g. <c>postgresql://postgres@127.0.0.1:5432/postgres</c>.</summary>
    internal string ServerDisplayName => _server.Describe();

    /// <summary>The template session databases are cloned from; null when they start empty.</summary>
    public string? TemplateDatabaseName => _template?.Name;

    /// <summary>Names of the databases this provider created and has not dropped.</summary>
    internal IReadOnlyCollection<string> CreatedDatabases => _owned.Keys.ToArray();

    /// <summary>The connection string for <paramref name="databaseName"/> on this server (same credentials and settings).</summary>
    internal string ConnectionStringFor(string databaseName)
    {
        ArgumentException.ThrowIfNullOrEmpty(databaseName);
        return _server.ConnectionStringFor(databaseName);
    }

    /// <summary>
    /// Opens a connection to <paramref name="database"/>; the caller disposes it. Connection failures name the server
    /// and the setting to change. Every provider has this method, returning its driver's handle.
    /// </summary>
    public Task<NpgsqlConnection> OpenConnectionAsync(IsolatedDatabase database, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        return _server.OpenAsync(database.ConnectionString, database.Name, cancellationToken);
    }

    /// <summary>
    /// Builds the template now (when <see cref="PostgreSqlProviderOptions.Migrate"/> is set and it does not
    /// exist yet); otherwise the first <see cref="CreateDatabaseAsync"/> does it.
    /// </summary>
    public Task EnsureTemplateAsync(CancellationToken cancellationToken = default) =>
        _template?.EnsureAsync(cancellationToken) ?? Task.CompletedTask;

    /// <summary>Drops the template database, e.g. to force a rebuild or to clean up an old schema's template.</summary>
    public Task DropTemplateAsync(CancellationToken cancellationToken = default) =>
        _template?.DropAsync(cancellationToken) ?? Task.CompletedTask;

    /// <inheritdoc />
    public async Task<IsolatedDatabase> CreateDatabaseAsync(TestSession session, string prefix, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        NameRules.ValidatePrefix(prefix);
        if (_template is not null)
        {
            await _template.EnsureAsync(cancellationToken).ConfigureAwait(false);
        }

        var pool = PoolFor(session, prefix);
        if (pool is not null)
        {
            pool.ThrowIfFailed();
            while (pool.TryTake(out var ready))
            {
                // A heartbeat forgets a database that was dropped behind the provider's back: skip those.
                if (_owned.ContainsKey(ready))
                {
                    pool.Refill();
                    return Describe(ready);
                }
            }
        }

        var name = await CreateLeasedAsync(session, prefix, cancellationToken).ConfigureAwait(false);

        // Refilled only now, so the background clone does not compete with this caller's own one.
        pool?.Refill();
        return Describe(name);
    }

    /// <summary>
    /// Waits until the template pool (<see cref="PostgreSqlProviderOptions.TemplatePoolSize"/>) is full again,
    /// or its background refill failed (thrown by the next <see cref="CreateDatabaseAsync"/>). Completes at
    /// once without a pool, or before the first <see cref="CreateDatabaseAsync"/>, which starts it. For
    /// benchmarks, and fixtures that want the pool warm before their first test.
    /// </summary>
    public Task WaitForTemplatePoolAsync()
    {
        lock (_poolGate)
        {
            return _pool?.WhenIdleAsync() ?? Task.CompletedTask;
        }
    }

    private IsolatedDatabase Describe(string name) => new(Name, name, _server.ConnectionStringFor(name), _server.Describe(name));

    /// <summary>The pool for this session and prefix: started by the first create with a template, used by that session and prefix only.</summary>
    private PostgreSqlClonePool? PoolFor(TestSession session, string prefix)
    {
        if (_template is null || _options.TemplatePoolSize <= 0)
        {
            return null;
        }

        lock (_poolGate)
        {
            if (_disposed)
            {
                return null;
            }

            _pool ??= new PostgreSqlClonePool(
                session.Id,
                prefix,
                _options.TemplatePoolSize,
                cancellationToken => CreateLeasedAsync(session, prefix, cancellationToken),
                name => DropDatabaseAsync(session, name, CancellationToken.None));
            return _pool.SessionId == session.Id && _pool.Prefix == prefix ? _pool : null;
        }
    }

    /// <summary>
    /// Creates (or clones) a database for <paramref name="session"/> and writes its lease; the provider owns it from
    /// then on. Crash-safe at every instant: the session's liveness lock is held first; the name lock is held from
    /// before the create until the lease is written; and the create statement itself sets the reservation mark
    /// (<c>ALLOW_CONNECTIONS false</c>, <c>CONNECTION LIMIT</c> derived from the name), removed only after the lease
    /// is written. A sweep therefore finds either a lease, or a marked database whose name lock is free (a creation
    /// cut short, dropped), or a marked database whose creator still holds the name lock (kept).
    /// </summary>
    private async Task<string> CreateLeasedAsync(TestSession session, string prefix, CancellationToken cancellationToken)
    {
        await LivenessFor(session).EnsureHeldAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _server.OpenMaintenanceAsync(cancellationToken).ConfigureAwait(false);
        var (name, key) = await CreateUniqueAsync(connection, session, prefix, cancellationToken).ConfigureAwait(false);
        try
        {
            CrashPoint?.Invoke("after-create");
            await PostgreSqlLeases.WriteAsync(connection, name, session, TimeToLive(session), TestClock(LeaseOptionsFor(session)), cancellationToken).ConfigureAwait(false);
            CrashPoint?.Invoke("after-lease");
            await PostgreSqlSql.ExecuteAsync(connection, $"ALTER DATABASE {PostgreSqlSql.Quote(name)} WITH ALLOW_CONNECTIONS true CONNECTION LIMIT -1", cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // Do not leave it behind; should even this fail, the reservation mark or the lease lets a sweep remove it.
            await PostgreSqlSql.ExecuteAsync(connection, $"DROP DATABASE IF EXISTS {PostgreSqlSql.Quote(name)} WITH (FORCE)", CancellationToken.None).ConfigureAwait(false);
            throw;
        }
        finally
        {
            await PostgreSqlLeases.UnlockAsync(connection, key).ConfigureAwait(false);
        }

        _owned[name] = session.Id;
        return name;
    }

    private PostgreSqlLiveness LivenessFor(TestSession session) =>
        _liveness.GetOrAdd(session.Id, id => PostgreSqlLiveness.Use(_server, id));

    /// <inheritdoc />
    public async Task HeartbeatAsync(TestSession session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        var mine = _owned.Where(pair => pair.Value == session.Id).Select(pair => pair.Key).ToArray();
        if (mine.Length == 0)
        {
            return;
        }

        await LivenessFor(session).EnsureHeldAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _server.OpenMaintenanceAsync(cancellationToken).ConfigureAwait(false);
        List<string>? lost = null;
        foreach (var name in mine)
        {
            var renewed = await PostgreSqlLeases.WithLockAsync(
                connection,
                name,
                async () =>
                {
                    var probe = await PostgreSqlLeases.ProbeAsync(connection, name, TestClock(LeaseOptionsFor(session)), sweeperHoldsNameLock: true, cancellationToken).ConfigureAwait(false);
                    if (!probe.Exists || probe.Lease is null || probe.Lease.Owner != session.Id)
                    {
                        return false;
                    }

                    await PostgreSqlLeases.WriteAsync(connection, name, session, TimeToLive(session), TestClock(LeaseOptionsFor(session)), cancellationToken).ConfigureAwait(false);
                    return true;
                },
                cancellationToken).ConfigureAwait(false);

            if (!renewed)
            {
                _owned.TryRemove(name, out _);
                (lost ??= []).Add(name);
            }
        }

        if (lost is not null)
        {
            throw new LeaseLostException(
                $"PostgreSQL session database(s) {string.Join(", ", lost.Select(n => "'" + _server.Describe(n) + "'"))} disappeared or lost this session's lease: "
                + "dropped by hand, or swept after this process lost its liveness lock (its connection to the server broke). Their data is gone; nothing was recreated.")
            { ResourceName = lost[0] };
        }
    }

    /// <inheritdoc />
    public async Task<bool> DropDatabaseAsync(TestSession session, string databaseName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentException.ThrowIfNullOrEmpty(databaseName);
        if (SessionDatabaseNames.SessionIdOf(databaseName, NameRules) != session.Id)
        {
            return false;
        }

        await using var connection = await _server.OpenMaintenanceAsync(cancellationToken).ConfigureAwait(false);
        var dropped = await PostgreSqlLeases.WithLockAsync(
            connection,
            databaseName,
            async () =>
            {
                var probe = await PostgreSqlLeases.ProbeAsync(connection, databaseName, null, sweeperHoldsNameLock: true, cancellationToken).ConfigureAwait(false);
                if (!probe.Exists || probe.Lease is null || probe.Lease.Owner != session.Id)
                {
                    return false;
                }

                await DropAsync(connection, databaseName, cancellationToken).ConfigureAwait(false);
                return true;
            },
            cancellationToken).ConfigureAwait(false);

        _owned.TryRemove(databaseName, out _);
        return dropped;
    }

    /// <inheritdoc />
    public Task<SweepReport> SweepExpiredAsync(TestSession current, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(current);
        return LeaseSweeper.SweepAsync(LeaseStore, new SweepOptions { CurrentSessionId = current.Id }, cancellationToken);
    }

    /// <summary>
    /// Drops the template pool's databases that were never handed out (stopping a clone in flight) and releases
    /// pooled connections to the databases this provider created. Does not drop the databases it handed out.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        PostgreSqlClonePool? pool;
        lock (_poolGate)
        {
            _disposed = true;
            pool = _pool;
        }

        if (pool is not null)
        {
            await pool.DisposeAsync().ConfigureAwait(false);
        }

        foreach (var name in _owned.Keys)
        {
            ClearPool(name);
        }

        ClearPool(_server.MaintenanceDatabase);
        foreach (var liveness in _liveness.Values)
        {
            await liveness.ReleaseAsync().ConfigureAwait(false);
        }

        _liveness.Clear();
    }

    private TimeSpan TimeToLive(TestSession session) => LeaseOptionsFor(session).TimeToLive;

    private LeaseOptions LeaseOptionsFor(TestSession session) => _options.Lease ?? session.Options.Lease;

    /// <summary>The injected clock of <paramref name="lease"/> when it is not the system clock (tests); null for the server's clock.</summary>
    private static TimeProvider? TestClock(LeaseOptions? lease) => lease is { UsesSystemClock: false } ? lease.TimeProvider : null;

    private async Task<(string Name, long Key)> CreateUniqueAsync(NpgsqlConnection connection, TestSession session, string prefix, CancellationToken cancellationToken)
    {
        var template = _template is null ? string.Empty : " TEMPLATE " + PostgreSqlSql.Quote(_template.Name);
        for (var attempt = 1; ; attempt++)
        {
            var name = session.DatabaseName(prefix, NameRules);
            var key = PostgreSqlLeases.LockKey(name);
            if (!await PostgreSqlLeases.TryLockAsync(connection, key, cancellationToken).ConfigureAwait(false))
            {
                continue; // another process of this session is creating this name: take the next suffix
            }

            var created = false;
            try
            {
                created = await TryCreateAsync(connection, name, template, attempt, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                if (!created)
                {
                    await PostgreSqlLeases.UnlockAsync(connection, key).ConfigureAwait(false);
                }
            }

            if (created)
            {
                return (name, key); // the caller writes the lease, then releases the name lock
            }
        }
    }

    /// <summary>Runs the create with the reservation mark; false when the name is taken (try the next one).</summary>
    private async Task<bool> TryCreateAsync(NpgsqlConnection connection, string name, string template, int attempt, CancellationToken cancellationToken)
    {
        var sql = "CREATE DATABASE " + PostgreSqlSql.Quote(name) + template
            + " ALLOW_CONNECTIONS false CONNECTION LIMIT " + PostgreSqlLeases.ReservationMark(name).ToString(System.Globalization.CultureInfo.InvariantCulture);
        {
            var busyUntil = DateTime.UtcNow + TemplateBusyRetryFor;
            while (true)
            {
                try
                {
                    CrashPoint?.Invoke("before-create");
                    await PostgreSqlSql.ExecuteAsync(connection, sql, cancellationToken).ConfigureAwait(false);
                    return true;
                }
                catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateDatabase && attempt < MaxNameAttempts)
                {
                    return false; // taken (e.g. by another provider instance of this session): try the next suffix
                }
                catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ObjectInUse && _template is not null)
                {
                    // "source database is being accessed by other users": someone is connected to the template.
                    if (DateTime.UtcNow >= busyUntil)
                    {
                        throw new InvalidOperationException(
                            $"Cannot clone the template database '{_template.Name}' on {_server.Describe()}: other sessions stayed connected to it for {TemplateBusyRetryFor.TotalSeconds:F0} s, "
                            + $"and PostgreSQL copies a template only while nobody is connected. Close those connections (pooled ones too: NpgsqlConnection.ClearPool), "
                            + $"or run ALTER DATABASE {PostgreSqlSql.Quote(_template.Name)} WITH ALLOW_CONNECTIONS false once it is ready.",
                            e);
                    }

                    await Task.Delay(100, cancellationToken).ConfigureAwait(false);
                }
                catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidCatalogName && _template is not null)
                {
                    throw new InvalidOperationException(
                        $"The template database '{_template.Name}' does not exist on {_server.Describe()}. Create it, or fix PostgreSqlProviderOptions.TemplateDatabase.", e);
                }
                catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
                {
                    throw new InvalidOperationException(
                        $"The role connecting to {_server.Describe()} may not create databases ({e.MessageText}). Grant it CREATEDB (ALTER ROLE … CREATEDB) or use another role in PostgreSqlProviderOptions.ConnectionString.", e);
                }
            }
        }
    }

    private async Task DropAsync(NpgsqlConnection connection, string name, CancellationToken cancellationToken)
    {
        // Idle pooled connections to the database are closed first; FORCE ends the rest (also other
        // processes'). Clearing again afterwards discards connections that were busy during the drop:
        // without it the pool would hand out dead connections to a database that no longer exists.
        ClearPool(name);
        CrashPoint?.Invoke("drop");
        await PostgreSqlSql.ExecuteAsync(connection, $"DROP DATABASE IF EXISTS {PostgreSqlSql.Quote(name)} WITH (FORCE)", cancellationToken).ConfigureAwait(false);
        ClearPool(name);
        _owned.TryRemove(name, out _);
    }

    private void ClearPool(string database)
    {
        using var connection = new NpgsqlConnection(_server.ConnectionStringFor(database));
        NpgsqlConnection.ClearPool(connection);
    }

}
