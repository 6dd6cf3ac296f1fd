using Microsoft.Extensions.Time.Testing;
using Shouldly;
using Xunit;

namespace Tractatus.TestIsolation.PostgreSql.Tests;

public sealed class PostgreSqlSweepTests
{
    [PostgresFact]
    public async Task A_database_whose_lease_expired_is_dropped_by_another_runs_sweep()
    {
        var crashed = PostgresTestServer.Session();
        string name;
        // Its clock runs an hour behind: the lease expired long ago by the server's clock. No heartbeat follows,
        // like a run killed right after creating its database.
        await using (var owner = PostgresTestServer.Provider(TimeSpan.FromMinutes(1), new FakeTimeProvider(DateTimeOffset.UtcNow.AddHours(-1))))
        {
            name = (await owner.CreateDatabaseAsync(crashed, "expired")).Name;
        }

        await using var nextRun = PostgresTestServer.Provider();
        var report = await nextRun.SweepExpiredAsync(PostgresTestServer.Session());

        (await PostgresTestServer.ExistsAsync(name)).ShouldBeFalse();
        report.KeptLive.ShouldNotContain(name);
        report.Ignored.ShouldNotContain(name);
    }

    [PostgresFact]
    public async Task A_database_with_a_live_lease_is_never_dropped()
    {
        var live = PostgresTestServer.Session();
        await using var owner = PostgresTestServer.Provider(TimeSpan.FromMinutes(5));
        var database = await owner.CreateDatabaseAsync(live, "live");
        try
        {
            await using var otherRun = PostgresTestServer.Provider();
            var report = await otherRun.SweepExpiredAsync(PostgresTestServer.Session());

            report.KeptLive.ShouldContain(database.Name);
            report.Dropped.ShouldNotContain(database.Name);
            (await PostgresTestServer.ExistsAsync(database.Name)).ShouldBeTrue();
        }
        finally
        {
            (await owner.DropDatabaseAsync(live, database.Name)).ShouldBeTrue();
        }
    }

    [PostgresFact]
    public async Task Lookalikes_without_this_librarys_lease_are_never_dropped()
    {
        var expired = DateTimeOffset.UtcNow.AddHours(-1).ToString("O");
        var lookalikes = new[]
        {
            await PostgresTestServer.CreateLookalikeAsync("nocomment"),
            await PostgresTestServer.CreateLookalikeAsync("usercomment", "orders database of the reporting team"),
            await PostgresTestServer.CreateLookalikeAsync("otherlib", $$"""{"owner":"x","host":"h","processId":1,"startedAt":"{{expired}}","heartbeatAt":"{{expired}}","expiresAt":"{{expired}}","library":"SomeOtherTool","version":1}"""),
        };

        // A well-formed expired lease whose owner is not the session the name claims: not our pairing.
        var mismatched = await PostgresTestServer.CreateLookalikeAsync(
            "mismatch",
            $$"""{"owner":"{{TestSession.Start().Id}}","host":"h","processId":1,"startedAt":"{{expired}}","heartbeatAt":"{{expired}}","expiresAt":"{{expired}}","library":"Tractatus.TestIsolation","version":1}""");
        lookalikes = [.. lookalikes, mismatched];

        try
        {
            await using var provider = PostgresTestServer.Provider();
            var report = await provider.SweepExpiredAsync(PostgresTestServer.Session());

            foreach (var name in lookalikes)
            {
                report.Ignored.ShouldContain(name);
                report.Dropped.ShouldNotContain(name);
                (await PostgresTestServer.ExistsAsync(name)).ShouldBeTrue($"{name} was dropped although it has no lease of ours");
            }
        }
        finally
        {
            foreach (var name in lookalikes)
            {
                await PostgresTestServer.DropIfExistsAsync(name);
            }
        }
    }

    [PostgresFact]
    public async Task The_current_sessions_databases_are_never_swept_even_with_an_expired_lease()
    {
        var current = PostgresTestServer.Session();
        await using var provider = PostgresTestServer.Provider(TimeSpan.FromMinutes(1), new FakeTimeProvider(DateTimeOffset.UtcNow.AddHours(-1)));
        var database = await provider.CreateDatabaseAsync(current, "current");
        try
        {

            var report = await provider.SweepExpiredAsync(current);

            report.KeptLive.ShouldContain(database.Name);
            (await PostgresTestServer.ExistsAsync(database.Name)).ShouldBeTrue();
        }
        finally
        {
            await provider.DropDatabaseAsync(current, database.Name);
        }
    }

    [PostgresFact]
    public async Task Databases_not_named_like_session_databases_are_not_reported()
    {
        await using var provider = PostgresTestServer.Provider();
        var report = await provider.SweepExpiredAsync(PostgresTestServer.Session());

        report.Ignored.ShouldNotContain("postgres");
        report.KeptLive.ShouldNotContain("postgres");
        (await PostgresTestServer.ExistsAsync("postgres")).ShouldBeTrue();
    }
}
