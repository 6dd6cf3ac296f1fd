using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using DocumentApi;

namespace DemoRunner;

/// <summary>Runs one suite as N concurrent sessions against one shared database and state folder, and measures the damage.</summary>
internal sealed class Phase
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true };
    private readonly Options _options;
    private readonly string _suite;
    private readonly string _dll;
    private readonly string _directory;

    public Phase(Options options, string suite)
    {
        _options = options;
        _suite = suite;
        _dll = suite == "naive" ? options.NaiveDll : options.IsolatedDll;
        _directory = Path.Combine(options.WorkDirectory, suite);
    }

    private string SharedDirectory => Path.Combine(_directory, "shared");
    private string SqliteFolder => Path.Combine(_directory, "sqlite-sessions");
    private bool Kill => _options.Kill && _suite == "isolated";

    public async Task<PhaseResult> RunAsync()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }

        Directory.CreateDirectory(SharedDirectory);
        if (_suite == "naive")
        {
            await Inventory.ResetNaiveAsync(_options.Provider);
        }

        Say($"==> {_suite} suite: {_options.Sessions} concurrent session(s), provider {_options.Provider}, shared folder {SharedDirectory}");
        var clock = Stopwatch.StartNew();
        var sessions = Enumerable.Range(1, _options.Sessions).Select(i => TestSessionProcess.Start(i, _dll, _directory, Environment())).ToList();
        var waits = sessions.Select(s => s.WaitAsync()).ToList();
        var killer = Kill ? KillOneMidRunAsync(sessions[0]) : Task.FromResult<DateTime?>(null);
        await ShowProgressAsync(sessions, clock, Task.WhenAll(waits));
        var killedAt = await killer;
        var wall = clock.Elapsed.TotalSeconds;

        var live = sessions.Where(s => s.KilledDatabase is null).ToList();
        var results = live.Select(s => TrxResults.Read(s.TrxPath)).ToList();
        foreach (var (session, outcome) in live.Zip(results))
        {
            Say($"    session {session.Index}: {outcome.Passed} passed, {outcome.Failed} failed ({session.Elapsed.TotalSeconds:0.0} s){(File.Exists(session.TrxPath) ? "" : $" - no test results; see {Path.Combine(_directory, $"session-{session.Index}.log")}")}");
        }

        var reports = live.SelectMany(s => ReadReports(s.ReportDirectory)).ToList();
        var messages = results.SelectMany(r => r.FailureMessages).ToList();
        var leftovers = await LeftoversAsync();
        var result = new PhaseResult
        {
            Suite = _suite,
            Sessions = _options.Sessions,
            TestsPassed = results.Sum(r => r.Passed),
            TestsFailed = results.Sum(r => r.Failed) + live.Count(s => !File.Exists(s.TrxPath)),
            DuplicateKeyErrors = messages.Count(IsDuplicateKey),
            DeletedByOtherSession = messages.Count(m => m.Contains(FailureKinds.DeletedByOtherSession, StringComparison.Ordinal)),
            InstructionEntriesAppended = reports.Sum(r => r.InstructionsAppended),
            InstructionEntriesLost = LostEntries(reports),
            CountersBlended = reports.Count(r => r.CounterInState != r.DocumentsCreated),
            LeftoverDatabases = leftovers.Count,
            Leftovers = leftovers,
            SessionsWithoutResults = live.Count(s => !File.Exists(s.TrxPath) || !ReadReports(s.ReportDirectory).Any()),
            WallSeconds = Math.Round(wall, 1),
            SessionSeconds = live.Select(s => Math.Round(s.Elapsed.TotalSeconds, 1)).ToList(),
        };
        Say($"    wall time {wall:0.0} s for {_options.Sessions} session(s); leftover databases: {(leftovers.Count == 0 ? "none" : string.Join(", ", leftovers))}");

        return Kill ? await SweepAfterKillAsync(result, sessions[0], killedAt) : result;
    }

    private async Task<PhaseResult> SweepAfterKillAsync(PhaseResult result, TestSessionProcess victim, DateTime? killedAt)
    {
        if (victim.KilledDatabase is null || killedAt is null)
        {
            Say("    the session to kill finished before it could be killed; nothing to sweep");
            return result;
        }

        var left = result.Leftovers.Contains(victim.KilledDatabase);
        Say($"    killed session {victim.Index} left {victim.KilledDatabase}: {(left ? "still there, its lease is running out" : "NOT FOUND")}");
        var expires = killedAt.Value.AddSeconds(_options.LeaseSeconds + 1);
        var wait = expires - DateTime.UtcNow;
        if (wait > TimeSpan.Zero)
        {
            Say($"==> waiting {wait.TotalSeconds:0.0} s for the killed session's lease ({_options.LeaseSeconds} s) to expire");
            await Task.Delay(wait);
        }

        Say("==> the next run (one session) starts and sweeps expired leases");
        var next = TestSessionProcess.Start(_options.Sessions + 1, _dll, _directory, Environment());
        await next.WaitAsync();
        var trx = TrxResults.Read(next.TrxPath);
        var swept = ReadReports(next.ReportDirectory).SelectMany(r => r.SweptDatabases).ToList();
        var after = await LeftoversAsync();
        Say($"    next run: {trx.Passed} passed, {trx.Failed} failed; swept {(swept.Count == 0 ? "nothing" : string.Join(", ", swept))}; leftover databases now: {(after.Count == 0 ? "none" : string.Join(", ", after))}");
        return result with
        {
            KilledDatabase = victim.KilledDatabase,
            KilledDatabaseLeftAfterPhase = left,
            SweptByNextRun = swept,
            LeftoverAfterSweep = after.Count,
            SweepRunFailed = trx.Failed + (File.Exists(next.TrxPath) ? 0 : 1),
        };
    }

    private async Task<DateTime?> KillOneMidRunAsync(TestSessionProcess victim)
    {
        while (!victim.HasExited)
        {
            if (victim.Started() is { } started)
            {
                await Task.Delay(TimeSpan.FromSeconds(1.5)); // mid-run: its database is in use, tests are running
                try
                {
                    using var host = Process.GetProcessById(started.Pid);
                    host.Kill(); // SIGKILL on Linux and macOS: no teardown, no exit handlers
                }
                catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
                {
                    return null; // already gone
                }

                victim.KilledDatabase = started.Database;
                Say($"    killed session {victim.Index} (test host pid {started.Pid}) with SIGKILL while it used {started.Database}");
                return DateTime.UtcNow;
            }

            await Task.Delay(50);
        }

        return null;
    }

    private static async Task ShowProgressAsync(List<TestSessionProcess> sessions, Stopwatch clock, Task all)
    {
        foreach (var session in sessions)
        {
            Say($"    session {session.Index} started");
        }

        while (await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(3))) != all)
        {
            Say($"    [{clock.Elapsed.TotalSeconds,5:0.0} s] {sessions.Count(s => !s.HasExited)} of {sessions.Count} session(s) running");
        }
    }

    private Dictionary<string, string> Environment()
    {
        var environment = new Dictionary<string, string>
        {
            ["TRACTATUS_DEMO_PROVIDER"] = _options.Provider,
            ["TRACTATUS_DEMO_SHARED_DIR"] = SharedDirectory,
            ["TRACTATUS_SQLITE_FOLDER"] = SqliteFolder,
            ["TRACTATUS_DATABASE_PREFIX"] = _options.DatabasePrefix,
        };
        if (_options.Kill)
        {
            // Short leases so the demo shows the sweep within seconds; live sessions heartbeat every third of it.
            environment["TRACTATUS_LEASE_TTL_SECONDS"] = _options.LeaseSeconds.ToString(CultureInfo.InvariantCulture);
        }

        return environment;
    }

    private Task<IReadOnlyList<string>> LeftoversAsync() => _suite == "naive"
        ? Inventory.NaiveAsync(_options.Provider, SharedDirectory)
        : Inventory.IsolatedAsync(_options.Provider, _options.DatabasePrefix, SqliteFolder);

    private int LostEntries(IReadOnlyList<SessionReport> reports)
    {
        var path = Path.Combine(SharedDirectory, ".claude", "instruction-history.json");
        List<InstructionEntry> entries;
        try
        {
            entries = File.Exists(path) ? JsonSerializer.Deserialize<List<InstructionEntry>>(File.ReadAllText(path), Json) ?? [] : [];
        }
        catch (JsonException)
        {
            Say($"    {path} is not valid JSON after the run: every entry in it is lost");
            entries = [];
        }

        return reports.Sum(r => Math.Max(0, r.InstructionsAppended - entries.Count(e => e.Process == r.ProcessId)));
    }

    private static IEnumerable<SessionReport> ReadReports(string folder) =>
        Directory.Exists(folder)
            ? Directory.GetFiles(folder, "session-*.json").Select(f => JsonSerializer.Deserialize<SessionReport>(File.ReadAllText(f), Json)).OfType<SessionReport>()
            : [];

    private static bool IsDuplicateKey(string message) =>
        message.Contains(FailureKinds.DuplicateKey, StringComparison.Ordinal)
        || message.Contains("UNIQUE constraint failed", StringComparison.Ordinal)
        || message.Contains("23505", StringComparison.Ordinal)
        || message.Contains("E11000", StringComparison.Ordinal);

    internal static void Say(string line)
    {
        Console.WriteLine(line);
        Console.Out.Flush();
    }
}
