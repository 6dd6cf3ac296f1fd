using System.Globalization;
using System.Net.Sockets;
using Npgsql;

namespace Tractatus.TestIsolation.PostgreSql;

/// <summary>
/// One PostgreSQL server as the provider sees it: connection strings for its databases, a
/// password-free description for messages, and connection opening that turns driver errors into
/// messages saying what is wrong and which setting to change.
/// </summary>
internal sealed class PostgreSqlServer
{
    private readonly NpgsqlConnectionStringBuilder _template;
    private readonly int _timeoutSeconds;

    public PostgreSqlServer(string connectionString, TimeSpan connectTimeout)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new ArgumentException(
                "PostgreSqlProviderOptions.ConnectionString is empty. Set it (or " + PostgreSqlProviderOptions.ConnectionStringVariable + ") to an Npgsql connection string of a maintenance database.",
                nameof(connectionString));
        }

        try
        {
            _template = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException e)
        {
            // The driver's message quotes the offending key, never the whole string (which may hold a password).
            throw new ArgumentException("PostgreSqlProviderOptions.ConnectionString is not a valid Npgsql connection string: " + e.Message, nameof(connectionString));
        }

        _timeoutSeconds = Math.Max(1, (int)Math.Ceiling(connectTimeout.TotalSeconds));
        _template.Timeout = _timeoutSeconds;
        MaintenanceDatabase = string.IsNullOrEmpty(_template.Database) ? "postgres" : _template.Database;
        MaintenanceConnectionString = ConnectionStringFor(MaintenanceDatabase);
    }

    public string MaintenanceDatabase { get; }

    public string MaintenanceConnectionString { get; }

    public string ConnectionStringFor(string database, bool pooling = true)
    {
        var builder = new NpgsqlConnectionStringBuilder(_template.ConnectionString) { Database = database };
        if (!pooling)
        {
            builder.Pooling = false;
        }

        return builder.ConnectionString;
    }

    /// <summary>Where a database is, without the password: <c>postgresql://user@host:port/database</c>.</summary>
    public string Describe(string? database = null)
    {
        var user = string.IsNullOrEmpty(_template.Username) ? string.Empty : _template.Username + "@";
        var host = string.IsNullOrEmpty(_template.Host) ? "localhost" : _template.Host;
        return string.Create(CultureInfo.InvariantCulture, $"postgresql://{user}{host}:{_template.Port}/{database ?? MaintenanceDatabase}");
    }

    public Task<NpgsqlConnection> OpenMaintenanceAsync(CancellationToken cancellationToken) =>
        OpenAsync(MaintenanceConnectionString, MaintenanceDatabase, cancellationToken);

    public async Task<NpgsqlConnection> OpenAsync(string connectionString, string database, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw Explain(e, database);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private InvalidOperationException Explain(Exception e, string database)
    {
        var where = Describe(database);
        var settings = "PostgreSqlProviderOptions.ConnectionString (or " + PostgreSqlProviderOptions.ConnectionStringVariable + ")";
        var message = e switch
        {
            PostgresException { SqlState: PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification } pg =>
                $"PostgreSQL server {where} rejected the credentials of user '{_template.Username}' ({pg.SqlState}: {pg.MessageText}). "
                + $"Fix Username/Password in {settings}.",
            PostgresException { SqlState: PostgresErrorCodes.InvalidCatalogName } pg when database == MaintenanceDatabase =>
                $"PostgreSQL server {where}: {pg.MessageText}. Set Database in {settings} to an existing maintenance database such as 'postgres'.",
            PostgresException { SqlState: PostgresErrorCodes.InvalidCatalogName } pg =>
                $"PostgreSQL server {where}: {pg.MessageText}. It was dropped (by its session's teardown or a sweep of its expired lease); create a new one.",
            PostgresException pg =>
                $"PostgreSQL server {where} refused the connection ({pg.SqlState}: {pg.MessageText}). Check {settings}.",
            _ when IsTimeout(e) =>
                $"PostgreSQL server {where} did not answer within {_timeoutSeconds} s. Start the server or point {settings} at a running one; "
                + "raise PostgreSqlProviderOptions.ConnectTimeout if it is only slow.",
            _ =>
                $"Cannot connect to PostgreSQL server {where}: {Innermost(e).Message}. Start the server or point {settings} at a running one.",
        };
        return new InvalidOperationException(message, e);
    }

    private static bool IsTimeout(Exception e)
    {
        for (var current = e; current is not null; current = current.InnerException)
        {
            if (current is TimeoutException || current is SocketException { SocketErrorCode: SocketError.TimedOut })
            {
                return true;
            }
        }

        return false;
    }

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }

        return e;
    }
}
