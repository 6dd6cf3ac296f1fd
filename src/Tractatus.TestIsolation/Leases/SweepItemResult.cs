namespace Tractatus.TestIsolation.Leases;

/// <summary>One resource's outcome in a sweep.</summary>
/// <param name="Resource">The resource as listed (state, lease, owner liveness).</param>
/// <param name="Action">What the sweep did.</param>
/// <param name="Reason">Why, in words (e.g. "lease expired 2026-12-06T09:00:00Z and no process holds the session's liveness lock").</param>
public sealed record SweepItemResult(LeasedResource Resource, SweepAction Action, string Reason)
{
    /// <summary>The resource's name.</summary>
    public string Name => Resource.Name;

    /// <inheritdoc />
    public override string ToString() => $"{Action} {Resource.Name} ({Resource.State}): {Reason}";
}
