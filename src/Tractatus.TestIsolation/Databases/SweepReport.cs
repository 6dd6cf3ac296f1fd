using Tractatus.TestIsolation.Leases;

namespace Tractatus.TestIsolation.Databases;

/// <summary>What a sweep of one store found and did, item by item.</summary>
public sealed class SweepReport
{
    /// <summary>Creates a report from per-item results.</summary>
    internal SweepReport(string store, string location, IReadOnlyList<SweepItemResult> items)
    {
        Store = store;
        Location = location;
        Items = items;
    }

    /// <summary>A sweep that found nothing.</summary>
    internal static SweepReport Empty { get; } = new(string.Empty, string.Empty, []);

    /// <summary>Provider kind of the swept store.</summary>
    public string Store { get; }

    /// <summary>Where the swept store is, without password.</summary>
    public string Location { get; }

    /// <summary>Every session-named resource found, with what was done and why.</summary>
    public IReadOnlyList<SweepItemResult> Items { get; }

    /// <summary>Names of expired, library-owned resources that were removed.</summary>
    public IReadOnlyList<string> Dropped => NamesOf(SweepAction.Dropped);

    /// <summary>Names a dry run would have removed.</summary>
    public IReadOnlyList<string> WouldDrop => NamesOf(SweepAction.WouldDrop);

    /// <summary>Names left alone because their owner lives (lease live, owner's liveness lock held, being created, or the sweeping session's own).</summary>
    public IReadOnlyList<string> KeptLive => NamesOf(SweepAction.KeptLive);

    /// <summary>Lookalike names without this library's lease, left alone.</summary>
    public IReadOnlyList<string> Ignored => NamesOf(SweepAction.Ignored);

    /// <summary>Resources that could not be read or removed, with the reason; the sweep went on past each.</summary>
    public IReadOnlyList<SweepItemResult> Failed => Items.Where(i => i.Action == SweepAction.Failed).ToArray();

    /// <inheritdoc />
    public override string ToString() =>
        $"sweep of {Store} {Location}: {Dropped.Count} dropped, {WouldDrop.Count} would drop, {KeptLive.Count} kept live, {Ignored.Count} ignored, {Failed.Count} failed";

    private string[] NamesOf(SweepAction action) => Items.Where(i => i.Action == action).Select(i => i.Name).ToArray();
}
