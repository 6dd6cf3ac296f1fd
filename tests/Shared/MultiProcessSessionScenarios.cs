using System.Text.RegularExpressions;
using Microsoft.Extensions.Time.Testing;
using Shouldly;
using Tractatus.TestIsolation.Databases;

namespace Tractatus.TestIsolation.Testing;

/// <summary>
/// Real concurrent sessions and a real crash: separate worker processes against a provider's test
/// server. The scenarios are the same for every server provider, so each provider's test class
/// derives from this, names its worker commands and server checks, and keeps its own [Fact]s.
/// Linked into test projects that reference the worker (see <see cref="WorkerProcess"/>).
/// </summary>
public abstract class MultiProcessSessionScenarios
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    /// <summary>Environment that points a worker at the test server.</summary>
    protected abstract IReadOnlyDictionary<string, string> WorkerEnvironment { get; }

    /// <summary>Worker command that isolates one session and waits on a barrier file (e.g. <c>postgres-isolate</c>).</summary>
    protected abstract string IsolateCommand { get; }

    /// <summary>Worker command that creates a database and holds its lease until killed (e.g. <c>postgres-hold</c>).</summary>
    protected abstract string HoldCommand { get; }

    /// <summary>Short provider tag for the barrier file name, so leftover files say whose they are.</summary>
    protected abstract string BarrierTag { get; }

    /// <summary>A provider on the test server, used here only to sweep.</summary>
    protected abstract IIsolatedDatabaseProvider CreateProvider(TimeProvider? clock = null);

    /// <summary>Whether the test server has a database of this name (checked directly, not through a provider).</summary>
    protected abstract Task<bool> ExistsAsync(string database);

    /// <summary>Drops the database if it is still there, so a failed scenario leaves nothing behind.</summary>
    protected abstract Task DropIfExistsAsync(string database);

    /// <summary>
    /// Four workers isolate at once; each must report <paramref name="expectedCounts"/> (its own three
    /// records, none of the others'), and drop its own database on the way out.
    /// </summary>
    protected async Task FourConcurrentSessionsStayApartAsync(string expectedCounts)
    {
        var barrier = Path.Combine(Path.GetTempPath(), $"tractatus-{BarrierTag}-barrier-" + Guid.NewGuid().ToString("N"));
        var workers = Enumerable.Range(0, 4).Select(_ => WorkerProcess.Start(IsolateCommand, ["concurrent", barrier], WorkerEnvironment)).ToArray();
        try
        {
            foreach (var worker in workers)
            {
                await worker.WaitForOutputAsync("READY ", StartTimeout);
            }

            // All four are alive and have written the same fixed keys, each into its own database.
            var names = workers.Select(w => Regex.Match(w.StandardOutput, @"READY (\S+)").Groups[1].Value).ToArray();
            names.Distinct().Count().ShouldBe(4);
            foreach (var name in names)
            {
                (await ExistsAsync(name)).ShouldBeTrue();
            }

            await File.WriteAllTextAsync(barrier, "go");
            foreach (var worker in workers)
            {
                var exit = await worker.WaitForExitAsync(StartTimeout);
                exit.ShouldBe(0, $"worker output:\n{worker.StandardOutput}\n{worker.StandardError}");
                worker.StandardOutput.ShouldContain(expectedCounts);
                worker.StandardOutput.ShouldContain("DONE dropped=True");
            }

            foreach (var name in names)
            {
                (await ExistsAsync(name)).ShouldBeFalse();
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

    /// <summary>
    /// A worker holds a lease and is SIGKILLed: its database must survive sweeps while the lease
    /// lives, and be swept once it expired.
    /// </summary>
    protected async Task KilledSessionIsSweptOnlyAfterItsLeaseExpiresAsync()
    {
        // The worker's lease lives a minute; the sweeper's clock is injected and moved instead of waiting for it.
        var ttl = TimeSpan.FromSeconds(60);
        using var worker = WorkerProcess.Start(HoldCommand, ["crashed", "60"], WorkerEnvironment);
        await worker.WaitForOutputAsync("CREATED ", StartTimeout);
        var name = Regex.Match(worker.StandardOutput, @"CREATED (\S+)").Groups[1].Value;

        var me = TestSession.Start();
        try
        {
            await using (var now = CreateProvider())
            {
                var whileAlive = await now.SweepExpiredAsync(me);
                whileAlive.KeptLive.ShouldContain(name);
                whileAlive.Dropped.ShouldNotContain(name);
            }

            (await ExistsAsync(name)).ShouldBeTrue();

            worker.Kill(); // SIGKILL: no teardown, no handlers
            (await ExistsAsync(name)).ShouldBeTrue("the killed session leaves its database behind");

            // Its process is gone, but its lease has time left: until the lease runs out it stays.
            await using (var now = CreateProvider())
            {
                var justAfterKill = await now.SweepExpiredAsync(me);
                justAfterKill.KeptLive.ShouldContain(name);
            }

            (await ExistsAsync(name)).ShouldBeTrue();

            // Past the lease by the sweeper's clock. Where the server proves liveness (PostgreSQL) it also waits for
            // the server to notice the killed process's closed connection, which is what the polling is for.
            await using var later = CreateProvider(new FakeTimeProvider(DateTimeOffset.UtcNow + ttl * 3));
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            while (await ExistsAsync(name) && DateTime.UtcNow < deadline)
            {
                await later.SweepExpiredAsync(me);
                if (await ExistsAsync(name))
                {
                    await Task.Delay(200);
                }
            }

            (await ExistsAsync(name)).ShouldBeFalse("a sweep after the lease expired removes it");
        }
        finally
        {
            await DropIfExistsAsync(name);
        }
    }
}
