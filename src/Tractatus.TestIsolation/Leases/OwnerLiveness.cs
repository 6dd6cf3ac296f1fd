namespace Tractatus.TestIsolation.Leases;

/// <summary>What a store can prove about the process(es) owning a resource, independent of the lease's time.</summary>
public enum OwnerLiveness
{
    /// <summary>The store has no lock that lives with a process (MongoDB): only the lease's time speaks.</summary>
    Unknown,

    /// <summary>An owner process holds its liveness lock: it runs, or is paused; its resources are never removed.</summary>
    Alive,

    /// <summary>No process holds the liveness lock: every owner process ended (exited, crashed or was killed).</summary>
    Gone,
}
