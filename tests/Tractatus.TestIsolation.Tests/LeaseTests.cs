using Microsoft.Extensions.Time.Testing;
using Shouldly;
using Tractatus.TestIsolation.Databases;
using Tractatus.TestIsolation.Leases;
using Xunit;

namespace Tractatus.TestIsolation.Tests;

public sealed class LeaseTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Json_round_trip_keeps_every_field()
    {
        var lease = new LeaseRecord("0m5x2k9qzab3f7k", "build-7", 4242, Now.AddMinutes(-3), Now, Now.AddMinutes(5));

        LeaseRecord.TryParse(lease.ToJson(), out var parsed).ShouldBeTrue();

        parsed.ShouldBe(lease);
        lease.ToJson().ShouldContain("\"owner\":\"0m5x2k9qzab3f7k\"");
        lease.ToJson().ShouldContain("\"library\":\"Tractatus.TestIsolation\"");
    }

    [Fact]
    public void For_and_RenewedAt_use_the_given_clock()
    {
        var session = TestSession.Start();

        var lease = LeaseRecord.For(session, Now, TimeSpan.FromMinutes(5));
        var renewed = lease.RenewedAt(Now.AddMinutes(1), TimeSpan.FromMinutes(5));

        (lease.Owner, lease.Host, lease.ProcessId, lease.StartedAt).ShouldBe((session.Id, session.Host, session.ProcessId, session.StartedAt));
        lease.ExpiresAt.ShouldBe(Now.AddMinutes(5));
        renewed.HeartbeatAt.ShouldBe(Now.AddMinutes(1));
        renewed.ExpiresAt.ShouldBe(Now.AddMinutes(6));
        renewed.StartedAt.ShouldBe(lease.StartedAt);
    }

    [Fact]
    public void Expiry_starts_at_ExpiresAt()
    {
        var lease = new LeaseRecord("0m5x2k9qzab3f7k", "h", 1, Now, Now, Now.AddSeconds(10));

        lease.IsExpiredAt(Now.AddSeconds(9.999)).ShouldBeFalse();
        lease.IsExpiredAt(Now.AddSeconds(10)).ShouldBeTrue();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("[]")]
    [InlineData("null")]
    [InlineData("{\"owner\":\"0m5x2k9qzab3f7k\"}")] // no times
    [InlineData("{\"owner\":\"\",\"host\":\"h\",\"processId\":1,\"startedAt\":\"2025-03-01T12:00:00Z\",\"heartbeatAt\":\"2025-03-01T12:00:00Z\",\"expiresAt\":\"2025-03-01T12:05:00Z\",\"library\":\"Tractatus.TestIsolation\",\"version\":1}")]
    [InlineData("{\"owner\":\"0m5x2k9qzab3f7k\",\"host\":\"h\",\"processId\":1,\"startedAt\":\"2025-03-01T12:00:00Z\",\"heartbeatAt\":\"2025-03-01T12:00:00Z\",\"expiresAt\":\"2025-03-01T12:05:00Z\",\"library\":\"SomethingElse\",\"version\":1}")]
    public void TryParse_refuses_anything_that_is_not_clearly_our_lease(string? json)
    {
        LeaseRecord.TryParse(json, out var lease).ShouldBeFalse();
        lease.ShouldBeNull();
    }

    [Fact]
    public void Heartbeat_beats_once_per_interval_of_its_clock_until_disposed()
    {
        var clock = new FakeTimeProvider();
        var calls = 0;
        var heartbeat = new LeaseHeartbeat(_ => { Interlocked.Increment(ref calls); return Task.CompletedTask; }, TimeSpan.FromMinutes(1), clock);

        Volatile.Read(ref calls).ShouldBe(0);
        for (var beat = 1; beat <= 3; beat++)
        {
            clock.Advance(TimeSpan.FromMinutes(1));
            SpinWait.SpinUntil(() => heartbeat.SuccessfulBeats >= beat, TimeSpan.FromSeconds(30)).ShouldBeTrue(); // the beat runs on a pool thread
        }

        heartbeat.Dispose();
        clock.Advance(TimeSpan.FromMinutes(10));

        Volatile.Read(ref calls).ShouldBe(3);
        heartbeat.LastError.ShouldBeNull();
    }

    [Fact]
    public async Task Heartbeat_keeps_failures_instead_of_throwing_and_keeps_beating()
    {
        var clock = new FakeTimeProvider();
        var calls = 0;
        await using var heartbeat = new LeaseHeartbeat(
            _ => Interlocked.Increment(ref calls) % 2 == 1 ? throw new InvalidOperationException("server unreachable") : Task.CompletedTask,
            new LeaseOptions { TimeToLive = TimeSpan.FromMinutes(3), TimeProvider = clock });

        for (var beat = 1; beat <= 4; beat++)
        {
            clock.Advance(TimeSpan.FromMinutes(1));
            SpinWait.SpinUntil(() => heartbeat.FailedBeats + heartbeat.SuccessfulBeats >= beat, TimeSpan.FromSeconds(30)).ShouldBeTrue();
        }

        (heartbeat.FailedBeats, heartbeat.SuccessfulBeats).ShouldBe((2, 2));
        heartbeat.LastError.ShouldBeOfType<InvalidOperationException>().Message.ShouldBe("server unreachable");
        heartbeat.Interval.ShouldBe(TimeSpan.FromMinutes(1));
    }

    [Fact]
    public void Heartbeat_rejects_a_non_positive_interval() =>
        Should.Throw<ArgumentOutOfRangeException>(() => new LeaseHeartbeat(_ => Task.CompletedTask, TimeSpan.Zero));
}
