using Shouldly;
using Tractatus.TestIsolation.Databases;
using Tractatus.TestIsolation.Leases;
using Tractatus.TestIsolation.Run;
using Xunit;

namespace Tractatus.TestIsolation.Xunit.Tests;

/// <summary>The fixture lifecycle called directly, the way xUnit calls it, including the unhappy paths.</summary>
public sealed class FixtureLifecycleTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly SessionDatabaseRegistry _registry = new();
    private readonly TestSession _session = TestSession.Start();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Dispose_drops_the_database_after_a_failing_test()
    {
        var fixture = new FolderFixture(_folder.Path, _registry, _session);
        await fixture.InitializeAsync();
        var path = fixture.DatabasePath;

        var failure = Record.Exception(() => "actual".ShouldBe("expected")); // the test body fails
        await fixture.DisposeAsync();

        failure.ShouldNotBeNull();
        File.Exists(path).ShouldBeFalse();
        _folder.FileNames().ShouldBeEmpty();
        _registry.Databases.Single().IsDropped.ShouldBeTrue();
    }

    [Fact]
    public async Task Dispose_twice_is_harmless()
    {
        var fixture = new FolderFixture(_folder.Path, _registry, _session);
        await fixture.InitializeAsync();

        await fixture.DisposeAsync();
        await fixture.DisposeAsync();

        _registry.Databases.Count(d => d.IsDropped).ShouldBe(1);
    }

    [Fact]
    public async Task An_invalid_prefix_fails_initialization_with_an_argument_exception_and_dispose_tolerates_it()
    {
        var fixture = new FolderFixture(_folder.Path, _registry, _session, prefix: "bad/prefix");

        var error = await Should.ThrowAsync<ArgumentException>(fixture.InitializeAsync);
        await fixture.DisposeAsync();

        error.Message.ShouldContain("/");
        _folder.FileNames().ShouldBeEmpty();
        _registry.Databases.ShouldBeEmpty();
        Should.Throw<InvalidOperationException>(() => fixture.DatabaseName).Message.ShouldContain("InitializeDatabaseAsync");
    }

    [Fact]
    public async Task A_failing_seed_fails_initialization_and_dispose_still_drops_the_database()
    {
        var fixture = new FolderFixture(_folder.Path, _registry, _session, seedFailure: new InvalidOperationException("seed broke"));

        (await Should.ThrowAsync<InvalidOperationException>(fixture.InitializeAsync)).Message.ShouldBe("seed broke");
        _folder.FileNames().ShouldContain(n => n.EndsWith(".db", StringComparison.Ordinal));
        await fixture.DisposeAsync();

        _folder.FileNames().ShouldBeEmpty();
        _registry.Databases.ShouldAllBe(d => d.IsDropped);
    }

    [Fact]
    public async Task An_unwritable_folder_fails_initialization_with_a_message_naming_the_folder_and_setting()
    {
        var blocker = _folder.File("a-file");
        await File.WriteAllTextAsync(blocker, "not a folder");
        var fixture = new FolderFixture(Path.Combine(blocker, "sqlite"), _registry, _session);

        var error = await Should.ThrowAsync<InvalidOperationException>(fixture.InitializeAsync);
        await fixture.DisposeAsync();

        error.Message.ShouldContain(Path.Combine(blocker, "sqlite"));
        error.Message.ShouldContain("TRACTATUS_SQLITE_FOLDER");
    }

    [Fact]
    public async Task The_first_fixture_per_folder_sweeps_expired_orphans_and_later_ones_do_not_sweep_again()
    {
        var crashed = TestSession.Start();
        var orphan = crashed.DatabaseName("orphan", DatabaseNameRules.Sqlite);
        await File.WriteAllBytesAsync(_folder.File(orphan + ".db"), []);
        await File.WriteAllTextAsync(_folder.File(orphan + ".lease.json"), LeaseRecord.For(crashed, DateTimeOffset.UtcNow.AddHours(-1), TimeSpan.FromMinutes(5)).ToJson());
        var first = new FolderFixture(_folder.Path, _registry, _session);
        var second = new FolderFixture(_folder.Path, _registry, _session);

        await first.InitializeAsync();
        await second.InitializeAsync();

        first.SweepReport.ShouldNotBeNull().Dropped.ShouldBe([orphan]);
        second.SweepReport.ShouldBeNull();
        _registry.Swept.ShouldBe([orphan]);
        File.Exists(_folder.File(orphan + ".db")).ShouldBeFalse();
        second.DatabaseName.ShouldNotBe(first.DatabaseName);

        await first.DisposeAsync();
        await second.DisposeAsync();
        _folder.FileNames().ShouldBeEmpty();
    }

    [Fact]
    public async Task The_lease_is_heartbeated_while_the_fixture_lives()
    {
        var lease = new LeaseOptions { TimeToLive = TimeSpan.FromSeconds(1) };
        var fixture = new FolderFixture(_folder.Path, _registry, _session, lease: lease);
        await fixture.InitializeAsync();
        var leasePath = _folder.File(fixture.DatabaseName + ".lease.json");
        var first = ReadLease(leasePath);

        // Wait for a renewal rather than for a fixed time: asserts that beats happen, not how fast.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (ReadLease(leasePath).HeartbeatAt == first.HeartbeatAt && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        ReadLease(leasePath).ExpiresAt.ShouldBeGreaterThan(first.ExpiresAt);
        await fixture.DisposeAsync();
    }

    [Fact]
    public async Task Run_teardown_drops_what_a_fixture_left_and_reports_it_once()
    {
        var left = new FolderFixture(_folder.Path, _registry, _session);
        await left.InitializeAsync(); // never disposed, as when xUnit aborts a class
        var disposed = new FolderFixture(_folder.Path, _registry, _session);
        await disposed.InitializeAsync();
        await disposed.DisposeAsync();
        var output = new StringWriter();
        var log = new List<string>();
        var run = new SessionRun(_session, _registry, output, log.Add);

        var summary = await run.EndAsync();
        run.EndBestEffort(); // process exit after the run: must not tear down (or report) again

        File.Exists(left.DatabasePath).ShouldBeFalse();
        _folder.FileNames().ShouldBeEmpty();
        (summary.DatabasesCreated, summary.DatabasesDropped, summary.DatabasesLeft.Count).ShouldBe((2, 2, 0));
        var line = $"Tractatus.TestIsolation: session {_session.Id} (pid {Environment.ProcessId}): databases created 2, dropped 2, left 0";
        output.ToString().ShouldBe(line + Environment.NewLine);
        log.ShouldBe([line]);
    }

    [Fact]
    public async Task Process_exit_before_the_run_ended_tears_down_once_and_the_run_end_reuses_it()
    {
        var left = new FolderFixture(_folder.Path, _registry, _session);
        await left.InitializeAsync();
        var output = new StringWriter();
        var run = new SessionRun(_session, _registry, output, log: null);

        run.EndBestEffort(); // what ProcessExit and Ctrl+C call
        var summary = await run.EndAsync();

        run.IsEnding.ShouldBeTrue();
        File.Exists(left.DatabasePath).ShouldBeFalse();
        (summary.DatabasesCreated, summary.DatabasesDropped, summary.DatabasesLeft.Count).ShouldBe((1, 1, 0));
        output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries).Length.ShouldBe(1);
        await left.DisposeAsync(); // a fixture disposed after the teardown finds its database already dropped
        _registry.Databases.Count(d => d.IsDropped).ShouldBe(1);
    }

    [Fact]
    public void The_summary_names_what_was_left_and_what_was_swept()
    {
        var summary = new SessionRunSummary("0m5x2k9qzab3f7k", 4242, 3, 2, ["/tmp/x/test_0m5x2k9qzab3f7k_3.db"], 1, 1, ["test_0m5x2k9qzab3f7j"], []);

        summary.ToString().ShouldBe(
            "Tractatus.TestIsolation: session 0m5x2k9qzab3f7k (pid 4242): databases created 3, dropped 2, left 1 " +
            "(/tmp/x/test_0m5x2k9qzab3f7k_3.db; a later run sweeps them once their leases expire); state folders created 1, removed 1; swept 1 orphan(s) of crashed runs");
    }

    private static LeaseRecord ReadLease(string path)
    {
        LeaseRecord.TryParse(File.ReadAllText(path), out var lease).ShouldBeTrue();
        return lease!;
    }
}
