using System.Text.RegularExpressions;
using Shouldly;
using Tractatus.TestIsolation.Testing;
using Xunit;

namespace Tractatus.TestIsolation.PostgreSql.Tests;

/// <summary>Real concurrent sessions and a real crash: separate worker processes against the test server.</summary>
public sealed class PostgreSqlMultiProcessTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private static Dictionary<string, string> Environment => new() { ["TRACTATUS_POSTGRES_CONNECTION_STRING"] = PostgresTestServer.RequiredConnectionString };

    [PostgresFact]
    public async Task Four_concurrent_sessions_get_distinct_databases_and_never_see_each_others_rows()
    {
        var barrier = Path.Combine(Path.GetTempPath(), "tractatus-pg-barrier-" + Guid.NewGuid().ToString("N"));
        var workers = Enumerable.Range(0, 4).Select(_ => WorkerProcess.Start("postgres-isolate", ["concurrent", barrier], Environment)).ToArray();
        try
        {
            foreach (var worker in workers)
            {
                await worker.WaitForOutputAsync("READY ", StartTimeout);
            }

            // All four are alive and have written the same fixed slugs, each into its own database.
            var names = workers.Select(w => Regex.Match(w.StandardOutput, @"READY (\S+)").Groups[1].Value).ToArray();
            names.Distinct().Count().ShouldBe(4);
            foreach (var name in names)
            {
                (await PostgresTestServer.ExistsAsync(name)).ShouldBeTrue();
            }

            await File.WriteAllTextAsync(barrier, "go");
            foreach (var worker in workers)
            {
                var exit = await worker.WaitForExitAsync(StartTimeout);
                exit.ShouldBe(0, $"worker output:\n{worker.StandardOutput}\n{worker.StandardError}");
                worker.StandardOutput.ShouldContain("ROWS 3 0");
                worker.StandardOutput.ShouldContain("DONE dropped=True");
            }

            foreach (var name in names)
            {
                (await PostgresTestServer.ExistsAsync(name)).ShouldBeFalse();
            }
        }
        finally
        {
            foreach (var worker in workers)
            {
                worker.Dispose();
            }

            File.Delete(barrier);
        }
    }

    [PostgresFact]
    public async Task A_killed_sessions_database_survives_sweeps_while_its_lease_lives_and_is_swept_after_it_expires()
    {
        // Heartbeats every 2 s; a worker starved of CPU for up to 4 s (two cores, other test hosts) still keeps its lease.
        var ttl = TimeSpan.FromSeconds(6);
        using var worker = WorkerProcess.Start("postgres-hold", ["crashed", "6"], Environment);
        await worker.WaitForOutputAsync("CREATED ", StartTimeout);
        var name = Regex.Match(worker.StandardOutput, @"CREATED (\S+)").Groups[1].Value;

        await using var sweeper = PostgresTestServer.Provider();
        var me = PostgresTestServer.Session();
        try
        {
            // Longer than the TTL: only the worker's heartbeats keep the lease alive.
            await Task.Delay(ttl + TimeSpan.FromSeconds(1));
            var whileAlive = await sweeper.SweepExpiredAsync(me);
            whileAlive.KeptLive.ShouldContain(name);
            whileAlive.Dropped.ShouldNotContain(name);
            (await PostgresTestServer.ExistsAsync(name)).ShouldBeTrue();

            worker.Kill(); // SIGKILL: no teardown, no handlers
            (await PostgresTestServer.ExistsAsync(name)).ShouldBeTrue("the killed session leaves its database behind");

            // Its process is gone, but liveness is the lease, not the pid: until the lease runs out it stays.
            var justAfterKill = await sweeper.SweepExpiredAsync(me);
            justAfterKill.KeptLive.ShouldContain(name);
            (await PostgresTestServer.ExistsAsync(name)).ShouldBeTrue();

            var deadline = DateTime.UtcNow + ttl + TimeSpan.FromSeconds(20);
            while (await PostgresTestServer.ExistsAsync(name) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(500);
                await sweeper.SweepExpiredAsync(me);
            }

            (await PostgresTestServer.ExistsAsync(name)).ShouldBeFalse("a sweep after the lease expired removes it");
        }
        finally
        {
            await PostgresTestServer.DropIfExistsAsync(name);
        }
    }
}
