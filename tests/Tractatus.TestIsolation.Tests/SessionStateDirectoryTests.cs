using Shouldly;
using Tractatus.TestIsolation.Databases;
using Tractatus.TestIsolation.Leases;
using Tractatus.TestIsolation.Testing;
using Xunit;

namespace Tractatus.TestIsolation.Tests;

[Collection(MultiProcessCollection.Name)]
public sealed class SessionStateDirectoryTests : IDisposable
{
    private static readonly LeaseOptions ShortLease = new() { TimeToLive = TimeSpan.FromSeconds(2) };
    private readonly TempFolder _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public void Open_creates_the_session_folder_with_a_lease()
    {
        var session = TestSession.Start();

        using var directory = SessionStateDirectory.Open(_root.Path, session);

        directory.Path.ShouldBe(Path.Combine(_root.Path, "sessions", session.Id));
        Directory.Exists(directory.Path).ShouldBeTrue();
        LeaseRecord.TryParse(File.ReadAllText(Path.Combine(directory.Path, SessionStateDirectory.LeaseFileName)), out var lease).ShouldBeTrue();
        lease!.Owner.ShouldBe(session.Id);
        lease.ExpiresAt.ShouldBeGreaterThan(DateTimeOffset.UtcNow);
        directory.GetFilePath("state.json").ShouldBe(Path.Combine(directory.Path, "state.json"));
    }

    [Fact]
    public void Two_sessions_keep_their_state_apart()
    {
        using var a = SessionStateDirectory.Open(_root.Path, TestSession.Start());
        using var b = SessionStateDirectory.Open(_root.Path, TestSession.Start());

        SharedStateFile.Update<Dictionary<string, int>>(a.GetFilePath("state.json"), s => { s["messages"] = 3; return s; });
        SharedStateFile.Update<Dictionary<string, int>>(b.GetFilePath("state.json"), s => { s["messages"] = 7; return s; });

        SharedStateFile.Read<Dictionary<string, int>>(a.GetFilePath("state.json"))!["messages"].ShouldBe(3);
        SharedStateFile.Read<Dictionary<string, int>>(b.GetFilePath("state.json"))!["messages"].ShouldBe(7);
    }

    [Theory]
    [InlineData("../state.json")]
    [InlineData("sub/state.json")]
    [InlineData("..")]
    [InlineData(SessionStateDirectory.LeaseFileName)]
    public void GetFilePath_accepts_only_plain_file_names(string name)
    {
        using var directory = SessionStateDirectory.Open(_root.Path, TestSession.Start());

        Should.Throw<ArgumentException>(() => directory.GetFilePath(name)).ParamName.ShouldBe("fileName");
    }

    [Fact]
    public void Sweep_removes_expired_folders_only()
    {
        var expired = CreateFolderWithLease(TestSession.Start(), expiresIn: TimeSpan.FromMinutes(-1));
        File.WriteAllText(Path.Combine(expired, "state.json"), "{}");
        var live = CreateFolderWithLease(TestSession.Start(), expiresIn: TimeSpan.FromMinutes(5));
        var withoutLease = Directory.CreateDirectory(Path.Combine(_root.Path, "sessions", TestSession.Start().Id)).FullName;
        var notAnId = Directory.CreateDirectory(Path.Combine(_root.Path, "sessions", "my-notes")).FullName;
        var foreign = CreateFolderWithLease(TestSession.Start(), expiresIn: TimeSpan.FromMinutes(-1), json: l => l.ToJson().Replace("Tractatus.TestIsolation", "OtherTool", StringComparison.Ordinal));
        var wrongOwner = CreateFolderWithLease(TestSession.Start(), expiresIn: TimeSpan.FromMinutes(-1), json: l => (l with { Owner = "0000000000zzzzz" }).ToJson());
        var leftoverTrash = Directory.CreateDirectory(Path.Combine(_root.Path, "sessions", ".trash-0000000000zzzzz-1234abcd")).FullName;

        var report = SessionStateDirectory.Sweep(_root.Path, ShortLease, TestSession.Start());

        // The empty trash folder is what a removal cut short leaves (its lease goes last): removed, and reported.
        report.Dropped.ShouldBe([Path.GetFileName(leftoverTrash), Path.GetFileName(expired)], ignoreOrder: true);
        Directory.Exists(expired).ShouldBeFalse();
        report.KeptLive.ShouldBe([Path.GetFileName(live)]);
        report.Ignored.ShouldBe(new[] { withoutLease, foreign, wrongOwner }.Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!, ignoreOrder: true);
        report.Items.Select(i => i.Name).ShouldNotContain("my-notes"); // not a name the library creates: not even reported
        foreach (var kept in new[] { live, withoutLease, notAnId, foreign, wrongOwner })
        {
            Directory.Exists(kept).ShouldBeTrue(kept);
        }

        Directory.Exists(leftoverTrash).ShouldBeFalse();
        Directory.GetDirectories(Path.Combine(_root.Path, "sessions"), ".trash-*").ShouldBeEmpty();
    }

    [Fact]
    public void Sweep_never_removes_the_current_session_even_with_an_expired_lease()
    {
        var current = TestSession.Start();
        var folder = CreateFolderWithLease(current, expiresIn: TimeSpan.FromMinutes(-1));

        var report = SessionStateDirectory.Sweep(_root.Path, ShortLease, current);

        report.Dropped.ShouldBeEmpty();
        report.KeptLive.ShouldBe([current.Id]);
        Directory.Exists(folder).ShouldBeTrue();
    }

    [Fact]
    public void Sweep_of_a_root_without_sessions_reports_nothing() =>
        SessionStateDirectory.Sweep(_root.Path, ShortLease, TestSession.Start()).Items.ShouldBeEmpty();

    [Fact]
    public void Heartbeat_keeps_a_live_session_from_being_swept()
    {
        var session = TestSession.Start();
        var lease = new LeaseOptions { TimeToLive = TimeSpan.FromSeconds(3) };
        using var directory = SessionStateDirectory.Open(_root.Path, session, lease);
        var firstBeat = directory.Lease.HeartbeatAt;

        // Wait past the first lease's expiry; the heartbeat (every TTL/3 = 1 s) must have renewed it by then.
        SpinWait.SpinUntil(() => DateTimeOffset.UtcNow > firstBeat + lease.TimeToLive + TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10));
        var report = SessionStateDirectory.Sweep(_root.Path, lease, TestSession.Start());

        directory.HeartbeatError.ShouldBeNull();
        directory.Lease.HeartbeatAt.ShouldBeGreaterThan(firstBeat);
        report.KeptLive.ShouldContain(session.Id);
        Directory.Exists(directory.Path).ShouldBeTrue();
    }

    [UnixFact]
    public async Task A_killed_session_is_kept_while_its_lease_lives_and_swept_after_it_expires()
    {
        string sessionId;
        using (var worker = WorkerProcess.Start("state-dir-open", [_root.Path, "2"]))
        {
            await worker.WaitForOutputAsync("OPENED ", TimeSpan.FromSeconds(30));
            sessionId = worker.StandardOutput.Split("OPENED ")[1].Trim();
            worker.Kill();
        }

        var folder = SessionStateDirectory.PathFor(_root.Path, sessionId);
        File.Exists(Path.Combine(folder, "state.json")).ShouldBeTrue();
        LeaseRecord.TryParse(File.ReadAllText(Path.Combine(folder, SessionStateDirectory.LeaseFileName)), out var lease).ShouldBeTrue();

        if (!lease!.IsExpiredAt(DateTimeOffset.UtcNow))
        {
            SessionStateDirectory.Sweep(_root.Path, ShortLease, TestSession.Start()).KeptLive.ShouldContain(sessionId);
            Directory.Exists(folder).ShouldBeTrue();
        }

        SpinWait.SpinUntil(() => lease.IsExpiredAt(DateTimeOffset.UtcNow), TimeSpan.FromSeconds(10)).ShouldBeTrue();
        SessionStateDirectory.Sweep(_root.Path, ShortLease, TestSession.Start()).Dropped.ShouldBe([sessionId]);
        Directory.Exists(folder).ShouldBeFalse();
    }

    [Fact]
    public void Delete_removes_this_sessions_folder()
    {
        var directory = SessionStateDirectory.Open(_root.Path, TestSession.Start());
        File.WriteAllText(directory.GetFilePath("state.json"), "{}");

        directory.Delete();

        Directory.Exists(directory.Path).ShouldBeFalse();
    }

    private string CreateFolderWithLease(TestSession owner, TimeSpan expiresIn, Func<LeaseRecord, string>? json = null)
    {
        var folder = Directory.CreateDirectory(SessionStateDirectory.PathFor(_root.Path, owner.Id)).FullName;
        var now = DateTimeOffset.UtcNow;
        var lease = LeaseRecord.For(owner, now - TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(1)) with { HeartbeatAt = now + expiresIn - TimeSpan.FromMinutes(1), ExpiresAt = now + expiresIn };
        File.WriteAllText(Path.Combine(folder, SessionStateDirectory.LeaseFileName), json is null ? lease.ToJson() : json(lease));
        return folder;
    }
}
