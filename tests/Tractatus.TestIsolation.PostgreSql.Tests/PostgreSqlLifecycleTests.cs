using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Shouldly;
using Tractatus.TestIsolation.Leases;
using Xunit;
using Xunit.Abstractions;

namespace Tractatus.TestIsolation.PostgreSql.Tests;

public sealed class PostgreSqlLifecycleTests(ITestOutputHelper output)
{
    [PostgresFact]
    public async Task Create_makes_a_session_named_database_with_a_lease_from_the_server_clock_and_drop_removes_it()
    {
        var session = PostgresTestServer.Session();
        await using var provider = PostgresTestServer.Provider(TimeSpan.FromMinutes(2));

        var before = await PostgresTestServer.ServerNowAsync();
        var watch = Stopwatch.StartNew();
        var database = await provider.CreateDatabaseAsync(session, "lifecycle");
        var created = watch.Elapsed;
        var after = await PostgresTestServer.ServerNowAsync();

        database.Name.ShouldBe("lifecycle_" + session.Id);
        database.Provider.ShouldBe("postgresql");
        database.DisplayName.ShouldEndWith("/" + database.Name);
        (await PostgresTestServer.ExistsAsync(database.Name)).ShouldBeTrue();
        provider.CreatedDatabases.ShouldContain(database.Name);

        LeaseRecord.TryParse(await PostgresTestServer.CommentAsync(database.Name), out var lease).ShouldBeTrue();
        lease!.Owner.ShouldBe(session.Id);
        lease.ProcessId.ShouldBe(Environment.ProcessId);
        lease.HeartbeatAt.UtcDateTime.ShouldBeInRange(before, after);
        (lease.ExpiresAt - lease.HeartbeatAt).ShouldBe(TimeSpan.FromMinutes(2));

        await using (var connection = await provider.OpenConnectionAsync(database))
        await using (var command = new NpgsqlCommand("SELECT current_database()", connection))
        {
            (await command.ExecuteScalarAsync()).ShouldBe(database.Name);
        }

        watch.Restart();
        (await provider.DropDatabaseAsync(session, database.Name)).ShouldBeTrue();
        var droppedIn = watch.Elapsed;

        (await PostgresTestServer.ExistsAsync(database.Name)).ShouldBeFalse();
        provider.CreatedDatabases.ShouldNotContain(database.Name);
        output.WriteLine($"create {created.TotalMilliseconds:F0} ms, drop {droppedIn.TotalMilliseconds:F0} ms");
    }

    [PostgresFact]
    public async Task A_second_database_with_the_same_prefix_gets_a_numbered_name()
    {
        var session = PostgresTestServer.Session();
        await using var provider = PostgresTestServer.Provider();
        var first = await provider.CreateDatabaseAsync(session, "twice");
        var second = await provider.CreateDatabaseAsync(session, "twice");
        try
        {
            second.Name.ShouldBe($"twice_{session.Id}_2");
            (await PostgresTestServer.ExistsAsync(second.Name)).ShouldBeTrue();
        }
        finally
        {
            (await provider.DropDatabaseAsync(session, first.Name)).ShouldBeTrue();
            (await provider.DropDatabaseAsync(session, second.Name)).ShouldBeTrue();
        }
    }

    [PostgresFact]
    public async Task Heartbeat_renews_the_lease_so_a_sweep_after_the_first_expiry_keeps_it()
    {
        // Without an injected clock the lease takes the server's clock.
        var serverSession = PostgresTestServer.Session();
        await using (var real = PostgresTestServer.Provider())
        {
            var before = await PostgresTestServer.ServerNowAsync();
            var created = await real.CreateDatabaseAsync(serverSession, "serverclock");
            var after = await PostgresTestServer.ServerNowAsync();
            LeaseRecord.TryParse(await PostgresTestServer.CommentAsync(created.Name), out var serverLease).ShouldBeTrue();
            serverLease!.HeartbeatAt.UtcDateTime.ShouldBeInRange(before, after);
            (await real.DropDatabaseAsync(serverSession, created.Name)).ShouldBeTrue();
        }

        var ttl = TimeSpan.FromMinutes(3);
        var clock = new FakeTimeProvider();
        var session = PostgresTestServer.Session();
        await using var provider = PostgresTestServer.Provider(ttl, clock);
        var database = await provider.CreateDatabaseAsync(session, "heartbeat");
        try
        {
            LeaseRecord.TryParse(await PostgresTestServer.CommentAsync(database.Name), out var first).ShouldBeTrue();
            clock.Advance(TimeSpan.FromMinutes(2));

            await provider.HeartbeatAsync(session);

            LeaseRecord.TryParse(await PostgresTestServer.CommentAsync(database.Name), out var renewed).ShouldBeTrue();
            renewed!.Owner.ShouldBe(session.Id);
            renewed.StartedAt.ShouldBe(first!.StartedAt);
            renewed.HeartbeatAt.ShouldBe(clock.GetUtcNow());
            (renewed.ExpiresAt - renewed.HeartbeatAt).ShouldBe(ttl);

            // Past the first lease's expiry, within the renewed one: another run's sweep (same clock) keeps it as live.
            clock.SetUtcNow(first.ExpiresAt);
            await using var otherRun = PostgresTestServer.Provider(clock: clock);
            var report = await otherRun.SweepExpiredAsync(PostgresTestServer.Session());
            report.Items.Single(i => i.Name == database.Name).Resource.State.ShouldBe(Tractatus.TestIsolation.Leases.LeaseState.Live);
            (await PostgresTestServer.ExistsAsync(database.Name)).ShouldBeTrue();
        }
        finally
        {
            await provider.DropDatabaseAsync(session, database.Name);
        }
    }

    [PostgresFact]
    public async Task Drop_refuses_another_sessions_database()
    {
        var owner = PostgresTestServer.Session();
        await using var provider = PostgresTestServer.Provider();
        var database = await provider.CreateDatabaseAsync(owner, "foreign");
        try
        {
            (await provider.DropDatabaseAsync(PostgresTestServer.Session(), database.Name)).ShouldBeFalse();
            (await PostgresTestServer.ExistsAsync(database.Name)).ShouldBeTrue();
        }
        finally
        {
            (await provider.DropDatabaseAsync(owner, database.Name)).ShouldBeTrue();
        }
    }

    [PostgresFact]
    public async Task Drop_refuses_a_lookalike_without_a_lease_even_when_it_carries_the_sessions_id()
    {
        var session = PostgresTestServer.Session();
        var name = session.DatabaseName("lookalike", DatabaseNameRules.PostgreSql);
        await PostgresTestServer.ExecuteAsync($"CREATE DATABASE \"{name}\"");
        try
        {
            await using var provider = PostgresTestServer.Provider();
            (await provider.DropDatabaseAsync(session, name)).ShouldBeFalse();
            (await PostgresTestServer.ExistsAsync(name)).ShouldBeTrue();
        }
        finally
        {
            await PostgresTestServer.DropIfExistsAsync(name);
        }
    }

    [PostgresFact]
    public async Task Drop_refuses_names_outside_the_session_pattern()
    {
        await using var provider = PostgresTestServer.Provider();
        (await provider.DropDatabaseAsync(PostgresTestServer.Session(), "postgres")).ShouldBeFalse();
        (await PostgresTestServer.ExistsAsync("postgres")).ShouldBeTrue();
    }

    [PostgresFact]
    public async Task Drop_succeeds_while_a_connection_is_open_and_the_pool_does_not_hand_out_dead_connections()
    {
        var session = PostgresTestServer.Session();
        await using var provider = PostgresTestServer.Provider();
        var database = await provider.CreateDatabaseAsync(session, "busy");

        await using var busy = await provider.OpenConnectionAsync(database);
        await using (var idle = await provider.OpenConnectionAsync(database))
        {
            // Returned to the pool on dispose: the pool now holds an idle connection to the database.
        }

        (await provider.DropDatabaseAsync(session, database.Name)).ShouldBeTrue();
        (await PostgresTestServer.ExistsAsync(database.Name)).ShouldBeFalse();

        await using var query = new NpgsqlCommand("SELECT 1", busy);
        await Should.ThrowAsync<Exception>(() => query.ExecuteScalarAsync());

        // A pooled connection to the dropped database would open "successfully" and fail on first use;
        // a cleared pool makes the open itself report that the database is gone.
        var reopen = await Should.ThrowAsync<InvalidOperationException>(() => provider.OpenConnectionAsync(database));
        reopen.Message.ShouldContain(database.Name);
    }

    [PostgresFact]
    public async Task Dispose_keeps_the_databases_for_their_owner_to_drop()
    {
        var session = PostgresTestServer.Session();
        string name;
        await using (var provider = PostgresTestServer.Provider())
        {
            name = (await provider.CreateDatabaseAsync(session, "disposed")).Name;
        }

        (await PostgresTestServer.ExistsAsync(name)).ShouldBeTrue();
        await using var again = PostgresTestServer.Provider();
        (await again.DropDatabaseAsync(session, name)).ShouldBeTrue();
    }
}
