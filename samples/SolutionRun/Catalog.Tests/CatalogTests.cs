using Npgsql;
using SolutionRun;
using Tractatus.TestIsolation.PostgreSql;
using Tractatus.TestIsolation.Sqlite;
using Tractatus.TestIsolation.Xunit;

[assembly: UseSessionIsolation]

namespace Catalog.Tests;

public sealed class CatalogTests(SessionIsolatedFixture<PostgreSqlDatabaseProvider> postgres, SessionIsolatedFixture<SqliteDatabaseProvider> sqlite)
    : IClassFixture<SessionIsolatedFixture<PostgreSqlDatabaseProvider>>, IClassFixture<SessionIsolatedFixture<SqliteDatabaseProvider>>
{
    [Fact]
    public async Task Products_live_in_this_sessions_postgres_database()
    {
        await using var connection = await postgres.Provider.OpenConnectionAsync(postgres.Database);
        await using (var create = new NpgsqlCommand("CREATE TABLE products (slug text PRIMARY KEY)", connection))
        {
            await create.ExecuteNonQueryAsync();
        }

        await using (var insert = new NpgsqlCommand("INSERT INTO products VALUES (@slug)", connection))
        {
            insert.Parameters.AddWithValue("slug", postgres.Slug("blue-chair"));
            Assert.Equal(1, await insert.ExecuteNonQueryAsync());
        }

        Assert.Contains(postgres.Session.Id, postgres.DatabaseName, StringComparison.Ordinal);
        SeenReport.Write("catalog", postgres.Session, "postgresql", postgres.DatabaseName);
    }

    [Fact]
    public async Task Prices_live_in_this_sessions_sqlite_file()
    {
        await using var connection = await sqlite.Provider.OpenConnectionAsync(sqlite.Database);
        await using var command = connection.CreateCommand();
        command.CommandText = "CREATE TABLE prices (slug TEXT PRIMARY KEY, cents INTEGER); INSERT INTO prices VALUES ('blue-chair', 4900);";
        await command.ExecuteNonQueryAsync();

        Assert.Contains(sqlite.Session.Id, sqlite.DatabaseName, StringComparison.Ordinal);
        SeenReport.Write("catalog", sqlite.Session, "sqlite", sqlite.DatabaseName);
    }
}
