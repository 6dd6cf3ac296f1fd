namespace DemoRunner;

/// <summary>The before/after table.</summary>
internal static class Report
{
    public static void PrintTable(PhaseResult? naive, PhaseResult? isolated)
    {
        var rows = new (string Label, Func<PhaseResult, string> Value)[]
        {
            ("tests failed", r => $"{r.TestsFailed} of {r.TestsFailed + r.TestsPassed}"),
            ("duplicate-key errors", r => r.DuplicateKeyErrors.ToString()),
            ("documents deleted by the other session", r => r.DeletedByOtherSession.ToString()),
            ("instruction entries lost", r => $"{r.InstructionEntriesLost} of {r.InstructionEntriesAppended}"),
            ("session counters blended", r => $"{r.CountersBlended} of {r.Sessions - (r.KilledDatabase is null ? 0 : 1)}"),
            ("leftover databases", r => r.KilledDatabase is null ? r.LeftoverDatabases.ToString() : $"{r.LeftoverAfterSweep} (*)"),
            ("wall time (s)", r => r.WallSeconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)),
        };
        var sessions = (naive ?? isolated)?.Sessions ?? 0;
        Console.WriteLine();
        Console.WriteLine($"Results for {sessions} concurrent session(s){(isolated?.KilledDatabase is null ? "" : ", one isolated session killed with SIGKILL (not counted)")}:");
        Console.WriteLine();
        Console.WriteLine($"  {"",-40} {"naive",12} {"isolated",12}");
        Console.WriteLine($"  {new string('-', 40)} {new string('-', 12)} {new string('-', 12)}");
        foreach (var (label, value) in rows)
        {
            Console.WriteLine($"  {label,-40} {(naive is null ? "-" : value(naive)),12} {(isolated is null ? "-" : value(isolated)),12}");
        }

        if (isolated?.KilledDatabase is { } killed)
        {
            Console.WriteLine();
            Console.WriteLine($"  (*) after the next run's sweep; right after the kill: {isolated.LeftoverDatabases}.");
            Console.WriteLine($"  killed session's database {killed}: {(isolated.KilledDatabaseLeftAfterPhase ? "left behind by the kill" : "not found after the kill")}, "
                + $"{(isolated.SweptByNextRun.Contains(killed) ? "swept by the next run" : "NOT swept by the next run")}; leftover databases after the sweep: {isolated.LeftoverAfterSweep}");
        }

        Console.WriteLine();
    }
}
