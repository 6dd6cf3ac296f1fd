namespace Tractatus.TestIsolation.Worker;

/// <summary>
/// The system clock set back by a fixed amount, so a child process writes leases that are already expired by every
/// other clock: tests see "the TTL has passed" without waiting on the wall clock.
/// </summary>
internal sealed class PastClock(TimeSpan behind) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() - behind;

    public static PastClock OneHourBehind { get; } = new(TimeSpan.FromHours(1));
}
