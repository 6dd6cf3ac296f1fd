namespace Tractatus.TestIsolation.Leases;

/// <summary>One session-owned resource (database, database file, state folder) on a store, as listed by <see cref="LeaseSweeper.ListAsync"/>.</summary>
/// <param name="Store">Provider kind, e.g. <c>postgresql</c>.</param>
/// <param name="Location">Where the store is, without password.</param>
/// <param name="Name">The resource's name.</param>
/// <param name="SessionId">The session id in the name.</param>
/// <param name="State">What it is: live, expired, reserved, an unleased lookalike...</param>
/// <param name="Lease">Its lease: owner, host, pid, user, CI job, started, last heartbeat, expiry; null when unleased.</param>
/// <param name="CheckedAt">The store's clock when it was read.</param>
/// <param name="Owner">What the store proved about the owner's processes.</param>
/// <param name="Detail">Why it is in this state, for people (who holds which lock, what could not be read).</param>
public sealed record LeasedResource(
    string Store,
    string Location,
    string Name,
    string SessionId,
    LeaseState State,
    LeaseRecord? Lease,
    DateTimeOffset CheckedAt,
    OwnerLiveness Owner,
    string? Detail);
