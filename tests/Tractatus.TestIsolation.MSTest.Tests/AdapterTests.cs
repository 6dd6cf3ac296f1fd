using Microsoft.VisualStudio.TestTools.UnitTesting;
using Tractatus.TestIsolation.AdapterTests;
using Tractatus.TestIsolation.MSTest;
using Tractatus.TestIsolation.PostgreSql;
using Tractatus.TestIsolation.Sqlite;

[assembly: Parallelize(Scope = ExecutionScope.ClassLevel)]

namespace Tractatus.TestIsolation.MSTest.Tests;

[TestClass]
public static class Run
{
    [AssemblyInitialize]
    public static void Start(TestContext context) => SessionIsolation.StartRun(context);

    [AssemblyCleanup]
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

[TestClass]
public sealed class SqliteTests
{
    private static readonly SqliteFixture Database = new();

    [ClassInitialize]
    public static Task Initialize(TestContext context) => Database.InitializeAsync();

    [ClassCleanup]
    public static async Task Cleanup() => await Database.DisposeAsync();

    [TestMethod]
    public void The_assembly_hook_started_the_run() => AdapterChecks.RunIsActive(Database);

    [TestMethod]
    public Task The_seeded_row_is_in_the_session_database() => AdapterChecks.SqliteRowIsThereAsync(Database, Database.SeededSlug);
}

[TestClass]
public sealed class PostgresTests
{
    private static readonly PostgresFixture Database = new();

    [ClassInitialize]
    public static Task Initialize(TestContext context) => Database.InitializeAsync();

    [ClassCleanup]
    public static async Task Cleanup() => await Database.DisposeAsync();

    [TestMethod]
    public void The_assembly_hook_started_the_run() => AdapterChecks.RunIsActive(Database);

    [TestMethod]
    public Task The_seeded_row_is_in_the_session_database() => AdapterChecks.PostgresRowIsThereAsync(Database, Database.SeededSlug);
}
