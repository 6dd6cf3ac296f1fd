using Microsoft.Extensions.Time.Testing;
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
        var clock = new FakeTimeProvider();
        var session = TestSession.Start();
        var lease = new LeaseOptions { TimeToLive = TimeSpan.FromMinutes(3), TimeProvider = clock };
        using var directory = SessionStateDirectory.Open(_root.Path, session, lease);
        var firstLease = directory.Lease;

        // Past the first lease's expiry, one heartbeat interval (TTL/3) at a time; each beat renews it.
        for (var beat = 1; beat <= 4; beat++)
        {
            clock.Advance(lease.HeartbeatInterval);
            var expected = clock.GetUtcNow();
            SpinWait.SpinUntil(() => directory.Lease.HeartbeatAt >= expected, TimeSpan.FromSeconds(30)).ShouldBeTrue(); // the beat runs on a pool thread
        }

        firstLease.IsExpiredAt(clock.GetUtcNow()).ShouldBeTrue();
        var report = SessionStateDirectory.Sweep(_root.Path, lease, TestSession.Start());

        directory.HeartbeatError.ShouldBeNull();
        report.Items.Single(i => i.Name == session.Id).Resource.State.ShouldBe(LeaseState.Live);
        Directory.Exists(directory.Path).ShouldBeTrue();
    }

    [UnixFact]
    public async Task A_killed_session_is_kept_while_its_lease_lives_and_swept_after_it_expires()
    {
        string sessionId;
        using (var worker = WorkerProcess.Start("state-dir-open", [_root.Path, "60"]))
        {
            await worker.WaitForOutputAsync("OPENED ", TimeSpan.FromSeconds(60));
            sessionId = worker.StandardOutput.Split("OPENED ")[1].Trim();
            worker.Kill();
        }

        var folder = SessionStateDirectory.PathFor(_root.Path, sessionId);
        File.Exists(Path.Combine(folder, "state.json")).ShouldBeTrue();
        LeaseRecord.TryParse(File.ReadAllText(Path.Combine(folder, SessionStateDirectory.LeaseFileName)), out var lease).ShouldBeTrue();

        // The sweeper's clock is injected: first at the lease's last heartbeat, then past its expiry.
        var clock = new FakeTimeProvider(lease!.HeartbeatAt);
        var sweeperLease = new LeaseOptions { TimeProvider = clock };
        SessionStateDirectory.Sweep(_root.Path, sweeperLease, TestSession.Start()).KeptLive.ShouldBe([sessionId]);
        Directory.Exists(folder).ShouldBeTrue();

        clock.SetUtcNow(lease.ExpiresAt);
        SessionStateDirectory.Sweep(_root.Path, sweeperLease, TestSession.Start()).Dropped.ShouldBe([sessionId]);
        Directory.Exists(folder).ShouldBeFalse();
        Directory.EnumerateFileSystemEntries(Path.Combine(_root.Path, SessionStateDirectory.SessionsFolderName)).ShouldBeEmpty();
    }

    [Fact]
    public void Trash_folders_are_removed_only_after_the_lease_check_and_always_reported()
    {
        var sessions = Path.Combine(_root.Path, SessionStateDirectory.SessionsFolderName);
        var expiredTrash = TrashWithLease(sessions, TestSession.Start(), expiresIn: TimeSpan.FromMinutes(-1));
        var liveTrash = TrashWithLease(sessions, TestSession.Start(), expiresIn: TimeSpan.FromMinutes(5));
        var foreignTrash = Directory.CreateDirectory(Path.Combine(sessions, $".trash-{TestSession.Start().Id}-0badf00d")).FullName;
        File.WriteAllText(Path.Combine(foreignTrash, "notes.txt"), "not the library's");
        var notOurs = Directory.CreateDirectory(Path.Combine(sessions, ".trash-whatever")).FullName;

        var report = SessionStateDirectory.Sweep(_root.Path, ShortLease, TestSession.Start());

        report.Dropped.ShouldBe([Path.GetFileName(expiredTrash)]);
        report.KeptLive.ShouldBe([Path.GetFileName(liveTrash)]);
        report.Ignored.ShouldBe([Path.GetFileName(foreignTrash)]);
        Directory.Exists(expiredTrash).ShouldBeFalse();
        foreach (var kept in new[] { liveTrash, foreignTrash, notOurs })
        {
            Directory.Exists(kept).ShouldBeTrue(kept);
        }
    }

    [Fact]
    public void A_folder_whose_creation_was_cut_short_before_its_lease_is_swept_once_its_lock_is_free()
    {
        var session = TestSession.Start();
        var sessions = Directory.CreateDirectory(Path.Combine(_root.Path, SessionStateDirectory.SessionsFolderName)).FullName;
        File.WriteAllBytes(Path.Combine(sessions, $".owner-{session.Id}-0123456789abcdef.lock"), []); // lock taken, then the crash
        Directory.CreateDirectory(Path.Combine(sessions, session.Id));

        var report = SessionStateDirectory.Sweep(_root.Path, ShortLease, TestSession.Start());

        report.Dropped.ShouldBe([session.Id]);
        report.Items.Single().Resource.State.ShouldBe(LeaseState.Abandoned);
        Directory.EnumerateFileSystemEntries(sessions).ShouldBeEmpty();
    }

    private static string TrashWithLease(string sessions, TestSession owner, TimeSpan expiresIn)
    {
        var folder = Directory.CreateDirectory(Path.Combine(sessions, $".trash-{owner.Id}-{Random.Shared.Next():x8}")).FullName;
        var now = DateTimeOffset.UtcNow;
        var lease = LeaseRecord.For(owner, now + expiresIn - TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
        File.WriteAllText(Path.Combine(folder, SessionStateDirectory.LeaseFileName), lease.ToJson());
        File.WriteAllText(Path.Combine(folder, "state.json"), "{}");
        return folder;
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
