using Tractatus.TestIsolation.Databases;
using Tractatus.TestIsolation.Testing;

namespace Tractatus.TestIsolation.PostgreSql.Tests;

/// <summary>Real concurrent sessions and a real crash: separate worker processes against the test server.</summary>
public sealed class PostgreSqlMultiProcessTests : MultiProcessSessionScenarios
{
    protected override IReadOnlyDictionary<string, string> WorkerEnvironment =>
        new Dictionary<string, string> { ["TRACTATUS_POSTGRES_CONNECTION_STRING"] = PostgresTestServer.RequiredConnectionString };

    protected override string IsolateCommand => "postgres-isolate";

    protected override string HoldCommand => "postgres-hold";

    protected override string BarrierTag => "pg";

    protected override IIsolatedDatabaseProvider CreateProvider(TimeProvider? clock = null) => PostgresTestServer.Provider(clock: clock);

    protected override Task<bool> ExistsAsync(string database) => PostgresTestServer.ExistsAsync(database);

    protected override Task DropIfExistsAsync(string database) => PostgresTestServer.DropIfExistsAsync(database);

    [PostgresFact]
    public Task Four_concurrent_sessions_get_distinct_databases_and_never_see_each_others_rows() =>
        FourConcurrentSessionsStayApartAsync(expectedCounts: "ROWS 3 0");

    [PostgresFact]
    public Task A_killed_sessions_database_survives_sweeps_while_its_lease_lives_and_is_swept_after_it_expires() =>
        KilledSessionIsSweptOnlyAfterItsLeaseExpiresAsync();
}
