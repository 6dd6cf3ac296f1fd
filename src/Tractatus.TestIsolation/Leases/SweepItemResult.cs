namespace Tractatus.TestIsolation.Leases;

/// <summary>One resource's outcome in a sweep.</summary>
public sealed record SweepItemResult
{
    internal SweepItemResult(LeasedResource resource, SweepAction action, string reason)
    {
        Resource = resource;
        Action = action;
        Reason = reason;
    }

    /// <summary>The resource as listed (state, owner, owner liveness).</summary>
    public LeasedResource Resource { get; }

    /// <summary>What the sweep did.</summary>
    public SweepAction Action { get; }

    /// <summary>Why, in words (e.g. "lease expired 2026-12-06T09:00:00Z and no process holds the session's liveness lock").</summary>
    public string Reason { get; }

    /// <summary>The resource's name.</summary>
    public string Name => Resource.Name;

    /// <inheritdoc />
    public override string ToString() => $"{Action} {Resource.Name} ({Resource.State}): {Reason}";
}
