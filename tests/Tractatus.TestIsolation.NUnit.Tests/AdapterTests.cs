using NUnit.Framework;
using Tractatus.TestIsolation.AdapterTests;
using Tractatus.TestIsolation.NUnit;
using Tractatus.TestIsolation.PostgreSql;
using Tractatus.TestIsolation.Sqlite;

[assembly: UseSessionIsolation]

namespace Tractatus.TestIsolation.NUnit.Tests;

[TestFixture]
public sealed class SqliteTests : SessionIsolatedFixture<SqliteDatabaseProvider>
{
    private string _slug = string.Empty;

    [Test]
    public void The_assembly_attribute_started_the_run() => AdapterChecks.RunIsActive(this);

    [Test]
    public Task The_seeded_row_is_in_the_session_database() => AdapterChecks.SqliteRowIsThereAsync(this, _slug);

    protected override async Task SeedAsync() => _slug = await AdapterChecks.SeedSqliteAsync(this);
}

[TestFixture]
public sealed class PostgresTests : SessionIsolatedFixture<PostgreSqlDatabaseProvider>
{
    private string _slug = string.Empty;

    [Test]
    public void The_assembly_attribute_started_the_run() => AdapterChecks.RunIsActive(this);

    [Test]
    public Task The_seeded_row_is_in_the_session_database() => AdapterChecks.PostgresRowIsThereAsync(this, _slug);

    protected override PostgreSqlDatabaseProvider CreateProvider() => AdapterChecks.PostgresProvider();

    protected override async Task SeedAsync() => _slug = await AdapterChecks.SeedPostgresAsync(this);
}
