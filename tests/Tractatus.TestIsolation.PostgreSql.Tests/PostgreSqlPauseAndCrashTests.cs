using Shouldly;
using Tractatus.TestIsolation.Leases;
using Tractatus.TestIsolation.Testing;
using Xunit;

namespace Tractatus.TestIsolation.PostgreSql.Tests;

/// <summary>
/// Attacks on liveness with real processes: an owner paused (SIGSTOP) past its TTL, and owners SIGKILLed at every
/// point of a database's life. The workers' clocks run an hour behind, so their leases are expired from the start:
/// no test waits on the wall clock for a lease to expire; only for a killed process's connection to close.
/// </summary>
public sealed class PostgreSqlPauseAndCrashTests
{
    private static readonly TimeSpan ProcessTimeout = TimeSpan.FromSeconds(90);

    private static Dictionary<string, string> Environment => new() { ["TRACTATUS_POSTGRES_CONNECTION_STRING"] = PostgresTestServer.RequiredConnectionString };

    [PostgresFact]
    public async Task An_owner_paused_past_its_TTL_keeps_its_database_and_data_through_another_runs_sweep()
    {
        using var worker = WorkerProcess.Start("paused-owner", ["postgres"], Environment);
        await worker.WaitForOutputAsync("READY ", ProcessTimeout);
        var name = worker.StandardOutput.Split("READY ")[1].Split(' ')[0];

        worker.Signal("STOP");
        SweepItemResult item;
        try
        {
            await using var otherRun = PostgresTestServer.Provider();
            var report = await otherRun.SweepExpiredAsync(PostgresTestServer.Session());
            item = report.Items.Single(i => i.Name == name);
        }
        finally
        {
            worker.Signal("CONT");
        }

        item.Resource.State.ShouldBe(LeaseState.ExpiredOwnerAlive, item.ToString());
        item.Action.ShouldBe(SweepAction.KeptLive);
        item.Reason.ShouldContain("liveness lock is held by server pid");
        (await PostgresTestServer.ExistsAsync(name)).ShouldBeTrue();
        (await worker.RequestAsync("CHECK", "DATA ", ProcessTimeout)).ShouldBe("DATA ok");
        (await worker.RequestAsync("BEAT", "BEAT ", ProcessTimeout)).ShouldBe("BEAT ok");

        // Once the owner is really gone (its connection closed with the process), the expired database goes.
        worker.Kill();
        await SweepUntilGoneAsync(name);
    }

    [PostgresTheory]
    [InlineData("before-create")]
    [InlineData("during-create")]
    [InlineData("after-create")]
    [InlineData("after-lease")]
    [InlineData("pool-refill")]
    [InlineData("idle")]
    [InlineData("drop")]
    public async Task A_session_killed_at_any_point_leaves_nothing_after_one_sweep_past_its_TTL(string point)
    {
        string sessionId;
        using (var worker = WorkerProcess.Start("postgres-crash-at", [point], Environment))
        {
            await worker.WaitForOutputAsync("SESSION ", ProcessTimeout);
            sessionId = worker.StandardOutput.Split("SESSION ")[1].Split('\n')[0].Trim();
            var exit = await worker.WaitForExitAsync(ProcessTimeout);
            exit.ShouldBe(137, $"the worker should have been killed at {point}.\nstdout:\n{worker.StandardOutput}\nstderr:\n{worker.StandardError}");
        }

        // The server ends a dead client's backend (releasing its locks) when it notices the closed socket; a CREATE
        // DATABASE in flight finishes first. One sweep after that removes everything of the session.
        await Eventually.TrueAsync(
            async () =>
            {
                await using var nextRun = PostgresTestServer.Provider();
                await nextRun.SweepExpiredAsync(PostgresTestServer.Session());
                return (await DatabasesOfAsync(sessionId)).Count == 0;
            },
            ProcessTimeout,
            async () => $"databases of the killed session {sessionId} left after sweeps: {string.Join(", ", await DatabasesOfAsync(sessionId))}");
    }

    private static async Task SweepUntilGoneAsync(string name) =>
        await Eventually.TrueAsync(
            async () =>
            {
                await using var nextRun = PostgresTestServer.Provider();
                await nextRun.SweepExpiredAsync(PostgresTestServer.Session());
                return !await PostgresTestServer.ExistsAsync(name);
            },
            ProcessTimeout,
            () => Task.FromResult($"{name} was not swept after its owner was killed"));

    private static async Task<List<string>> DatabasesOfAsync(string sessionId)
    {
        await using var connection = await PostgresTestServer.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT datname FROM pg_database WHERE position(@id in datname) > 0", connection);
        command.Parameters.AddWithValue("id", sessionId);
        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }
}
