using Tractatus.TestIsolation.AdapterTests;
using Tractatus.TestIsolation.PostgreSql;
using Tractatus.TestIsolation.Sqlite;
using Tractatus.TestIsolation.Xunit.V3;
using Xunit;

[assembly: AssemblyFixture(typeof(SessionIsolationRun))]

namespace Tractatus.TestIsolation.Xunit.V3.Tests;

public sealed class SqliteFixture : SessionIsolatedFixture<SqliteDatabaseProvider>
{
    public string SeededSlug { get; private set; } = string.Empty;

    protected override async Task SeedAsync() => SeededSlug = await AdapterChecks.SeedSqliteAsync(this);
}

public sealed class PostgresFixture : SessionIsolatedFixture<PostgreSqlDatabaseProvider>
{
    public string SeededSlug { get; private set; } = string.Empty;

    protected override PostgreSqlDatabaseProvider CreateProvider() => AdapterChecks.PostgresProvider();

    protected override async Task SeedAsync() => SeededSlug = await AdapterChecks.SeedPostgresAsync(this);
}

public sealed class SqliteTests(SqliteFixture fixture) : IClassFixture<SqliteFixture>
{
    [Fact]
    public void The_assembly_fixture_started_the_run() => AdapterChecks.RunIsActive(fixture);

    [Fact]
    public Task The_seeded_row_is_in_the_session_database() => AdapterChecks.SqliteRowIsThereAsync(fixture, fixture.SeededSlug);
}

public sealed class PostgresTests(PostgresFixture fixture) : IClassFixture<PostgresFixture>
{
    [Fact]
    public void The_assembly_fixture_started_the_run() => AdapterChecks.RunIsActive(fixture);

    [Fact]
    public Task The_seeded_row_is_in_the_session_database() => AdapterChecks.PostgresRowIsThereAsync(fixture, fixture.SeededSlug);
}
