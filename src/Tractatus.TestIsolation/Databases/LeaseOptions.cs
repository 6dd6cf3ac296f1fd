namespace Tractatus.TestIsolation.Databases;

/// <summary>How long a lease lives without a heartbeat, how often a live session renews it, and which clock leases use.</summary>
/// <remarks>
/// What a pause (debugger breakpoint, SIGSTOP, VM freeze, long GC) longer than <see cref="TimeToLive"/> does depends
/// on the store, because a lease alone is only time: PostgreSQL, SQLite and session state folders also require the
/// owner's liveness lock (a session advisory lock, an OS file lock) to be free before they remove anything, so a
/// paused process keeps its data for as long as it lives, however long the pause. MongoDB has no lock that lives
/// with a process: there a pause longer than the TTL lets another run's sweep drop the database, and the owner's
/// next heartbeat or provider call fails with <see cref="Leases.LeaseLostException"/> instead of writing on
/// without a lease. Raise the TTL (<c>TRACTATUS_LEASE_TTL_SECONDS</c>) when you debug against MongoDB.
/// </remarks>
public sealed record LeaseOptions
{
    /// <summary>Default time to live: five minutes, so a crashed run's leftovers go soon.</summary>
    public static readonly TimeSpan DefaultTimeToLive = TimeSpan.FromMinutes(5);

    /// <summary>A lease not renewed for this long is expired. Default 5 minutes; env <c>TRACTATUS_LEASE_TTL_SECONDS</c>.</summary>
    public TimeSpan TimeToLive { get; init; } = DefaultTimeToLive;

    /// <summary>How often a live session renews its leases. Default a third of <see cref="TimeToLive"/>.</summary>
    public TimeSpan HeartbeatInterval => TimeSpan.FromTicks(TimeToLive.Ticks / 3);

    /// <summary>
    /// The clock leases are written and judged with, and heartbeats wait on. Default <see cref="TimeProvider.System"/>,
    /// which for server providers means the server's own clock (shared by every machine). Tests set a fake clock,
    /// so they never wait on the wall clock for a lease to expire; a non-system clock also replaces the server's.
    /// </summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>True when <see cref="TimeProvider"/> is the real clock (then server providers use the server's clock).</summary>
    internal bool UsesSystemClock => ReferenceEquals(TimeProvider, TimeProvider.System);
}
