using Tractatus.TestIsolation.AdapterTests;
using Tractatus.TestIsolation.PostgreSql;
using Tractatus.TestIsolation.Sqlite;
using Tractatus.TestIsolation.TUnit;

namespace Tractatus.TestIsolation.TUnit.Tests;

public static class Run
{
    [Before(HookType.TestSession)] // HookType. because Tractatus.TestIsolation.TestSession is in scope here
    public static void Start() => SessionIsolation.StartRun();

    [After(HookType.TestSession)]
    public static Task End() => SessionIsolation.EndRunAsync();
}

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

[ClassDataSource<SqliteFixture>(Shared = SharedType.PerClass)]
public sealed class SqliteTests(SqliteFixture fixture)
{
    [Test]
    public void The_session_hook_started_the_run() => AdapterChecks.RunIsActive(fixture);

    [Test]
    public Task The_seeded_row_is_in_the_session_database() => AdapterChecks.SqliteRowIsThereAsync(fixture, fixture.SeededSlug);
}

[ClassDataSource<PostgresFixture>(Shared = SharedType.PerClass)]
public sealed class PostgresTests(PostgresFixture fixture)
{
    [Test]
    public void The_session_hook_started_the_run() => AdapterChecks.RunIsActive(fixture);

    [Test]
    public Task The_seeded_row_is_in_the_session_database() => AdapterChecks.PostgresRowIsThereAsync(fixture, fixture.SeededSlug);
}
