namespace Tractatus.TestIsolation.Databases;

/// <summary>How long a lease lives without a heartbeat, and how often a live session renews it.</summary>
public sealed record LeaseOptions
{
    /// <summary>Default time to live: long enough to survive a paused debugger step, short enough to sweep crashes soon.</summary>
    public static readonly TimeSpan DefaultTimeToLive = TimeSpan.FromMinutes(5);

    /// <summary>A lease not renewed for this long is expired. Default 5 minutes; env <c>TRACTATUS_LEASE_TTL_SECONDS</c>.</summary>
    public TimeSpan TimeToLive { get; init; } = DefaultTimeToLive;

    /// <summary>How often a live session renews its leases. Default a third of <see cref="TimeToLive"/>.</summary>
    public TimeSpan HeartbeatInterval => TimeSpan.FromTicks(TimeToLive.Ticks / 3);
}
