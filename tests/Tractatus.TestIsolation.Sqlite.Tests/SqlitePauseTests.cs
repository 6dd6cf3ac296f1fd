using Shouldly;
using Tractatus.TestIsolation.Leases;
using Tractatus.TestIsolation.Testing;
using Xunit;

namespace Tractatus.TestIsolation.Sqlite.Tests;

/// <summary>An owner paused (SIGSTOP) past its TTL keeps its database: the OS lock it holds proves it alive.</summary>
public sealed class SqlitePauseTests : IDisposable
{
    private static readonly TimeSpan ProcessTimeout = TimeSpan.FromSeconds(90);
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task An_owner_paused_past_its_TTL_keeps_its_database_and_data_through_another_runs_sweep()
    {
        using var worker = WorkerProcess.Start("paused-owner", ["sqlite", _folder.Path]);
        await worker.WaitForOutputAsync("READY ", ProcessTimeout);
        var name = worker.StandardOutput.Split("READY ")[1].Split(' ')[0];

        worker.Signal("STOP");
        SweepItemResult item;
        try
        {
            await using var otherRun = new SqliteDatabaseProvider(new SqliteProviderOptions { Folder = _folder.Path });
            item = (await otherRun.SweepExpiredAsync(TestSession.Start())).Items.Single(i => i.Name == name);
        }
        finally
        {
            worker.Signal("CONT");
        }

        item.Resource.State.ShouldBe(LeaseState.ExpiredOwnerAlive, item.ToString());
        item.Action.ShouldBe(SweepAction.KeptLive);
        (await worker.RequestAsync("CHECK", "DATA ", ProcessTimeout)).ShouldBe("DATA ok");
        (await worker.RequestAsync("BEAT", "BEAT ", ProcessTimeout)).ShouldBe("BEAT ok");

        worker.Kill();
        await using var laterRun = new SqliteDatabaseProvider(new SqliteProviderOptions { Folder = _folder.Path });
        (await laterRun.SweepExpiredAsync(TestSession.Start())).Dropped.ShouldBe([name]);
        _folder.FileNames().ShouldBeEmpty();
    }

    public void Dispose() => _folder.Dispose();
}
