namespace Tractatus.TestIsolation.Databases;

/// <summary>What a sweep found and did.</summary>
/// <param name="Dropped">Names of expired, library-owned resources that were removed.</param>
/// <param name="KeptLive">Names with a live lease, left alone.</param>
/// <param name="Ignored">Lookalike names without this library's lease, left alone.</param>
public sealed record SweepReport(IReadOnlyList<string> Dropped, IReadOnlyList<string> KeptLive, IReadOnlyList<string> Ignored)
{
    /// <summary>A sweep that found nothing.</summary>
    public static SweepReport Empty { get; } = new([], [], []);
}
