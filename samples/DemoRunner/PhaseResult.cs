namespace DemoRunner;

/// <summary>
/// What one suite did as N concurrent sessions: the numbers of the before/after table. Also the
/// schema of the --json output, so tests/Tractatus.TestIsolation.Stress.Tests links this file to
/// read it (hence public) instead of keeping a copy that could drift.
/// </summary>
public sealed record PhaseResult
{
    public required string Suite { get; init; }
    public int Sessions { get; init; }
    public int TestsPassed { get; init; }
    public int TestsFailed { get; init; }
    public int DuplicateKeyErrors { get; init; }
    public int DeletedByOtherSession { get; init; }
    public int InstructionEntriesAppended { get; init; }
    public int InstructionEntriesLost { get; init; }
    public int CountersBlended { get; init; }
    public int LeftoverDatabases { get; init; }
    public IReadOnlyList<string> Leftovers { get; init; } = [];
    /// <summary>Live sessions that left no TRX or no report (a crashed test host, a fixture that never started).</summary>
    public int SessionsWithoutResults { get; init; }
    public double WallSeconds { get; init; }
    public IReadOnlyList<double> SessionSeconds { get; init; } = [];

    /// <summary>With --kill: the killed session's database, whether it was left after the phase, and what the next run swept.</summary>
    public string? KilledDatabase { get; init; }
    public bool KilledDatabaseLeftAfterPhase { get; init; }
    public IReadOnlyList<string> SweptByNextRun { get; init; } = [];
    public int LeftoverAfterSweep { get; init; } = -1;
    public int SweepRunFailed { get; init; }

    /// <summary>One line with every number, for assertion messages (the record default would print lists as type names).</summary>
    public override string ToString() =>
        $"{Suite}: {Sessions} session(s), {TestsPassed} passed, {TestsFailed} failed, duplicate keys {DuplicateKeyErrors}, deleted by other {DeletedByOtherSession}, "
        + $"entries lost {InstructionEntriesLost}/{InstructionEntriesAppended}, counters blended {CountersBlended}, leftovers [{string.Join(", ", Leftovers)}], "
        + $"sessions without results {SessionsWithoutResults}, killed {KilledDatabase ?? "none"}, swept by next run [{string.Join(", ", SweptByNextRun)}], "
        + $"leftover after sweep {LeftoverAfterSweep}, wall {WallSeconds} s";
}
