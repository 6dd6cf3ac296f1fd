using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using Shouldly;
using Tractatus.TestIsolation.Databases;
using Tractatus.TestIsolation.Leases;
using Tractatus.TestIsolation.Testing;
using Xunit;

namespace Tractatus.TestIsolation.Sqlite.Tests;

/// <summary>Real separate processes sharing one folder: concurrent sessions, and sessions killed with SIGKILL.</summary>
public sealed class SqliteProcessTests : IDisposable
{
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(60);
    private readonly TempFolder _folder = new();
    private readonly TestSession _session = TestSession.Start();
    private readonly List<WorkerProcess> _workers = [];

    public void Dispose()
    {
        foreach (var worker in _workers)
        {
            worker.Dispose();
        }

        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    [Fact]
    public async Task Four_concurrent_sessions_get_distinct_databases_and_never_see_each_others_rows()
    {
        const int Sessions = 4;
        const int Rows = 25;
        var ready = Path.Combine(_folder.Path, "ready");
        var dataFolder = Path.Combine(_folder.Path, "data");
        for (var i = 0; i < Sessions; i++)
        {
            Start("sqlite-concurrent", dataFolder, ready, Sessions.ToString(CultureInfo.InvariantCulture), Rows.ToString(CultureInfo.InvariantCulture));
        }

        var results = new List<string[]>();
        foreach (var worker in _workers)
        {
            (await worker.WaitForExitAsync(TimeSpan.FromSeconds(120))).ShouldBe(0, worker.StandardError + worker.StandardOutput);
            var result = worker.StandardOutput.Split('\n').Single(l => l.StartsWith("RESULT ", StringComparison.Ordinal)).Trim().Split(' ');
            results.Add(result);
        }

        results.Select(r => r[1]).Distinct().Count().ShouldBe(Sessions);
        results.ShouldAllBe(r => r[2] == Rows.ToString(CultureInfo.InvariantCulture)); // every session kept all its rows despite the same fixed slugs
        results.ShouldAllBe(r => r[3] == "0"); // and saw no row of another session
        Directory.GetFiles(dataFolder).ShouldBeEmpty(); // every session dropped what it created
    }

    [Fact]
    public async Task A_killed_session_leaves_its_database_until_its_lease_expires_then_a_sweep_removes_it()
    {
        var ttl = TimeSpan.FromMinutes(1);
        var worker = Start("sqlite-hold", _folder.Path, Seconds(ttl));
        var name = await ReadyName(worker);
        worker.Kill();
        var lease = LeaseOf(name);
        var clock = new FakeTimeProvider(lease.HeartbeatAt); // the sweeper's clock, moved by the test instead of waiting
        var provider = Provider(ttl, clock);

        File.Exists(_folder.File(name + ".db")).ShouldBeTrue("kill -9 runs no teardown, so the file stays");
        var early = await provider.SweepExpiredAsync(_session);
        early.KeptLive.ShouldContain(name); // the lock is free now, but the lease has not expired yet
        File.Exists(_folder.File(name + ".db")).ShouldBeTrue();

        clock.SetUtcNow(lease.ExpiresAt);
        var late = await provider.SweepExpiredAsync(_session);

        late.Dropped.ShouldBe([name]);
        _folder.FileNames().ShouldBeEmpty();
    }

    [Fact]
    public async Task A_sweep_during_a_live_session_removes_nothing_of_it_however_late_the_sweepers_clock()
    {
        var ttl = TimeSpan.FromMinutes(1);
        var worker = Start("sqlite-hold", _folder.Path, Seconds(ttl));
        var name = await ReadyName(worker);
        var clock = new FakeTimeProvider(LeaseOf(name).ExpiresAt + ttl * 3); // several TTLs later by the sweeper's clock

        var report = await Provider(ttl, clock).SweepExpiredAsync(_session);

        report.Dropped.ShouldBeEmpty();
        report.KeptLive.ShouldBe([name]);
        File.Exists(_folder.File(name + ".db")).ShouldBeTrue();
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _folder.File(name + ".db"), Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM held";
        ((long)(await command.ExecuteScalarAsync())!).ShouldBe(1);
    }

    [Fact]
    public async Task An_expired_lease_is_not_enough_while_the_owning_process_holds_the_lock()
    {
        var ttl = TimeSpan.FromMinutes(1);
        var worker = Start("sqlite-hold", _folder.Path, Seconds(ttl), "--no-heartbeat");
        var name = await ReadyName(worker);
        var clock = new FakeTimeProvider(LeaseOf(name).ExpiresAt + ttl); // the lease lapsed: alive but not heartbeating (hung, or paused in a debugger)
        var provider = Provider(ttl, clock);

        var whileAlive = await provider.SweepExpiredAsync(_session);

        whileAlive.KeptLive.ShouldBe([name]);
        whileAlive.Items.Single().Resource.State.ShouldBe(LeaseState.ExpiredOwnerAlive);
        File.Exists(_folder.File(name + ".db")).ShouldBeTrue();

        worker.Kill(); // the OS releases the lock
        var afterKill = await provider.SweepExpiredAsync(_session);

        afterKill.Dropped.ShouldBe([name]);
        _folder.FileNames().ShouldBeEmpty();
    }

    private LeaseRecord LeaseOf(string name)
    {
        LeaseRecord.TryParse(File.ReadAllText(_folder.File(name + ".lease.json")), out var lease).ShouldBeTrue();
        return lease!;
    }

    private static string Seconds(TimeSpan value) => value.TotalSeconds.ToString(CultureInfo.InvariantCulture);

    private static async Task<string> ReadyName(WorkerProcess worker)
    {
        await worker.WaitForOutputAsync("READY ", StartupTimeout);
        return worker.StandardOutput.Split('\n').First(l => l.StartsWith("READY ", StringComparison.Ordinal)).Trim().Split(' ')[1];
    }

    private WorkerProcess Start(string command, params string[] args)
    {
        var worker = WorkerProcess.Start(command, args);
        _workers.Add(worker);
        return worker;
    }

    private SqliteDatabaseProvider Provider(TimeSpan ttl, TimeProvider clock) =>
        new(new SqliteProviderOptions { Folder = _folder.Path, Lease = new LeaseOptions { TimeToLive = ttl, TimeProvider = clock } });
}
