using System.Collections.Concurrent;
using Npgsql;

namespace Tractatus.TestIsolation.PostgreSql;

/// <summary>
/// Proof that a session's process lives: a dedicated connection per server and session that holds the session's
/// advisory lock in shared mode (several processes of one session may hold it at once). PostgreSQL keeps the lock
/// while the connection is open, including while the process is paused (SIGSTOP, a debugger, a frozen VM: the
/// kernel keeps the socket), and releases it the moment the process dies or the connection breaks. A sweeper sees it
/// in <c>pg_locks</c> and never drops an expired database whose owner still holds it.
/// </summary>
/// <remarks>
/// Shared by every provider of the process for one server and session, released when the last of them is disposed.
/// A broken connection (server restart) is reopened and the lock taken again by the next create or heartbeat; the
/// lease still protects the databases meanwhile.
/// </remarks>
internal sealed class PostgreSqlLiveness
{
    private static readonly ConcurrentDictionary<string, PostgreSqlLiveness> Holders = new(StringComparer.Ordinal);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly PostgreSqlServer _server;
    private readonly string _connectionString;
    private readonly long _key;
    private NpgsqlConnection? _connection;
    private int _users;

    private PostgreSqlLiveness(PostgreSqlServer server, string connectionString, long key)
    {
        _server = server;
        _connectionString = connectionString;
        _key = key;
    }

    public static long SessionKey(string sessionId) => PostgreSqlSql.LockKey("session", sessionId);

    /// <summary>The holder for <paramref name="sessionId"/> on the server of <paramref name="server"/>, counted as used once more.</summary>
    public static PostgreSqlLiveness Use(PostgreSqlServer server, string sessionId)
    {
        var builder = new NpgsqlConnectionStringBuilder(server.MaintenanceConnectionString)
        {
            Pooling = false,
            ApplicationName = "tractatus-liveness:" + sessionId,
            KeepAlive = 30,
        };
        var holder = Holders.GetOrAdd(builder.ConnectionString + "|" + sessionId, _ => new PostgreSqlLiveness(server, builder.ConnectionString, SessionKey(sessionId)));
        Interlocked.Increment(ref holder._users);
        return holder;
    }

    /// <summary>Makes sure the lock is held now (opens or reopens the connection when needed).</summary>
    public async Task EnsureHeldAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_connection is { State: System.Data.ConnectionState.Open })
            {
                try
                {
                    await PostgreSqlSql.ExecuteAsync(_connection, "SELECT 1", cancellationToken).ConfigureAwait(false);
                    return;
                }
                catch (NpgsqlException)
                {
                    // Broken (server restarted, connection killed): reopen below.
                }
            }

            if (_connection is not null)
            {
                await _connection.DisposeAsync().ConfigureAwait(false);
            }

            var connection = await _server.OpenAsync(_connectionString, _server.MaintenanceDatabase, cancellationToken).ConfigureAwait(false);
            await PostgreSqlSql.ExecuteAsync(connection, "SELECT pg_advisory_lock_shared(@key)", cancellationToken, ("key", _key)).ConfigureAwait(false);
            _connection = connection;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>One user fewer; the last one closes the connection, which releases the lock.</summary>
    public async ValueTask ReleaseAsync()
    {
        if (Interlocked.Decrement(ref _users) > 0)
        {
            return;
        }

        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (Volatile.Read(ref _users) == 0 && _connection is not null)
            {
                await _connection.DisposeAsync().ConfigureAwait(false);
                _connection = null;
            }
        }
        finally
        {
            _gate.Release();
        }
    }
}
