using Shouldly;
using Tractatus.TestIsolation.Leases;
using Tractatus.TestIsolation.Testing;
using Xunit;

namespace Tractatus.TestIsolation.MongoDB.Tests;

/// <summary>
/// An owner paused past its TTL on MongoDB, which has no lock that lives with a process: the documented outcome is
/// that another run's sweep drops the database, and the owner then fails loudly instead of writing on without a lease,
/// and nothing leaks. The worker's clock runs an hour behind, so its lease is expired without waiting.
/// </summary>
public sealed class MongoPauseTests
{
    private static readonly TimeSpan ProcessTimeout = TimeSpan.FromSeconds(90);

    [MongoFact]
    public async Task An_owner_paused_past_its_TTL_fails_loudly_on_resume_and_its_recreated_database_does_not_leak()
    {
        using var worker = WorkerProcess.Start("paused-owner", ["mongo"], new Dictionary<string, string> { ["TRACTATUS_MONGODB_URI"] = MongoTestServer.RequiredConnectionString });
        await worker.WaitForOutputAsync("READY ", ProcessTimeout);
        var name = worker.StandardOutput.Split("READY ")[1].Split(' ')[0];

        worker.Signal("STOP");
        SweepItemResult item;
        try
        {
            await using var otherRun = MongoTestServer.Provider();
            item = (await otherRun.SweepExpiredAsync(MongoTestServer.Session())).Items.Single(i => i.Name == name);
        }
        finally
        {
            worker.Signal("CONT");
        }

        item.Resource.Owner.ShouldBe(OwnerLiveness.Unknown);
        item.Action.ShouldBe(SweepAction.Dropped, "MongoDB cannot prove a paused owner alive: only the TTL protects it");

        // The test's next write recreates the database without a lease; the heartbeat finds out and says so.
        (await worker.RequestAsync("CHECK", "DATA ", ProcessTimeout)).ShouldStartWith("DATA failed");
        var beat = await worker.RequestAsync("BEAT", "BEAT ", ProcessTimeout);
        beat.ShouldStartWith("BEAT failed LeaseLostException");
        beat.ShouldContain("paused");
        (await worker.RequestAsync("CHECK", "DATA ", ProcessTimeout)).ShouldStartWith("DATA failed LeaseLostException");

        // The recreated database carries an expired lease of its owner now: the next sweep removes it.
        (await MongoTestServer.ExistsAsync(name)).ShouldBeTrue();
        await using var laterRun = MongoTestServer.Provider();
        (await laterRun.SweepExpiredAsync(MongoTestServer.Session())).Dropped.ShouldContain(name);
        (await MongoTestServer.ExistsAsync(name)).ShouldBeFalse();
    }
}
