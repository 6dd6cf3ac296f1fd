namespace Tractatus.TestIsolation.Leases;

/// <summary>How <see cref="LeaseSweeper"/> lists and sweeps one store.</summary>
public sealed record SweepOptions
{
    /// <summary>Default <see cref="ItemTimeout"/>: 15 seconds.</summary>
    public static readonly TimeSpan DefaultItemTimeout = TimeSpan.FromSeconds(15);

    /// <summary>The session doing the sweep: its own resources are never removed, whatever their lease says. Null: none.</summary>
    public string? CurrentSessionId { get; init; }

    /// <summary>Decide and report, remove nothing (<see cref="SweepAction.WouldDrop"/> instead of <see cref="SweepAction.Dropped"/>).</summary>
    public bool DryRun { get; init; }

    /// <summary>
    /// A session known to have finished (e.g. the command a wrapper started has exited): its resources are removed
    /// whatever their lease's time says, as long as no process of it provably runs (liveness lock free, or a store
    /// that cannot tell). Other sessions' resources are still swept only when expired. Null: expiry only.
    /// </summary>
    public string? FinishedSessionId { get; init; }

    /// <summary>
    /// Only this session's resources are looked at (listing, sweeping); null for all. Set together with
    /// <see cref="FinishedSessionId"/> to clean up after one run and nothing else.
    /// </summary>
    public string? OnlySessionId { get; init; }

    /// <summary>How long reading or removing one resource may take before it is reported as failed and the sweep goes on.</summary>
    public TimeSpan ItemTimeout { get; init; } = DefaultItemTimeout;

    /// <summary>
    /// Told each resource's outcome as soon as it is decided, in order, so a long sweep can show progress
    /// (the tractatus-isolation tool does). Null: only the final <see cref="Databases.SweepReport"/>.
    /// </summary>
    public IProgress<SweepItemResult>? Progress { get; init; }
}
