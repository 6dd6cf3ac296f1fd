using Microsoft.Data.Sqlite;
using Shouldly;
using Tractatus.TestIsolation.Leases;
using Xunit;

namespace Tractatus.TestIsolation.Sqlite.Tests;

/// <summary>
/// The default folder is per user and private; sweeps never trip over what another user or a crash left in the folder.
/// </summary>
public sealed class SqliteFolderSafetyTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    [Fact]
    public void The_default_folder_is_per_user_under_temp()
    {
        var expected = Environment.GetEnvironmentVariable(SqliteProviderOptions.FolderVariable) is { Length: > 0 } configured
            ? configured
            : Path.Combine(Path.GetTempPath(), "tractatus-testisolation-" + Environment.UserName.ToLowerInvariant(), "sqlite");

        new SqliteProviderOptions().Folder.ShouldBe(expected);
    }

    [UnixFact]
    public void A_missing_private_folder_is_created_readable_by_its_owner_only()
    {
        var path = _folder.File("private");

        PrivateFolder.Ensure(path);

        File.GetUnixFileMode(path).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    [UnixFact]
    public void A_folder_open_to_other_users_is_refused()
    {
        var path = Directory.CreateDirectory(_folder.File("shared")).FullName;
        File.SetUnixFileMode(path, (UnixFileMode)0b111_111_111);

        var error = Should.Throw<InvalidOperationException>(() => PrivateFolder.Ensure(path));

        error.Message.ShouldContain("mode is 777");
        error.Message.ShouldContain(SqliteProviderOptions.FolderVariable);
    }

    [UnixFact]
    public void A_planted_symbolic_link_is_refused()
    {
        var target = Directory.CreateDirectory(_folder.File("victim")).FullName;
        var link = _folder.File("planted");
        Directory.CreateSymbolicLink(link, target);

        var error = Should.Throw<InvalidOperationException>(() => PrivateFolder.Ensure(link));

        error.Message.ShouldContain("symbolic link");
    }

    [RootFact]
    public void A_folder_another_user_created_first_is_refused()
    {
        var path = Directory.CreateDirectory(_folder.File("theirs"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute).FullName;
        using (var chown = System.Diagnostics.Process.Start("chown", ["65534", path]))
        {
            chown!.WaitForExit();
            chown.ExitCode.ShouldBe(0);
        }

        var error = Should.Throw<InvalidOperationException>(() => PrivateFolder.Ensure(path));

        error.Message.ShouldContain("belongs to another user (uid 65534)");
    }

    [Fact]
    public async Task A_lock_that_is_a_directory_is_reported_and_the_sweep_goes_on()
    {
        var owner = TestSession.Start();
        var blocked = Orphans.WriteExpired(_folder.Path, owner, "blocked");
        Directory.CreateDirectory(_folder.File(blocked + ".lock"));
        var free = Orphans.WriteExpired(_folder.Path, TestSession.Start(), "free");

        var report = await Provider().SweepExpiredAsync(TestSession.Start());

        report.Dropped.ShouldBe([free]);
        var failed = report.Failed.ShouldHaveSingleItem();
        failed.Name.ShouldBe(blocked);
        failed.Reason.ShouldContain("is a directory");
        File.Exists(_folder.File(blocked + ".db")).ShouldBeTrue();
    }

    [Fact]
    public async Task An_expired_lease_whose_owner_is_not_the_session_in_the_name_is_never_swept()
    {
        var name = Orphans.WriteExpired(_folder.Path, TestSession.Start(), "mismatch");
        var foreign = LeaseRecord.For(TestSession.Start(), DateTimeOffset.UtcNow.AddHours(-1), TimeSpan.FromMinutes(1));
        File.WriteAllText(_folder.File(name + ".lease.json"), foreign.ToJson());

        var report = await Provider().SweepExpiredAsync(TestSession.Start());

        report.Ignored.ShouldBe([name]);
        File.Exists(_folder.File(name + ".db")).ShouldBeTrue();
    }

    [Fact]
    public async Task Names_the_library_never_creates_are_never_swept()
    {
        var id = TestSession.Start().Id;
        var names = new[] { $"Orders_{id}", $"orders_{id}_0", $"orders_{id}_123456", $"-orders_{id}" };
        foreach (var name in names)
        {
            File.WriteAllBytes(_folder.File(name + ".db"), []);
            File.WriteAllText(_folder.File(name + ".lease.json"), LeaseRecord.For(TestSession.Start(), DateTimeOffset.UtcNow.AddHours(-1), TimeSpan.FromMinutes(1)).ToJson().Replace("\"owner\":\"", "\"owner\":\"x", StringComparison.Ordinal));
        }

        var report = await Provider().SweepExpiredAsync(TestSession.Start());

        report.Items.ShouldBeEmpty();
        _folder.FileNames().Length.ShouldBe(names.Length * 2);
    }

    [Fact]
    public async Task A_creation_cut_short_before_the_lease_leaves_a_lock_file_that_a_sweep_removes()
    {
        var name = TestSession.Start().DatabaseName("cutshort", DatabaseNameRules.Sqlite);
        File.WriteAllBytes(_folder.File(name + ".lock"), []); // the crash came right after the lock was taken

        var report = await Provider().SweepExpiredAsync(TestSession.Start());

        report.Dropped.ShouldBe([name]);
        report.Items.Single().Resource.State.ShouldBe(LeaseState.Abandoned);
        _folder.FileNames().ShouldBeEmpty();
    }

    private SqliteDatabaseProvider Provider() => new(new SqliteProviderOptions { Folder = _folder.Path });
}
