namespace Tractatus.TestIsolation.Leases;

/// <summary>
/// One session-owned resource (database, database file, state folder) on a store, as listed by
/// <see cref="LeaseSweeper.ListAsync"/>: its state and, when it carries a lease, who owns it and until when.
/// </summary>
public sealed record LeasedResource
{
    internal LeasedResource(string store, string location, string name, string sessionId, LeaseState state, LeaseRecord? lease, DateTimeOffset checkedAt, OwnerLiveness owner, string? detail)
    {
        Store = store;
        Location = location;
        Name = name;
        SessionId = sessionId;
        State = state;
        Lease = lease;
        CheckedAt = checkedAt;
        Owner = owner;
        Detail = detail;
    }

    /// <summary>Provider kind, e.g. <c>postgresql</c>.</summary>
    public string Store { get; }

    /// <summary>Where the store is, without password.</summary>
    public string Location { get; }

    /// <summary>The resource's name.</summary>
    public string Name { get; }

    /// <summary>The session id in the name.</summary>
    public string SessionId { get; }

    /// <summary>What it is: live, expired, reserved, an unleased lookalike...</summary>
    public LeaseState State { get; }

    /// <summary>The store's clock when it was read.</summary>
    public DateTimeOffset CheckedAt { get; }

    /// <summary>What the store proved about the owner's processes.</summary>
    public OwnerLiveness Owner { get; }

    /// <summary>Why it is in this state, for people (who holds which lock, what could not be read).</summary>
    public string? Detail { get; }

    /// <summary>Machine that runs the owner; null when unleased.</summary>
    public string? Host => Lease?.Host;

    /// <summary>Process that runs the owner (attribution only: pids are reused); null when unleased.</summary>
    public int? ProcessId => Lease?.ProcessId;

    /// <summary>OS user that runs the owner; null when unleased or not recorded.</summary>
    public string? User => Lease?.User;

    /// <summary>CI job that runs the owner, e.g. <c>github:123-1</c>; null outside CI or when unleased.</summary>
    public string? CiJob => Lease?.CiJob;

    /// <summary>When the owner session started; null when unleased.</summary>
    public DateTimeOffset? StartedAt => Lease?.StartedAt;

    /// <summary>The owner's last renewal; null when unleased.</summary>
    public DateTimeOffset? HeartbeatAt => Lease?.HeartbeatAt;

    /// <summary>When the lease expires unless renewed (by the store's clock); null when unleased.</summary>
    public DateTimeOffset? ExpiresAt => Lease?.ExpiresAt;

    /// <summary>The lease as read; null when unleased.</summary>
    internal LeaseRecord? Lease { get; }
}
