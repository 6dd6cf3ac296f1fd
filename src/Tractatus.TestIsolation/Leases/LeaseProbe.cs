namespace Tractatus.TestIsolation.Leases;

/// <summary>What a store read about one resource, in one look, with the store's own clock.</summary>
/// <param name="Exists">False when the resource is gone.</param>
/// <param name="Lease">This library's lease, or null when there is none (or it is not ours).</param>
/// <param name="Now">The store's clock (the server's, or the injected <see cref="Databases.LeaseOptions.TimeProvider"/>).</param>
/// <param name="Owner">What the store can prove about the owner's processes.</param>
/// <param name="Reserved">True when the library's reservation mark is there (a creation in progress or cut short).</param>
/// <param name="ReservationHeld">For a reservation: true while a process holds the name's lock (the creator runs).</param>
/// <param name="Detail">Who holds what, for reports (e.g. "advisory lock held by server pid 4711"); null when nothing to say.</param>
internal sealed record LeaseProbe(
    bool Exists,
    LeaseRecord? Lease,
    DateTimeOffset Now,
    OwnerLiveness Owner,
    bool Reserved = false,
    bool ReservationHeld = false,
    string? Detail = null)
{
    /// <summary>A resource that is gone.</summary>
    public static LeaseProbe Missing(DateTimeOffset now) => new(false, null, now, OwnerLiveness.Unknown);
}
