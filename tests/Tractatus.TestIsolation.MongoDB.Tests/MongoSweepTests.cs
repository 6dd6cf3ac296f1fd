using Microsoft.Extensions.Time.Testing;
using MongoDB.Bson;
using Shouldly;
using Xunit;

namespace Tractatus.TestIsolation.MongoDB.Tests;

public sealed class MongoSweepTests
{
    [MongoFact]
    public async Task A_database_whose_lease_expired_is_dropped_by_another_runs_sweep()
    {
        var crashed = MongoTestServer.Session();
        string name;
        // Its clock runs an hour behind: the lease expired long ago by the server's clock. No heartbeat follows,
        // like a run killed right after creating its database.
        await using (var owner = MongoTestServer.Provider(TimeSpan.FromMinutes(1), new FakeTimeProvider(DateTimeOffset.UtcNow.AddHours(-1))))
        {
            name = (await owner.CreateDatabaseAsync(crashed, "expired")).Name;
        }

        await using var nextRun = MongoTestServer.Provider();
        var report = await nextRun.SweepExpiredAsync(MongoTestServer.Session());

        (await MongoTestServer.ExistsAsync(name)).ShouldBeFalse();
        report.KeptLive.ShouldNotContain(name);
        report.Ignored.ShouldNotContain(name);
    }

    [MongoFact]
    public async Task A_database_with_a_live_lease_is_never_dropped()
    {
        var live = MongoTestServer.Session();
        await using var owner = MongoTestServer.Provider(TimeSpan.FromMinutes(5));
        var database = await owner.CreateDatabaseAsync(live, "live");
        try
        {
            await using var otherRun = MongoTestServer.Provider();
            var report = await otherRun.SweepExpiredAsync(MongoTestServer.Session());

            report.KeptLive.ShouldContain(database.Name);
            report.Dropped.ShouldNotContain(database.Name);
            (await MongoTestServer.ExistsAsync(database.Name)).ShouldBeTrue();
        }
        finally
        {
            (await owner.DropDatabaseAsync(live, database.Name)).ShouldBeTrue();
        }
    }

    [MongoFact]
    public async Task Lookalikes_without_this_librarys_lease_are_never_dropped()
    {
        var expired = DateTime.UtcNow.AddHours(-1);
        BsonDocument Lease(string owner, string library) => new()
        {
            { "_id", MongoTestServer.LeaseId }, { "owner", owner }, { "host", "h" }, { "processId", 1 },
            { "startedAt", expired }, { "heartbeatAt", expired }, { "expiresAt", expired },
            { "library", library }, { "version", 1 },
        };

        var lookalikes = new[]
        {
            await MongoTestServer.CreateLookalikeAsync("nolease"),
            await MongoTestServer.CreateLookalikeAsync("otherlib", Lease("someone", "SomeOtherTool")),
            await MongoTestServer.CreateLookalikeAsync("badlease", new BsonDocument { { "_id", MongoTestServer.LeaseId }, { "note", "not a lease" } }),
            // A well-formed expired lease whose owner is not the session the name claims: not our pairing.
            await MongoTestServer.CreateLookalikeAsync("mismatch", Lease(TestSession.Start().Id, "Tractatus.TestIsolation")),
        };

        try
        {
            await using var provider = MongoTestServer.Provider();
            var report = await provider.SweepExpiredAsync(MongoTestServer.Session());

            foreach (var name in lookalikes)
            {
                report.Ignored.ShouldContain(name);
                report.Dropped.ShouldNotContain(name);
                (await MongoTestServer.ExistsAsync(name)).ShouldBeTrue($"{name} was dropped although it has no lease of ours");
            }
        }
        finally
        {
            foreach (var name in lookalikes)
            {
                await MongoTestServer.DropAsync(name);
            }
        }
    }

    [MongoFact]
    public async Task The_current_sessions_databases_are_never_swept_even_with_an_expired_lease()
    {
        var current = MongoTestServer.Session();
        await using var provider = MongoTestServer.Provider(TimeSpan.FromMinutes(1), new FakeTimeProvider(DateTimeOffset.UtcNow.AddHours(-1)));
        var database = await provider.CreateDatabaseAsync(current, "current");
        try
        {

            var report = await provider.SweepExpiredAsync(current);

            report.KeptLive.ShouldContain(database.Name);
            (await MongoTestServer.ExistsAsync(database.Name)).ShouldBeTrue();
        }
        finally
        {
            await provider.DropDatabaseAsync(current, database.Name);
        }
    }

    [MongoFact]
    public async Task System_databases_are_not_reported()
    {
        await using var provider = MongoTestServer.Provider();
        var report = await provider.SweepExpiredAsync(MongoTestServer.Session());

        report.Ignored.ShouldNotContain("admin");
        report.KeptLive.ShouldNotContain("admin");
        report.Dropped.ShouldNotContain("admin");
    }
}
