using Shouldly;
using Tractatus.TestIsolation.Leases;
using Xunit;

namespace Tractatus.TestIsolation.Tests.Sweeping;

public sealed class LeaseSweeperTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 10, 0, 0, TimeSpan.Zero);

    private readonly ScriptedLeaseStore _store = new();

    [Fact]
    public async Task Only_an_expired_lease_whose_owner_is_gone_or_unprovable_and_an_abandoned_creation_are_dropped()
    {
        var expiredGone = Add("expgone", expiresIn: -1, OwnerLiveness.Gone);
        var expiredUnknown = Add("expunknown", expiresIn: -1, OwnerLiveness.Unknown);
        var paused = Add("paused", expiresIn: -1, OwnerLiveness.Alive);
        var live = Add("live", expiresIn: 5, OwnerLiveness.Gone);
        var unleased = AddProbe("unleased", id => new LeaseProbe(true, null, Now, OwnerLiveness.Gone));
        var reserved = AddProbe("reserved", id => new LeaseProbe(true, null, Now, OwnerLiveness.Gone, Reserved: true, ReservationHeld: true));
        var abandoned = AddProbe("abandoned", id => new LeaseProbe(true, null, Now, OwnerLiveness.Gone, Reserved: true));
        var mismatch = AddProbe("mismatch", id => new LeaseProbe(true, Lease(NewId(), -1), Now, OwnerLiveness.Gone));
        var current = TestSession.Start();
        var own = current.DatabaseName("own", DatabaseNameRules.PostgreSql);
        _store.Probes[own] = () => new LeaseProbe(true, Lease(current.Id, -1), Now, OwnerLiveness.Gone);

        var report = await LeaseSweeper.SweepAsync(_store, new SweepOptions { CurrentSessionId = current.Id });

        report.Dropped.ShouldBe([abandoned, expiredGone, expiredUnknown], ignoreOrder: true);
        _store.Dropped.ShouldBe([abandoned, expiredGone, expiredUnknown], ignoreOrder: true);
        report.KeptLive.ShouldBe([paused, live, reserved, own], ignoreOrder: true);
        report.Ignored.ShouldBe([unleased, mismatch], ignoreOrder: true);
        report.Items.Single(i => i.Name == paused).Resource.State.ShouldBe(LeaseState.ExpiredOwnerAlive);
        report.Items.Single(i => i.Name == own).Resource.State.ShouldBe(LeaseState.Current);
        report.Items.Single(i => i.Name == abandoned).Resource.State.ShouldBe(LeaseState.Abandoned);
        report.Failed.ShouldBeEmpty();
    }

    [Fact]
    public async Task Names_the_library_can_never_create_are_neither_read_nor_reported()
    {
        var id = NewId();
        _store.Extra.AddRange(["postgres", $"Orders_{id}", $"orders_{id}_0", $"orders_{id}_99999", $"\"orders\"_{id}", $"orders_{id}_1"]);
        var valid = Add("orders", expiresIn: -1, OwnerLiveness.Gone);

        var report = await LeaseSweeper.SweepAsync(_store);

        report.Items.Select(i => i.Name).ShouldBe([valid]);
    }

    [Fact]
    public async Task One_forbidden_one_broken_and_one_hanging_resource_are_reported_and_the_sweep_goes_on()
    {
        var forbidden = Add("forbidden", expiresIn: -1, OwnerLiveness.Gone);
        _store.Drops[forbidden] = () => throw new InvalidOperationException("42501: must be owner of database " + forbidden);
        var unreadable = AddProbe("unreadable", _ => throw new UnauthorizedAccessException("permission denied"));
        var hanging = Add("hanging", expiresIn: -1, OwnerLiveness.Gone);
        _store.Drops[hanging] = () => new TaskCompletionSource<DropOutcome>().Task; // never answers, ignores cancellation
        var fine = Add("zfine", expiresIn: -1, OwnerLiveness.Gone);

        var report = await LeaseSweeper.SweepAsync(_store, new SweepOptions { ItemTimeout = TimeSpan.FromMilliseconds(300) });

        report.Dropped.ShouldBe([fine]);
        report.Failed.Select(f => f.Name).ShouldBe([forbidden, hanging, unreadable], ignoreOrder: true);
        report.Failed.Single(f => f.Name == forbidden).Reason.ShouldContain("42501: must be owner");
        report.Failed.Single(f => f.Name == unreadable).Reason.ShouldContain("permission denied");
        report.Failed.Single(f => f.Name == hanging).Reason.ShouldContain("SweepOptions.ItemTimeout");
    }

    [Fact]
    public async Task A_dry_run_reports_what_would_go_and_removes_nothing()
    {
        var expired = Add("expired", expiresIn: -1, OwnerLiveness.Gone);
        var live = Add("live", expiresIn: 5, OwnerLiveness.Alive);

        var report = await LeaseSweeper.SweepAsync(_store, new SweepOptions { DryRun = true });

        report.WouldDrop.ShouldBe([expired]);
        report.KeptLive.ShouldBe([live]);
        report.Dropped.ShouldBeEmpty();
        _store.Dropped.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_heartbeat_between_the_read_and_the_drop_keeps_the_resource()
    {
        var renewed = Add("renewed", expiresIn: -1, OwnerLiveness.Gone);
        var owner = _store.Probes[renewed]().Lease!.Owner;
        _store.FreshProbes[renewed] = () => new LeaseProbe(true, Lease(owner, 5), Now, OwnerLiveness.Gone);

        var report = await LeaseSweeper.SweepAsync(_store);

        report.KeptLive.ShouldBe([renewed]);
        _store.Dropped.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_finished_session_loses_its_live_resources_unless_one_of_its_processes_still_runs()
    {
        var finished = TestSession.Start();
        var gone = finished.DatabaseName("gone", DatabaseNameRules.PostgreSql);
        _store.Probes[gone] = () => new LeaseProbe(true, Lease(finished.Id, 5), Now, OwnerLiveness.Gone);
        var stillRunning = finished.DatabaseName("running", DatabaseNameRules.PostgreSql);
        _store.Probes[stillRunning] = () => new LeaseProbe(true, Lease(finished.Id, 5), Now, OwnerLiveness.Alive);
        var otherLive = Add("other", expiresIn: 5, OwnerLiveness.Gone);
        var otherExpired = Add("otherexpired", expiresIn: -1, OwnerLiveness.Gone);

        var report = await LeaseSweeper.DropFinishedSessionAsync(_store, finished.Id);

        report.Dropped.ShouldBe([gone]);
        report.KeptLive.ShouldBe([stillRunning]);
        report.Items.Select(i => i.Name).ShouldNotContain(otherLive);
        report.Items.Select(i => i.Name).ShouldNotContain(otherExpired);
    }

    [Fact]
    public async Task List_reports_owner_attribution_and_state_and_removes_nothing()
    {
        var expired = Add("expired", expiresIn: -1, OwnerLiveness.Gone);

        var listed = await LeaseSweeper.ListAsync(_store);

        var resource = listed.ShouldHaveSingleItem();
        resource.Name.ShouldBe(expired);
        resource.State.ShouldBe(LeaseState.Expired);
        resource.Host.ShouldBe("build-7");
        resource.User.ShouldBe("ci");
        resource.CiJob.ShouldBe("github:1-1");
        resource.Detail!.ShouldContain("no process holds");
        _store.Dropped.ShouldBeEmpty();
    }

    private string Add(string prefix, int expiresIn, OwnerLiveness owner) =>
        AddProbe(prefix, id => new LeaseProbe(true, Lease(id, expiresIn), Now, owner));

    private string AddProbe(string prefix, Func<string, LeaseProbe> probe)
    {
        var id = NewId();
        var name = prefix + "_" + id;
        _store.Probes[name] = () => probe(id);
        return name;
    }

    private static string NewId() => TestSession.Start().Id;

    private static LeaseRecord Lease(string owner, int expiresInMinutes) =>
        new(owner, "build-7", 42, Now.AddHours(-1), Now.AddMinutes(expiresInMinutes - 5), Now.AddMinutes(expiresInMinutes), User: "ci", CiJob: "github:1-1");
}
