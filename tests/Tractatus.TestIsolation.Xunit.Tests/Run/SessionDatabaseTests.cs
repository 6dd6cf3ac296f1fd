using Shouldly;
using Tractatus.TestIsolation.Databases;
using Tractatus.TestIsolation.Leases;
using Tractatus.TestIsolation.Run;
using Tractatus.TestIsolation.Sqlite;
using Xunit;

namespace Tractatus.TestIsolation.Xunit.Tests.Run;

/// <summary>The framework-neutral lifecycle: a database used with <c>await using</c> outside any adapter, and a run's end.</summary>
public sealed class SessionDatabaseTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly SessionDatabaseRegistry _registry = new();
    private readonly TestSession _session = TestSession.Start();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_database_created_outside_any_adapter_is_heartbeated_until_disposed_then_dropped()
    {
        var lease = new LeaseOptions { TimeToLive = TimeSpan.FromSeconds(1) };
        await using var provider = new SqliteDatabaseProvider(new SqliteProviderOptions { Folder = _folder.Path, Lease = lease });
        string path;
        await using (var database = await SessionDatabase.CreateAsync(provider, new SessionDatabaseOptions { Session = _session, Lease = lease, Prefix = "handwritten" }, _registry, default))
        {
            path = database.Database.DisplayName;
            database.Name.ShouldStartWith("handwritten_" + _session.Id);
            var leasePath = _folder.File(database.Name + ".lease.json");
            var first = ReadLease(leasePath);

            // Wait for a renewal rather than for a fixed time: asserts that beats happen, not how fast.
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (ReadLease(leasePath).HeartbeatAt == first.HeartbeatAt && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }

            ReadLease(leasePath).ExpiresAt.ShouldBeGreaterThan(first.ExpiresAt);
            File.Exists(path).ShouldBeTrue();
        }

        File.Exists(path).ShouldBeFalse();
        _folder.FileNames().ShouldBeEmpty();
        _registry.Databases.Single().IsDropped.ShouldBeTrue();
    }

    [Fact]
    public async Task A_run_drops_an_undisposed_database_disposes_its_provider_and_deletes_its_state_folders()
    {
        var provider = new SqliteDatabaseProvider(new SqliteProviderOptions { Folder = _folder.Path });
        var database = await SessionDatabase.CreateAsync(provider, new SessionDatabaseOptions { Session = _session, DisposeProvider = true }, _registry, default);
        var output = new StringWriter();
        var run = new SessionRun(_session, _registry, output, log: null);
        var stateRoot = _folder.File("state");
        var state = SessionStateDirectory.Open(stateRoot, _session);
        _registry.Add(state);

        var summary = await run.EndAsync();

        database.IsDropped.ShouldBeTrue();
        Directory.Exists(state.Path).ShouldBeFalse();
        (summary.DatabasesCreated, summary.DatabasesDropped, summary.StateDirectories, summary.StateDirectoriesRemoved).ShouldBe((1, 1, 1, 1));
        summary.SessionId.ShouldBe(_session.Id);
        output.ToString().ShouldContain($"session {_session.Id} (pid {Environment.ProcessId}): databases created 1, dropped 1, left 0; state folders created 1, removed 1");
        await database.DisposeAsync(); // disposing after the run's end is harmless
    }

    [Fact]
    public async Task Each_target_is_swept_once_per_process_and_the_sweep_is_reported()
    {
        var crashed = TestSession.Start();
        var orphan = crashed.DatabaseName("orphan", DatabaseNameRules.Sqlite);
        await File.WriteAllBytesAsync(_folder.File(orphan + ".db"), []);
        await File.WriteAllTextAsync(_folder.File(orphan + ".lease.json"), LeaseRecord.For(crashed, DateTimeOffset.UtcNow.AddHours(-1), TimeSpan.FromMinutes(5)).ToJson());
        await using var provider = new SqliteDatabaseProvider(new SqliteProviderOptions { Folder = _folder.Path });
        var options = new SessionDatabaseOptions { Session = _session };

        await using var first = await SessionDatabase.CreateAsync(provider, options, _registry, default);
        await using var second = await SessionDatabase.CreateAsync(provider, options, _registry, default);

        first.SweepReport.ShouldNotBeNull().Dropped.ShouldBe([orphan]);
        second.SweepReport.ShouldBeNull();
        _registry.Swept.ShouldBe([orphan]);
    }

    private static LeaseRecord ReadLease(string path)
    {
        LeaseRecord.TryParse(File.ReadAllText(path), out var lease).ShouldBeTrue();
        return lease!;
    }
}
