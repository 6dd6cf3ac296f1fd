using Shouldly;
using Tractatus.TestIsolation.Databases;
using Tractatus.TestIsolation.Leases;
using Tractatus.TestIsolation.Testing;

namespace Tractatus.TestIsolation.Tests;

/// <summary>An owner paused (SIGSTOP) past its TTL keeps its state folder: its OS owner lock proves it alive.</summary>
public sealed class SessionStatePauseTests : IDisposable
{
    private static readonly TimeSpan ProcessTimeout = TimeSpan.FromSeconds(90);
    private readonly TempFolder _root = new();

    [UnixFact]
    public async Task An_owner_paused_past_its_TTL_keeps_its_folder_through_another_runs_sweep()
    {
        using var worker = WorkerProcess.Start("paused-owner", ["state", _root.Path]);
        await worker.WaitForOutputAsync("READY ", ProcessTimeout);
        var sessionId = worker.StandardOutput.Split("READY ")[1].Split(' ')[0];

        worker.Signal("STOP");
        SweepReport report;
        try
        {
            report = SessionStateDirectory.Sweep(_root.Path, new LeaseOptions(), TestSession.Start());
        }
        finally
        {
            worker.Signal("CONT");
        }

        var item = report.Items.Single(i => i.Name == sessionId);
        item.Resource.State.ShouldBe(LeaseState.ExpiredOwnerAlive, item.ToString());
        item.Action.ShouldBe(SweepAction.KeptLive);
        (await worker.RequestAsync("CHECK", "DATA ", ProcessTimeout)).ShouldBe("DATA ok");
        (await worker.RequestAsync("BEAT", "BEAT ", ProcessTimeout)).ShouldBe("BEAT ok");

        worker.Kill();
        SessionStateDirectory.Sweep(_root.Path, new LeaseOptions(), TestSession.Start()).Dropped.ShouldBe([sessionId]);
        Directory.EnumerateFileSystemEntries(Path.Combine(_root.Path, SessionStateDirectory.SessionsFolderName)).ShouldBeEmpty();
    }

    public void Dispose() => _root.Dispose();
}
