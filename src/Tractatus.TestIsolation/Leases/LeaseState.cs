namespace Tractatus.TestIsolation.Leases;

/// <summary>What a session-owned resource found on a store is, as decided by <see cref="LeaseSweeper"/>.</summary>
public enum LeaseState
{
    /// <summary>Owned by the session that looks (<see cref="SweepOptions.CurrentSessionId"/>): never swept.</summary>
    Current,

    /// <summary>The lease has not expired by the store's clock: the owner renews it.</summary>
    Live,

    /// <summary>Being created: the name is reserved and its creator still holds the name's lock.</summary>
    Reserved,

    /// <summary>The lease expired, but the owner provably still runs (it holds its liveness lock; e.g. paused in a debugger). Kept.</summary>
    ExpiredOwnerAlive,

    /// <summary>The lease expired and the owner is gone (or, where the store cannot tell, only the time speaks): a sweep removes it.</summary>
    Expired,

    /// <summary>
    /// A creation cut short (the creator died between reserving the name and writing the lease): the library's
    /// reservation mark is there, no process holds the name's lock. A sweep removes it.
    /// </summary>
    Abandoned,

    /// <summary>Named like a session resource but without this library's lease for that session: never touched.</summary>
    Unleased,

    /// <summary>Disappeared between listing and reading (dropped by its owner or another sweep).</summary>
    Vanished,

    /// <summary>Could not be read (permissions, a timeout, a broken file); <see cref="LeasedResource.Detail"/> says why. Never touched.</summary>
    Unreadable,
}
