using Npgsql;
using Shouldly;
using Tractatus.TestIsolation.Leases;
using Xunit;

namespace Tractatus.TestIsolation.PostgreSql.Tests;

/// <summary>One stuck or forbidden database never stalls or aborts a sweep; every wait is bounded and names the holder.</summary>
public sealed class PostgreSqlStuckAndForbiddenTests
{
    [PostgresFact]
    public async Task A_database_whose_lock_another_process_holds_is_reported_and_the_sweep_goes_on_at_once()
    {
        // The lock is taken while the owner still runs: from then on no sweeper of any test process may drop it.
        await using var holder = await PostgresTestServer.OpenUnpooledAsync();
        var held = await PostgresTestServer.CreateExpiredAsync("heldlock", whileOwned: async name =>
        {
            await using var take = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", holder);
            take.Parameters.AddWithValue("key", PostgreSqlLeases.LockKey(name));
            await take.ExecuteScalarAsync();
        });
        var free = await PostgresTestServer.CreateExpiredAsync("freelock");

        try
        {
            await using var sweeper = PostgresTestServer.Provider();
            var report = await sweeper.SweepExpiredAsync(PostgresTestServer.Session());

            // Another test process may sweep the expired free database first; either way it is gone and this sweep
            // went on past the held one.
            (await PostgresTestServer.ExistsAsync(free)).ShouldBeFalse();
            report.Items.Where(i => i.Name == free).ShouldAllBe(i => i.Action == SweepAction.Dropped);
            var item = report.Items.Single(i => i.Name == held);
            item.Action.ShouldBe(SweepAction.KeptLive);
            item.Reason.ShouldContain("holds its lock");
            (await PostgresTestServer.ExistsAsync(held)).ShouldBeTrue();
        }
        finally
        {
            await holder.CloseAsync();
            await PostgresTestServer.DropIfExistsAsync(held);
            await PostgresTestServer.DropIfExistsAsync(free);
        }
    }

    [PostgresFact]
    public async Task An_owner_waiting_for_a_held_database_lock_gives_up_in_time_naming_the_holder()
    {
        var session = PostgresTestServer.Session();
        await using var provider = PostgresTestServer.Provider();
        var database = await provider.CreateDatabaseAsync(session, "waitlock");
        await using var holder = await PostgresTestServer.OpenUnpooledAsync();
        await using (var take = new NpgsqlCommand("SET application_name = 'the-lock-holder'; SELECT pg_advisory_lock(@key)", holder))
        {
            take.Parameters.AddWithValue("key", PostgreSqlLeases.LockKey(database.Name));
            await take.ExecuteNonQueryAsync();
        }

        var previous = PostgreSqlLeases.NameLockTimeout;
        PostgreSqlLeases.NameLockTimeout = TimeSpan.FromSeconds(1);
        try
        {
            var error = await Should.ThrowAsync<TimeoutException>(() => provider.DropDatabaseAsync(session, database.Name));
            error.Message.ShouldContain($"the lock of session database '{database.Name}'");
            error.Message.ShouldContain("server pid " + holder.ProcessID);
            error.Message.ShouldContain("the-lock-holder");
        }
        finally
        {
            PostgreSqlLeases.NameLockTimeout = previous;
            await holder.CloseAsync();
            (await provider.DropDatabaseAsync(session, database.Name)).ShouldBeTrue();
        }
    }

    [PostgresFact]
    public async Task A_database_the_sweeping_role_may_not_drop_is_reported_and_the_other_expired_databases_go()
    {
        var role = "tractatus_sweeper_" + Guid.NewGuid().ToString("N")[..8];
        await PostgresTestServer.ExecuteAsync($"CREATE ROLE {role} LOGIN CREATEDB");
        var asRole = new NpgsqlConnectionStringBuilder(PostgresTestServer.RequiredConnectionString) { Username = role, Password = null }.ConnectionString;
        var forbidden = await PostgresTestServer.CreateExpiredAsync("forbidden"); // owned by the superuser
        var allowed = await PostgresTestServer.CreateExpiredAsync("allowed", asRole);
        try
        {
            await using var sweeper = new PostgreSqlDatabaseProvider(new PostgreSqlProviderOptions { ConnectionString = asRole });
            var report = await sweeper.SweepExpiredAsync(PostgresTestServer.Session());

            report.Dropped.ShouldContain(allowed);
            var failed = report.Failed.Single(f => f.Name == forbidden);
            failed.Reason.ShouldContain("must be owner");
            (await PostgresTestServer.ExistsAsync(forbidden)).ShouldBeTrue();
            (await PostgresTestServer.ExistsAsync(allowed)).ShouldBeFalse();
        }
        finally
        {
            await PostgresTestServer.DropIfExistsAsync(forbidden);
            await PostgresTestServer.DropIfExistsAsync(allowed);
            NpgsqlConnection.ClearAllPools();
            await PostgresTestServer.ExecuteAsync($"DROP ROLE IF EXISTS {role}");
        }
    }

    [PostgresFact]
    public async Task A_session_waits_out_another_sessions_template_build_longer_than_the_command_timeout()
    {
        var key = "slow-build-" + Guid.NewGuid().ToString("N");
        var options = new PostgreSqlProviderOptions
        {
            // A short Npgsql command timeout (the default is 30 s): a wait for the build lock bounded by it would fail.
            ConnectionString = new NpgsqlConnectionStringBuilder(PostgresTestServer.RequiredConnectionString) { CommandTimeout = 8 }.ConnectionString,
            TemplateDatabase = "tractatus_slowbuild",
            TemplateKey = key,
            Migrate = async connection =>
            {
                await using var command = new NpgsqlCommand("CREATE TABLE seeded (id int)", connection);
                await command.ExecuteNonQueryAsync();
            },
            TemplateBuildTimeout = TimeSpan.FromSeconds(60),
        };
        await using var provider = new PostgreSqlDatabaseProvider(options);
        await using var builder = await PostgresTestServer.OpenUnpooledAsync();
        await using (var take = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", builder))
        {
            take.Parameters.AddWithValue("key", PostgreSqlSql.LockKey("template", key));
            await take.ExecuteScalarAsync();
        }

        var session = PostgresTestServer.Session();
        var creating = provider.CreateDatabaseAsync(session, "afterbuild");
        await Task.Delay(TimeSpan.FromSeconds(9)); // longer than the command timeout; the create must still be waiting
        creating.IsCompleted.ShouldBeFalse(creating.Exception?.ToString() ?? "finished while the build lock was held");
        await builder.CloseAsync(); // the other "build" ends

        var database = await creating;
        try
        {
            database.Name.ShouldStartWith("afterbuild_");
        }
        finally
        {
            await provider.DropDatabaseAsync(session, database.Name);
            await provider.DropTemplateAsync();
        }
    }

    [PostgresFact]
    public async Task A_template_build_held_past_TemplateBuildTimeout_fails_naming_the_holder()
    {
        var key = "stuck-build-" + Guid.NewGuid().ToString("N");
        await using var provider = new PostgreSqlDatabaseProvider(new PostgreSqlProviderOptions
        {
            ConnectionString = PostgresTestServer.RequiredConnectionString,
            TemplateDatabase = "tractatus_stuckbuild",
            TemplateKey = key,
            Migrate = _ => Task.CompletedTask,
            TemplateBuildTimeout = TimeSpan.FromSeconds(1),
        });
        await using var builder = await PostgresTestServer.OpenUnpooledAsync();
        await using (var take = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", builder))
        {
            take.Parameters.AddWithValue("key", PostgreSqlSql.LockKey("template", key));
            await take.ExecuteScalarAsync();
        }

        var error = await Should.ThrowAsync<TimeoutException>(() => provider.CreateDatabaseAsync(PostgresTestServer.Session(), "neverbuilt"));

        error.Message.ShouldContain("build lock of template database 'tractatus_stuckbuild_");
        error.Message.ShouldContain("server pid " + builder.ProcessID);
        error.Message.ShouldContain("TemplateBuildTimeout");
    }
}
