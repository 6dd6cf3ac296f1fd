namespace Tractatus.TestIsolation.Stress.Tests;

/// <summary>One suite's numbers as samples/DemoRunner writes them to its JSON output.</summary>
public sealed record PhaseOutcome
{
    public string Suite { get; init; } = "";
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
    public int SessionsWithoutResults { get; init; }
    public double WallSeconds { get; init; }
    public string? KilledDatabase { get; init; }
    public bool KilledDatabaseLeftAfterPhase { get; init; }
    public IReadOnlyList<string> SweptByNextRun { get; init; } = [];
    public int LeftoverAfterSweep { get; init; } = -1;
    public int SweepRunFailed { get; init; }

    public override string ToString() =>
        $"{Suite}: {Sessions} session(s), {TestsPassed} passed, {TestsFailed} failed, duplicate keys {DuplicateKeyErrors}, deleted by other {DeletedByOtherSession}, "
        + $"entries lost {InstructionEntriesLost}/{InstructionEntriesAppended}, counters blended {CountersBlended}, leftovers [{string.Join(", ", Leftovers)}], "
        + $"sessions without results {SessionsWithoutResults}, killed {KilledDatabase ?? "none"}, swept by next run [{string.Join(", ", SweptByNextRun)}], "
        + $"leftover after sweep {LeftoverAfterSweep}, wall {WallSeconds} s";
}

/// <summary>The runner's JSON output.</summary>
public sealed record DemoOutcome(PhaseOutcome? Naive, PhaseOutcome? Isolated);
