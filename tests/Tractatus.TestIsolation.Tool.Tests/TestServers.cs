using Npgsql;
using Xunit;

namespace Tractatus.TestIsolation.Tool.Tests;

/// <summary>The test servers build/test.sh starts (build/services/*.sh), from their environment variables.</summary>
internal static class TestServers
{
    public const string PostgresVariable = "TRACTATUS_TEST_POSTGRES";
    public const string PasswordRoleVariable = "TRACTATUS_TEST_POSTGRES_PASSWORD_ROLE";
    public const string MongoVariable = "TRACTATUS_TEST_MONGODB_URI";
    public const string MongoWireVariable = "TRACTATUS_TEST_MONGODB_WIRE_URI";

    public static string? Postgres => Read(PostgresVariable);

    public static string? PasswordRole => Read(PasswordRoleVariable);

    public static string? Mongo => Read(MongoVariable) ?? Read(MongoWireVariable);

    public static string RequiredPostgres => Postgres ?? throw new InvalidOperationException(PostgresVariable + " is not set.");

    public static string RequiredMongo => Mongo ?? throw new InvalidOperationException(MongoWireVariable + " is not set.");

    /// <summary>Database names on the test PostgreSQL server that contain <paramref name="fragment"/>.</summary>
    public static async Task<IReadOnlyList<string>> PostgresDatabasesAsync(string fragment)
    {
        await using var connection = new NpgsqlConnection(RequiredPostgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT datname FROM pg_database WHERE strpos(datname, @fragment) > 0 ORDER BY datname", connection);
        command.Parameters.AddWithValue("fragment", fragment);
        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    /// <summary>Database names on the test MongoDB server that contain <paramref name="fragment"/>.</summary>
    public static async Task<IReadOnlyList<string>> MongoDatabasesAsync(string fragment)
    {
        var client = new global::MongoDB.Driver.MongoClient(RequiredMongo);
        using var cursor = await client.ListDatabaseNamesAsync();
        var names = new List<string>();
        while (await cursor.MoveNextAsync())
        {
            names.AddRange(cursor.Current);
        }

        return names.Where(n => n.Contains(fragment, StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>A TCP port on the loopback address where nothing listens (for "cannot be reached").</summary>
    public static int ClosedPort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static string? Read(string name)
    {
        var value = Environment.GetEnvironmentVariable(name);
        return string.IsNullOrWhiteSpace(value) ? null : value;
    }
}

/// <summary>Needs the PostgreSQL test server; skipped with the reason when it is not configured.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (TestServers.Postgres is null)
        {
            Skip = $"{TestServers.PostgresVariable} is not set: no PostgreSQL server. Run build/test.sh, or `eval \"$(build/services/postgres.sh)\"` first.";
        }
    }
}

/// <summary>Needs PostgreSQL and the MongoDB (wire) server; skipped with the reason when one is not configured.</summary>
public sealed class AllServersFactAttribute : FactAttribute
{
    public AllServersFactAttribute()
    {
        if (TestServers.Postgres is null || TestServers.Mongo is null)
        {
            Skip = $"{TestServers.PostgresVariable} and {TestServers.MongoWireVariable} (or {TestServers.MongoVariable}) must be set. Run build/test.sh, which starts both servers.";
        }
    }
}

/// <summary>Needs a PostgreSQL role that must log in with a password (set up by build/services/postgres.sh).</summary>
public sealed class PostgresPasswordFactAttribute : FactAttribute
{
    public PostgresPasswordFactAttribute()
    {
        if (TestServers.Postgres is null || TestServers.PasswordRole is null)
        {
            Skip = $"{TestServers.PostgresVariable} and {TestServers.PasswordRoleVariable} must be set: a role that pg_hba.conf makes authenticate with a password (build/services/postgres.sh sets one up).";
        }
    }
}
