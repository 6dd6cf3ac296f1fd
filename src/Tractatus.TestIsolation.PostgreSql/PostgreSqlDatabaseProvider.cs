using System.Collections.Concurrent;
using Npgsql;
using Tractatus.TestIsolation.Databases;

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
    }

    /// <summary>A provider for the server named by <c>TRACTATUS_POSTGRES_CONNECTION_STRING</c>.</summary>
    public static PostgreSqlDatabaseProvider FromEnvironment() => new(PostgreSqlProviderOptions.FromEnvironment());

    /// <inheritdoc />
    public string Name => ProviderName;

    /// <inheritdoc />
    public DatabaseNameRules NameRules => DatabaseNameRules.PostgreSql;

    /// <summary>The server and maintenance database, without password, e.g. <c>postgresql://postgres@127.0.0.1:5432/postgres</c>.</summary>
    public string ServerDisplayName => _server.Describe();

    /// <summary>The template session databases are cloned from; null when they start empty.</summary>
    public string? TemplateDatabaseName => _template?.Name;

    /// <summary>Names of the databases this provider created and has not dropped.</summary>
    public IReadOnlyCollection<string> CreatedDatabases => _owned.Keys.ToArray();

    /// <summary>The connection string for <paramref name="databaseName"/> on this server (same credentials and settings).</summary>
    public string ConnectionStringFor(string databaseName)
    {
        ArgumentException.ThrowIfNullOrEmpty(databaseName);
        return _server.ConnectionStringFor(databaseName);
    }

    /// <summary>Opens a connection to <paramref name="database"/>; connection failures name the server and the setting to change.</summary>
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

    /// <summary>Creates (or clones) a database for <paramref name="session"/> and writes its lease; the provider owns it from then on.</summary>
    private async Task<string> CreateLeasedAsync(TestSession session, string prefix, CancellationToken cancellationToken)
    {
        await using var connection = await _server.OpenMaintenanceAsync(cancellationToken).ConfigureAwait(false);
        var name = await CreateUniqueAsync(connection, session, prefix, cancellationToken).ConfigureAwait(false);
        try
        {
            await PostgreSqlLeases.WithLockAsync(
                connection,
                name,
                () => PostgreSqlLeases.WriteAsync(connection, name, session, TimeToLive(session), cancellationToken),
                cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // Without a lease no sweeper would ever remove it; do not leave it behind.
            await PostgreSqlSql.ExecuteAsync(connection, $"DROP DATABASE IF EXISTS {PostgreSqlSql.Quote(name)} WITH (FORCE)", CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        _owned[name] = session.Id;
        return name;
    }

    /// <inheritdoc />
    public async Task HeartbeatAsync(TestSession session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        var mine = _owned.Where(pair => pair.Value == session.Id).Select(pair => pair.Key).ToArray();
        if (mine.Length == 0)
        {
            return;
        }

        await using var connection = await _server.OpenMaintenanceAsync(cancellationToken).ConfigureAwait(false);
        foreach (var name in mine)
        {
            var renewed = await PostgreSqlLeases.WithLockAsync(
                connection,
                name,
                async () =>
                {
                    var (exists, lease, _) = await PostgreSqlLeases.ReadAsync(connection, name, cancellationToken).ConfigureAwait(false);
                    if (!exists || lease is null || lease.Owner != session.Id)
                    {
                        return false;
                    }

                    await PostgreSqlLeases.WriteAsync(connection, name, session, TimeToLive(session), cancellationToken).ConfigureAwait(false);
                    return true;
                },
                cancellationToken).ConfigureAwait(false);

            if (!renewed)
            {
                // Swept after this process stalled past the lease, or dropped by hand: nothing left to renew.
                _owned.TryRemove(name, out _);
            }
        }
    }

    /// <inheritdoc />
    public async Task<bool> DropDatabaseAsync(TestSession session, string databaseName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentException.ThrowIfNullOrEmpty(databaseName);
        if (!SessionDatabaseNames.TryParse(databaseName, out _, out var sessionId) || sessionId != session.Id)
        {
            return false;
        }

        await using var connection = await _server.OpenMaintenanceAsync(cancellationToken).ConfigureAwait(false);
        var dropped = await PostgreSqlLeases.WithLockAsync(
            connection,
            databaseName,
            async () =>
            {
                var (exists, lease, _) = await PostgreSqlLeases.ReadAsync(connection, databaseName, cancellationToken).ConfigureAwait(false);
                if (!exists || lease is null || lease.Owner != session.Id)
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
    public async Task<SweepReport> SweepExpiredAsync(TestSession current, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(current);
        var dropped = new List<string>();
        var keptLive = new List<string>();
        var ignored = new List<string>();

        await using var connection = await _server.OpenMaintenanceAsync(cancellationToken).ConfigureAwait(false);
        var candidates = new List<string>();
        await using (var command = new NpgsqlCommand("SELECT datname FROM pg_database WHERE NOT datistemplate ORDER BY datname", connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                candidates.Add(reader.GetString(0));
            }
        }

        foreach (var name in candidates)
        {
            if (!SessionDatabaseNames.TryParse(name, out _, out var sessionId))
            {
                continue; // not named like ours at all: not even worth reporting
            }

            if (sessionId == current.Id)
            {
                keptLive.Add(name);
                continue;
            }

            var outcome = await PostgreSqlLeases.WithLockAsync(
                connection,
                name,
                async () =>
                {
                    // Read under the lock, with the server's clock: the owner may have renewed a moment ago.
                    var (exists, lease, now) = await PostgreSqlLeases.ReadAsync(connection, name, cancellationToken).ConfigureAwait(false);
                    if (!exists)
                    {
                        return SweepOutcome.Gone;
                    }

                    if (lease is null || lease.Owner != sessionId)
                    {
                        return SweepOutcome.NotOurs;
                    }

                    if (!lease.IsExpiredAt(now))
                    {
                        return SweepOutcome.Live;
                    }

                    await DropAsync(connection, name, cancellationToken).ConfigureAwait(false);
                    return SweepOutcome.Dropped;
                },
                cancellationToken).ConfigureAwait(false);

            switch (outcome)
            {
                case SweepOutcome.Dropped: dropped.Add(name); break;
                case SweepOutcome.Live: keptLive.Add(name); break;
                case SweepOutcome.NotOurs: ignored.Add(name); break;
                default: break; // dropped meanwhile by its owner or another sweeper
            }
        }

        return new SweepReport(dropped, keptLive, ignored);
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
    }

    private TimeSpan TimeToLive(TestSession session) => (_options.Lease ?? session.Options.Lease).TimeToLive;

    private async Task<string> CreateUniqueAsync(NpgsqlConnection connection, TestSession session, string prefix, CancellationToken cancellationToken)
    {
        var template = _template is null ? string.Empty : " TEMPLATE " + PostgreSqlSql.Quote(_template.Name);
        for (var attempt = 1; ; attempt++)
        {
            var name = session.DatabaseName(prefix, NameRules);
            var busyUntil = DateTime.UtcNow + TemplateBusyRetryFor;
            while (true)
            {
                try
                {
                    await PostgreSqlSql.ExecuteAsync(connection, "CREATE DATABASE " + PostgreSqlSql.Quote(name) + template, cancellationToken).ConfigureAwait(false);
                    return name;
                }
                catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateDatabase && attempt < MaxNameAttempts)
                {
                    break; // taken (e.g. by another provider instance of this session): try the next suffix
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
        await PostgreSqlSql.ExecuteAsync(connection, $"DROP DATABASE IF EXISTS {PostgreSqlSql.Quote(name)} WITH (FORCE)", cancellationToken).ConfigureAwait(false);
        ClearPool(name);
        _owned.TryRemove(name, out _);
    }

    private void ClearPool(string database)
    {
        using var connection = new NpgsqlConnection(_server.ConnectionStringFor(database));
        NpgsqlConnection.ClearPool(connection);
    }

    private enum SweepOutcome
    {
        Gone,
        NotOurs,
        Live,
        Dropped,
    }
}
