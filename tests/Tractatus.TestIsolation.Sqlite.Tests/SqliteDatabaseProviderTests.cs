using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using Shouldly;
using Tractatus.TestIsolation.Databases;
using Tractatus.TestIsolation.Leases;
using Xunit;

namespace Tractatus.TestIsolation.Sqlite.Tests;

public sealed class SqliteDatabaseProviderTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly TestSession _session = TestSession.Start();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    [Fact]
    public async Task Create_makes_a_session_named_file_with_lease_and_held_lock()
    {
        var provider = Provider();

        var database = await provider.CreateDatabaseAsync(_session, "orders");

        database.Name.ShouldBe("orders_" + _session.Id);
        database.Provider.ShouldBe("sqlite");
        database.DisplayName.ShouldBe(_folder.File(database.Name + ".db"));
        File.Exists(database.DisplayName).ShouldBeTrue();
        LeaseRecord.TryParse(File.ReadAllText(_folder.File(database.Name + ".lease.json")), out var lease).ShouldBeTrue();
        lease!.Owner.ShouldBe(_session.Id);
        lease.ProcessId.ShouldBe(Environment.ProcessId);
        IsLockHeld(_folder.File(database.Name + ".lock")).ShouldBeTrue();
    }

    [Fact]
    public async Task A_second_database_of_the_same_session_and_prefix_gets_the_next_number()
    {
        var provider = Provider();

        var first = await provider.CreateDatabaseAsync(_session, "orders");
        var second = await provider.CreateDatabaseAsync(_session, "orders");

        second.Name.ShouldBe("orders_" + _session.Id + "_2");
        second.DisplayName.ShouldNotBe(first.DisplayName);
        File.Exists(second.DisplayName).ShouldBeTrue();
    }

    [Fact]
    public async Task The_connection_opens_the_session_file_and_keeps_rows()
    {
        var provider = Provider();
        var database = await provider.CreateDatabaseAsync(_session, "rows");

        await using (var connection = await provider.OpenConnectionAsync(database))
        {
            await Execute(connection, "CREATE TABLE t (slug TEXT UNIQUE); INSERT INTO t VALUES ('a'), ('b');");
        }

        await using var reopened = await provider.OpenConnectionAsync(database);
        reopened.DataSource.ShouldBe(database.DisplayName);
        (await Count(reopened, "SELECT COUNT(*) FROM t")).ShouldBe(2);
    }

    [Fact]
    public async Task Drop_deletes_the_database_its_wal_and_shm_files_the_lease_and_the_lock()
    {
        var provider = Provider();
        var database = await provider.CreateDatabaseAsync(_session, "wal");
        await using (var connection = await provider.OpenConnectionAsync(database))
        {
            // WAL mode plus a pooled connection left open: the files Drop must clean up.
            await Execute(connection, "PRAGMA journal_mode=WAL; CREATE TABLE t (x); INSERT INTO t VALUES (1);");
            File.Exists(database.DisplayName + "-wal").ShouldBeTrue();
        }

        var dropped = await provider.DropDatabaseAsync(_session, database.Name);

        dropped.ShouldBeTrue();
        _folder.FileNames().ShouldBeEmpty();
    }

    [Fact]
    public async Task Drop_refuses_another_sessions_database()
    {
        var provider = Provider();
        var database = await provider.CreateDatabaseAsync(_session, "mine");

        var dropped = await provider.DropDatabaseAsync(TestSession.Start(), database.Name);

        dropped.ShouldBeFalse();
        File.Exists(database.DisplayName).ShouldBeTrue();
    }

    [Fact]
    public async Task Drop_refuses_an_orphan_leased_to_another_session()
    {
        var other = TestSession.Start();
        var name = Orphans.WriteExpired(_folder.Path, other);

        var dropped = await Provider().DropDatabaseAsync(_session, name);

        dropped.ShouldBeFalse();
        File.Exists(_folder.File(name + ".db")).ShouldBeTrue();
    }

    [Theory]
    [InlineData("customers")]
    [InlineData("../customers")]
    [InlineData("test_not-a-session-id")]
    public async Task Drop_refuses_names_outside_the_library_pattern(string name)
    {
        File.WriteAllBytes(_folder.File("customers.db"), []);

        var dropped = await Provider().DropDatabaseAsync(_session, name);

        dropped.ShouldBeFalse();
        File.Exists(_folder.File("customers.db")).ShouldBeTrue();
    }

    [Fact]
    public async Task Heartbeat_renews_the_lease_of_the_sessions_databases()
    {
        var clock = new FakeTimeProvider();
        var provider = Provider(TimeSpan.FromMinutes(1), clock);
        var database = await provider.CreateDatabaseAsync(_session, "beat");
        var before = ReadLease(database.Name);
        clock.Advance(TimeSpan.FromSeconds(20));

        await provider.HeartbeatAsync(_session);

        var after = ReadLease(database.Name);
        after.HeartbeatAt.ShouldBeGreaterThan(before.HeartbeatAt);
        after.ExpiresAt.ShouldBeGreaterThan(before.ExpiresAt);
        after.Owner.ShouldBe(_session.Id);
    }

    [Fact]
    public async Task Heartbeat_does_not_touch_other_sessions_leases()
    {
        var other = TestSession.Start();
        var name = Orphans.WriteExpired(_folder.Path, other);
        var before = File.ReadAllText(_folder.File(name + ".lease.json"));

        await Provider().HeartbeatAsync(_session);

        File.ReadAllText(_folder.File(name + ".lease.json")).ShouldBe(before);
    }

    [Fact]
    public async Task Sweep_removes_an_expired_orphan_whose_lock_is_free()
    {
        var name = Orphans.WriteExpired(_folder.Path, TestSession.Start());

        var report = await Provider().SweepExpiredAsync(_session);

        report.Dropped.ShouldBe([name]);
        _folder.FileNames().ShouldBeEmpty();
    }

    [Fact]
    public async Task Sweep_removes_a_database_once_its_lease_lapsed_without_heartbeats()
    {
        var ttl = TimeSpan.FromMinutes(1);
        var clock = new FakeTimeProvider();
        var owner = TestSession.Start();
        var name = Orphans.Write(_folder.Path, owner, "short", clock.GetUtcNow(), ttl);
        var provider = Provider(ttl, clock);

        (await provider.SweepExpiredAsync(_session)).KeptLive.ShouldBe([name]);
        clock.Advance(ttl);
        var report = await provider.SweepExpiredAsync(_session);

        report.Dropped.ShouldBe([name]);
        File.Exists(_folder.File(name + ".db")).ShouldBeFalse();
    }

    [Fact]
    public async Task Sweep_never_deletes_a_lookalike_without_a_lease()
    {
        var lookalike = "orphan_" + TestSession.Start().Id;
        File.WriteAllBytes(_folder.File(lookalike + ".db"), [1, 2, 3]);

        var report = await Provider().SweepExpiredAsync(_session);

        report.Ignored.ShouldBe([lookalike]);
        report.Dropped.ShouldBeEmpty();
        File.ReadAllBytes(_folder.File(lookalike + ".db")).ShouldBe([1, 2, 3]);
    }

    [Fact]
    public async Task Sweep_never_deletes_a_lookalike_whose_lease_is_another_tools()
    {
        var lookalike = "orphan_" + TestSession.Start().Id;
        File.WriteAllBytes(_folder.File(lookalike + ".db"), []);
        var foreign = LeaseRecord.For(TestSession.Start(), DateTimeOffset.UtcNow.AddDays(-1), TimeSpan.FromSeconds(1)) with { Library = "SomeOtherTool" };
        File.WriteAllText(_folder.File(lookalike + ".lease.json"), foreign.ToJson());

        var report = await Provider().SweepExpiredAsync(_session);

        report.Ignored.ShouldBe([lookalike]);
        File.Exists(_folder.File(lookalike + ".db")).ShouldBeTrue();
    }

    [Fact]
    public async Task Sweep_ignores_files_that_do_not_follow_the_pattern()
    {
        File.WriteAllBytes(_folder.File("app.db"), []);
        File.WriteAllText(_folder.File("notes.txt"), "keep");

        var report = await Provider().SweepExpiredAsync(_session);

        ShouldFindNothing(report);
        _folder.FileNames().ShouldBe(["app.db", "notes.txt"]);
    }

    [Fact]
    public async Task Sweep_never_deletes_a_live_lease()
    {
        var name = Orphans.Write(_folder.Path, TestSession.Start(), "live", DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5));

        var report = await Provider().SweepExpiredAsync(_session);

        report.KeptLive.ShouldBe([name]);
        File.Exists(_folder.File(name + ".db")).ShouldBeTrue();
    }

    [Fact]
    public async Task Sweep_never_deletes_an_expired_database_whose_lock_is_held()
    {
        var name = Orphans.WriteExpired(_folder.Path, TestSession.Start());

        // A live owner that stopped heartbeating (debugger pause): it still holds the OS lock.
        using (new FileStream(_folder.File(name + ".lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            var report = await Provider().SweepExpiredAsync(_session);

            report.KeptLive.ShouldBe([name]);
            File.Exists(_folder.File(name + ".db")).ShouldBeTrue();
        }

        (await Provider().SweepExpiredAsync(_session)).Dropped.ShouldBe([name]);
    }

    [Fact]
    public async Task Sweep_never_deletes_the_current_sessions_databases_even_when_expired()
    {
        var name = Orphans.WriteExpired(_folder.Path, _session);

        var report = await Provider().SweepExpiredAsync(_session);

        report.KeptLive.ShouldBe([name]);
        File.Exists(_folder.File(name + ".db")).ShouldBeTrue();
    }

    [Fact]
    public async Task Sweep_by_another_session_keeps_a_database_created_in_this_process()
    {
        var ttl = TimeSpan.FromMinutes(1);
        var clock = new FakeTimeProvider();
        var database = await Provider(ttl, clock).CreateDatabaseAsync(_session, "inproc");
        clock.Advance(ttl * 2);

        var report = await Provider(ttl, clock).SweepExpiredAsync(TestSession.Start());

        report.KeptLive.ShouldBe([database.Name]);
        File.Exists(database.DisplayName).ShouldBeTrue();
    }

    [Fact]
    public async Task Sweep_of_a_missing_folder_finds_nothing()
    {
        var provider = new SqliteDatabaseProvider(new SqliteProviderOptions { Folder = _folder.File("not-created") });

        var report = await provider.SweepExpiredAsync(_session);

        ShouldFindNothing(report);
    }

    [Theory]
    [InlineData("")]
    [InlineData("bad/prefix")]
    [InlineData("bad prefix")]
    public async Task An_invalid_prefix_is_an_argument_exception(string prefix)
    {
        var error = await Should.ThrowAsync<ArgumentException>(() => Provider().CreateDatabaseAsync(_session, prefix));

        error.Message.ShouldNotBeNullOrWhiteSpace();
        _folder.FileNames().ShouldBeEmpty();
    }

    [Fact]
    public async Task An_unwritable_folder_fails_with_a_message_naming_it_and_the_setting()
    {
        // A path below a regular file can never be a folder, even for root (chmod does not stop root).
        var blocker = _folder.File("a-file");
        File.WriteAllText(blocker, "not a folder");
        var folder = Path.Combine(blocker, "sqlite");
        var provider = new SqliteDatabaseProvider(new SqliteProviderOptions { Folder = folder });

        var error = await Should.ThrowAsync<InvalidOperationException>(() => provider.CreateDatabaseAsync(_session, "test"));

        error.Message.ShouldContain(folder);
        error.Message.ShouldContain("TRACTATUS_SQLITE_FOLDER");
    }

    [Fact]
    public void An_empty_folder_setting_is_rejected_with_the_setting_name()
    {
        var error = Should.Throw<ArgumentException>(() => new SqliteDatabaseProvider(new SqliteProviderOptions { Folder = " " }));

        error.Message.ShouldContain("TRACTATUS_SQLITE_FOLDER");
    }

    private SqliteDatabaseProvider Provider(TimeSpan? timeToLive = null, TimeProvider? clock = null) => new(new SqliteProviderOptions
    {
        Folder = _folder.Path,
        Lease = new LeaseOptions { TimeToLive = timeToLive ?? TimeSpan.FromMinutes(5), TimeProvider = clock ?? TimeProvider.System },
    });

    private LeaseRecord ReadLease(string name)
    {
        LeaseRecord.TryParse(File.ReadAllText(_folder.File(name + ".lease.json")), out var lease).ShouldBeTrue();
        return lease!;
    }

    private static void ShouldFindNothing(SweepReport report)
    {
        report.Dropped.ShouldBeEmpty();
        report.KeptLive.ShouldBeEmpty();
        report.Ignored.ShouldBeEmpty();
    }

    private static bool IsLockHeld(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }

    private static async Task Execute(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> Count(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
