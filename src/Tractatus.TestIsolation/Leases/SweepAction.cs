namespace Tractatus.TestIsolation.Leases;

/// <summary>What a sweep did with one resource.</summary>
public enum SweepAction
{
    /// <summary>Removed (expired, owner gone; or an abandoned creation).</summary>
    Dropped,

    /// <summary>Would have been removed; the sweep was a dry run.</summary>
    WouldDrop,

    /// <summary>Left alone: live, reserved, owned by a paused but running process, or by the sweeping session.</summary>
    KeptLive,

    /// <summary>Left alone: not this library's (no lease for the session in its name), or gone meanwhile.</summary>
    Ignored,

    /// <summary>Could not be read or removed (forbidden, timed out, locked); <see cref="SweepItemResult.Reason"/> says why. The sweep went on.</summary>
    Failed,
}
