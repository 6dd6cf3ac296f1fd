using System.Text.Json;
using DemoRunner;

Options options;
try
{
    options = Options.Parse(args);
}
catch (Exception ex) when (ex is ArgumentException or FormatException)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}

foreach (var dll in new[] { options.RunNaive ? options.NaiveDll : null, options.RunIsolated ? options.IsolatedDll : null }.OfType<string>())
{
    if (!File.Exists(dll))
    {
        Console.Error.WriteLine($"{dll} does not exist: build the demo suites first (build/demo.sh builds them).");
        return 2;
    }
}

PhaseResult? naive = options.RunNaive ? await new Phase(options, "naive").RunAsync() : null;
PhaseResult? isolated = options.RunIsolated ? await new Phase(options, "isolated").RunAsync() : null;

Report.PrintTable(naive, isolated);
if (options.JsonPath is not null)
{
    File.WriteAllText(options.JsonPath, JsonSerializer.Serialize(new { options.Provider, options.Sessions, options.Kill, naive, isolated }, new JsonSerializerOptions { WriteIndented = true }));
}

// The demo doubles as a check: isolation that leaks anything is a failure, not just a table row.
if (isolated is not null && !IsClean(isolated))
{
    Console.Error.WriteLine("demo: the isolated suite did not come out clean (see the isolated column above).");
    return 3;
}

return 0;

static bool IsClean(PhaseResult r) =>
    r.TestsFailed == 0 && r.DuplicateKeyErrors == 0 && r.DeletedByOtherSession == 0 && r.InstructionEntriesLost == 0
    && r.CountersBlended == 0 && r.SessionsWithoutResults == 0 && r.SweepRunFailed == 0
    && (r.KilledDatabase is null ? r.LeftoverDatabases == 0 : r.LeftoverAfterSweep == 0);
