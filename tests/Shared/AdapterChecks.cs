using Npgsql;
using Shouldly;
using Tractatus.TestIsolation.Databases;
using Tractatus.TestIsolation.PostgreSql;
using Tractatus.TestIsolation.Run;
using Tractatus.TestIsolation.Sqlite;

namespace Tractatus.TestIsolation.AdapterTests;

/// <summary>
/// What every framework adapter's tests check, written once: each adapter's test project seeds its fixtures and
/// asserts through these, against real SQLite files and the PostgreSQL server named by <c>TRACTATUS_TEST_POSTGRES</c>.
/// </summary>
internal static class AdapterChecks
{
    public const string PostgresVariable = "TRACTATUS_TEST_POSTGRES";

    public static PostgreSqlDatabaseProvider PostgresProvider() => new(new PostgreSqlProviderOptions
    {
        ConnectionString = Environment.GetEnvironmentVariable(PostgresVariable)
            ?? throw new InvalidOperationException($"{PostgresVariable} is not set: these tests need a PostgreSQL server. Run `eval \"$(build/services/postgres.sh)\"` first (build/test.sh does)."),
    });

    /// <summary>The framework hook started a run, and the fixture and ambient session are that run's.</summary>
    public static void RunIsActive(SessionDatabaseFixture fixture)
    {
        var run = SessionRun.Active.ShouldNotBeNull("the framework hook should have started a run before any test");
        run.IsEnding.ShouldBeFalse();
        TestSession.Current.ShouldBeSameAs(run.Session);
        fixture.Session.ShouldBeSameAs(run.Session);
        fixture.DatabaseName.ShouldStartWith(fixture.Session.Options.DatabasePrefix + "_" + fixture.Session.Id);
    }

    public static async Task<string> SeedSqliteAsync(SessionDatabaseFixture fixture)
    {
        var slug = fixture.Slug("test-document-integration");
        await using var connection = await ((SqliteDatabaseProvider)fixture.Provider).OpenConnectionAsync(fixture.Database);
        await using var command = connection.CreateCommand();
        command.CommandText = "CREATE TABLE documents (slug TEXT NOT NULL UNIQUE, title TEXT); INSERT INTO documents (slug, title) VALUES ($slug, 'Test Document');";
        command.Parameters.AddWithValue("$slug", slug);
        await command.ExecuteNonQueryAsync();
        return slug;
    }

    public static async Task SqliteRowIsThereAsync(SessionDatabaseFixture fixture, string slug)
    {
        File.Exists(fixture.Database.DisplayName).ShouldBeTrue();
        await using var connection = await ((SqliteDatabaseProvider)fixture.Provider).OpenConnectionAsync(fixture.Database);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT title FROM documents WHERE slug = $slug";
        command.Parameters.AddWithValue("$slug", slug);
        (await command.ExecuteScalarAsync()).ShouldBe("Test Document");
    }

    public static async Task<string> SeedPostgresAsync(SessionDatabaseFixture fixture)
    {
        var slug = fixture.Slug("test-document-integration");
        await using var connection = await ((PostgreSqlDatabaseProvider)fixture.Provider).OpenConnectionAsync(fixture.Database);
        await using var command = new NpgsqlCommand("CREATE TABLE documents (slug text NOT NULL UNIQUE, title text); INSERT INTO documents (slug, title) VALUES (@slug, 'Test Document');", connection);
        command.Parameters.AddWithValue("slug", slug);
        await command.ExecuteNonQueryAsync();
        return slug;
    }

    public static async Task PostgresRowIsThereAsync(SessionDatabaseFixture fixture, string slug)
    {
        await using var connection = await ((PostgreSqlDatabaseProvider)fixture.Provider).OpenConnectionAsync(fixture.Database);
        await using var command = new NpgsqlCommand("SELECT title FROM documents WHERE slug = @slug", connection);
        command.Parameters.AddWithValue("slug", slug);
        (await command.ExecuteScalarAsync()).ShouldBe("Test Document");
        connection.Database.ShouldBe(fixture.DatabaseName);
    }
}
