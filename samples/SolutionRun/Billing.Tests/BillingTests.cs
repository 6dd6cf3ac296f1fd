using Npgsql;
using SolutionRun;
using Tractatus.TestIsolation.PostgreSql;
using Tractatus.TestIsolation.Xunit;

[assembly: UseSessionIsolation]

namespace Billing.Tests;

public sealed class BillingTests(SessionIsolatedFixture<PostgreSqlDatabaseProvider> postgres) : IClassFixture<SessionIsolatedFixture<PostgreSqlDatabaseProvider>>
{
    [Fact]
    public async Task Invoices_live_in_this_sessions_postgres_database()
    {
        await using var connection = await postgres.Provider.OpenConnectionAsync(postgres.Database);
        await using var command = new NpgsqlCommand("CREATE TABLE invoices (number text PRIMARY KEY); INSERT INTO invoices VALUES ('INV-1');", connection);
        await command.ExecuteNonQueryAsync();

        Assert.Contains(postgres.Session.Id, postgres.DatabaseName, StringComparison.Ordinal);
        SeenReport.Write("billing", postgres.Session, "postgresql", postgres.DatabaseName);
    }

    /// <summary>
    /// With SOLUTIONRUN_FORGET_ONE=1: a test that creates a database through the provider and never drops it, as real
    /// suites sometimes do. The test process exits without removing it; the tool's cleanup at the end of the run does.
    /// </summary>
    [Fact]
    public async Task A_test_that_forgets_to_drop_its_database()
    {
        if (Environment.GetEnvironmentVariable("SOLUTIONRUN_FORGET_ONE") != "1")
        {
            return;
        }

        var provider = PostgreSqlDatabaseProvider.FromEnvironment();
        var forgotten = await provider.CreateDatabaseAsync(postgres.Session, "forgotten");
        SeenReport.Write("billing", postgres.Session, "postgresql", forgotten.Name);
    }
}
