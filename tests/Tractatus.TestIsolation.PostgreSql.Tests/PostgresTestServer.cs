using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Tractatus.TestIsolation.Databases;

namespace Tractatus.TestIsolation.PostgreSql.Tests;

/// <summary>The test server from the environment, and direct SQL for checking what the provider did.</summary>
internal static class PostgresTestServer
{
    public const string Variable = "TRACTATUS_TEST_POSTGRES";
    public const string PasswordRoleVariable = "TRACTATUS_TEST_POSTGRES_PASSWORD_ROLE";

    public static string? ConnectionString => Read(Variable);

    public static string? PasswordRole => Read(PasswordRoleVariable);

    public static string RequiredConnectionString => ConnectionString ?? throw new InvalidOperationException(Variable + " is not set.");

    /// <summary>A provider for the test server; leases live <paramref name="ttl"/> (default: five minutes).</summary>
    public static PostgreSqlDatabaseProvider Provider(TimeSpan? ttl = null, TimeProvider? clock = null) => new(new PostgreSqlProviderOptions
    {
        ConnectionString = RequiredConnectionString,
        Lease = ttl is null && clock is null ? null : new LeaseOptions { TimeToLive = ttl ?? LeaseOptions.DefaultTimeToLive, TimeProvider = clock ?? TimeProvider.System },
    });

    /// <summary>A session whose own leases live <paramref name="ttl"/>.</summary>
    public static TestSession Session(TimeSpan? ttl = null) =>
        TestSession.Start(ttl is null ? null : new TestSessionOptions { Lease = new LeaseOptions { TimeToLive = ttl.Value } });

    public static async Task<NpgsqlConnection> OpenAsync(string database = "postgres")
    {
        // Unpooled outside the maintenance database: an idle pooled connection to a template would block cloning it.
        var builder = new NpgsqlConnectionStringBuilder(RequiredConnectionString) { Database = database, Pooling = database == "postgres" };
        var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>An unpooled connection, so closing it really ends the server session and releases its advisory locks.</summary>
    public static async Task<NpgsqlConnection> OpenUnpooledAsync()
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(RequiredConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    public static async Task<T?> ScalarAsync<T>(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        var result = await command.ExecuteScalarAsync();
        return result is null or DBNull ? default : (T)result;
    }

    public static async Task ExecuteAsync(string sql, string database = "postgres")
    {
        await using var connection = await OpenAsync(database);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public static async Task<bool> ExistsAsync(string database) =>
        await ScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = @name)", ("name", database));

    public static Task<string?> CommentAsync(string database) =>
        ScalarAsync<string>("SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = @name", ("name", database));

    public static Task<DateTime> ServerNowAsync() => ScalarAsync<DateTime>("SELECT now()");

    /// <summary>A database named like a session database but created behind the provider's back (a user's lookalike).</summary>
    public static async Task<string> CreateLookalikeAsync(string prefix, string? comment = null)
    {
        var name = TestSession.Start().DatabaseName(prefix, DatabaseNameRules.PostgreSql);
        await ExecuteAsync($"CREATE DATABASE \"{name}\"");
        if (comment is not null)
        {
            await ExecuteAsync($"COMMENT ON DATABASE \"{name}\" IS '{comment.Replace("'", "''", StringComparison.Ordinal)}'");
        }

        return name;
    }

    /// <summary>
    /// A session database whose owner is gone and whose lease expired: created through a provider whose clock runs an
    /// hour behind (so its lease expired long ago by the server's clock), which is then disposed (releasing the
    /// session's liveness lock). No waiting on the wall clock.
    /// </summary>
    /// <summary>
    /// Creates a database whose lease expired an hour ago and whose owner is gone. Other test processes sweep this
    /// server at any time, so <paramref name="whileOwned"/> runs while the owner still holds the database (e.g. to take
    /// its lock before any sweeper may drop it).
    /// </summary>
    public static async Task<string> CreateExpiredAsync(string prefix, string? connectionString = null, Func<string, Task>? whileOwned = null)
    {
        var pastClock = new FakeTimeProvider(DateTimeOffset.UtcNow.AddHours(-1));
        await using var owner = new PostgreSqlDatabaseProvider(new PostgreSqlProviderOptions
        {
            ConnectionString = connectionString ?? RequiredConnectionString,
            Lease = new LeaseOptions { TimeToLive = TimeSpan.FromMinutes(1), TimeProvider = pastClock },
        });
        var name = (await owner.CreateDatabaseAsync(TestSession.Start(), prefix)).Name;
        if (whileOwned is not null)
        {
            await whileOwned(name);
        }

        return name;
    }

    public static Task DropIfExistsAsync(string database) => ExecuteAsync($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)");

    private static string? Read(string variable)
    {
        var value = Environment.GetEnvironmentVariable(variable);
        return string.IsNullOrWhiteSpace(value) ? null : value;
    }
}
