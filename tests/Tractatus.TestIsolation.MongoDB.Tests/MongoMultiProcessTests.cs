using Tractatus.TestIsolation.Databases;
using Tractatus.TestIsolation.Testing;

namespace Tractatus.TestIsolation.MongoDB.Tests;

/// <summary>Real concurrent sessions and a real crash: separate worker processes against the test server.</summary>
public sealed class MongoMultiProcessTests : MultiProcessSessionScenarios
{
    protected override IReadOnlyDictionary<string, string> WorkerEnvironment =>
        new Dictionary<string, string> { ["TRACTATUS_MONGODB_URI"] = MongoTestServer.RequiredConnectionString };

    protected override string IsolateCommand => "mongo-isolate";

    protected override string HoldCommand => "mongo-hold";

    protected override string BarrierTag => "mongo";

    protected override IIsolatedDatabaseProvider CreateProvider(TimeProvider? clock = null) => MongoTestServer.Provider(clock: clock);

    protected override Task<bool> ExistsAsync(string database) => MongoTestServer.ExistsAsync(database);

    protected override async Task DropIfExistsAsync(string database)
    {
        if (await MongoTestServer.ExistsAsync(database))
        {
            await MongoTestServer.DropAsync(database);
        }
    }

    [MongoFact]
    public Task Four_concurrent_sessions_get_distinct_databases_and_never_see_each_others_documents() =>
        FourConcurrentSessionsStayApartAsync(expectedCounts: "DOCS 3 0");

    [MongoFact]
    public Task A_killed_sessions_database_survives_sweeps_while_its_lease_lives_and_is_swept_after_it_expires() =>
        KilledSessionIsSweptOnlyAfterItsLeaseExpiresAsync();
}
