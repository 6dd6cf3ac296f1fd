using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Npgsql;
using Shouldly;
using Xunit;

namespace Tractatus.TestIsolation.Tool.Tests;

/// <summary>
/// A run killed outright (tool and command, SIGKILL) next to a live run and an unleased lookalike, on PostgreSQL,
/// the MongoDB wire server and a SQLite folder: <c>list</c> tells them apart, <c>sweep --dry-run</c> removes nothing,
/// <c>sweep</c> removes exactly the killed run's databases.
/// </summary>
public sealed class ListAndSweepTests
{
    // Waits for state changes, never for speed: long enough for a busy CI machine, ended as soon as the state shows.
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    [AllServersFact]
    public async Task List_shows_a_killed_runs_databases_as_expired_and_sweep_removes_exactly_those()
    {
        using var folder = new TempFolder();
        var sqlite = Path.Combine(folder.Path, "sqlite");
        string[] targets = ["--postgres", TestServers.RequiredPostgres, "--mongodb", TestServers.RequiredMongo, "--sqlite", sqlite];

        // A live run (default TTL) and a run with a 2-second TTL that is then killed, tool and all, so nothing cleans up.
        using var live = await InstalledTool.StartAsync(null, [.. "run".Split(), .. targets, "--", .. ChildOutput.Command("postgres,mongodb,sqlite", "toollive", "hang")]);
        using var doomed = await InstalledTool.StartAsync(null, [.. "run".Split(), .. targets, "--lease-ttl", "2", "--", .. ChildOutput.Command("postgres,mongodb,sqlite", "toolcrash", "hang")]);
        await live.WaitForLineAsync("READY", Patience);
        await doomed.WaitForLineAsync("READY", Patience);
        var liveChild = ChildOutput.Parse(live.StandardOutput);
        var crashed = ChildOutput.Parse(doomed.StandardOutput);
        KillTree(doomed);

        var lookalike = "toollook_" + FakeSessionId();
        await CreatePostgresDatabaseWithoutLeaseAsync(lookalike);
        try
        {
            // list: the killed run's databases turn expired once their 2-second leases lapse; the live run's stay live.
            // Other test processes sweep the shared PostgreSQL and MongoDB servers meanwhile and may drop an expired
            // database first (as they should); only the private SQLite folder is this test's alone.
            var resources = await WaitForListAsync(targets, r => crashed.Databases.All(d => StateOf(r, d.Name) == "expired" || (d.Provider != "sqlite" && StateOf(r, d.Name) is null)));
            StateOf(resources, crashed.Names("sqlite").Single()).ShouldBe("expired");
            foreach (var (_, name) in liveChild.Databases)
            {
                StateOf(resources, name).ShouldBe("live");
            }

            var liveRow = resources.Single(r => r.GetProperty("name").GetString() == liveChild.Names("postgresql").Single());
            liveRow.GetProperty("sessionId").GetString().ShouldBe(liveChild.SessionId);
            liveRow.GetProperty("host").GetString().ShouldBe(Environment.MachineName);
            liveRow.GetProperty("processId").GetInt32().ShouldBeGreaterThan(0);
            liveRow.GetProperty("user").GetString().ShouldBe(Environment.UserName);
            liveRow.GetProperty("heartbeatAt").ValueKind.ShouldBe(JsonValueKind.String);
            StateOf(resources, lookalike).ShouldBe("unleased");

            // The table for people names the same states.
            var (tableExit, table) = await InstalledTool.RunAsync(null, ["list", .. targets]);
            tableExit.ShouldBe(0, table.AllOutput);
            table.StandardOutput.ShouldContain(crashed.Names("sqlite").Single());
            table.StandardOutput.ShouldContain("expired");
            table.StandardOutput.ShouldContain("unleased");

            // sweep --dry-run: reports what it would drop and drops nothing.
            var crashedBefore = await SqliteLeftoversAsync(crashed.SessionId, sqlite);
            var liveBefore = await Leftovers.OfAsync(liveChild.SessionId, sqlite);
            crashedBefore.Count.ShouldBeGreaterThanOrEqualTo(1);
            var dryRun = await SweepAsync(targets, "--dry-run");
            foreach (var (provider, name) in crashed.Databases)
            {
                // Absent only when another test process's sweep dropped it first (shared servers).
                if (ActionOf(dryRun, name) is not null || provider == "sqlite")
                {
                    ActionOf(dryRun, name).ShouldBe("would-drop");
                }
            }

            (await SqliteLeftoversAsync(crashed.SessionId, sqlite)).ShouldBe(crashedBefore, "a dry run removes nothing");

            // sweep: exactly the killed run's databases go; the live run's and the lookalike stay.
            var swept = await SweepAsync(targets);
            foreach (var (provider, name) in crashed.Databases)
            {
                // Absent only when another test process's sweep dropped it first (shared servers).
                if (ActionOf(swept, name) is not null || provider == "sqlite")
                {
                    ActionOf(swept, name).ShouldBe("dropped");
                }
            }

            foreach (var (_, name) in liveChild.Databases)
            {
                ActionOf(swept, name).ShouldBe("kept-live");
            }

            ActionOf(swept, lookalike).ShouldBe("ignored");
            (await Leftovers.OfAsync(crashed.SessionId, sqlite)).ShouldBeEmpty();
            (await Leftovers.OfAsync(liveChild.SessionId, sqlite)).ShouldBe(liveBefore, "the live run keeps its databases");
            (await TestServers.PostgresDatabasesAsync(lookalike)).ShouldBe([lookalike]);
        }
        finally
        {
            await DropPostgresDatabaseAsync(lookalike);
        }

        // The live run ends normally (SIGTERM passed on to its command) and cleans up after itself.
        using (var term = ProcessRun.Start("kill", ["-TERM", live.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            (await term.WaitAsync(Patience)).ShouldBe(0);
        }

        (await live.WaitAsync(Patience)).ShouldBe(143, live.AllOutput);
        (await Leftovers.OfAsync(liveChild.SessionId, sqlite)).ShouldBeEmpty(live.AllOutput);
    }

    private static async Task<List<JsonElement>> WaitForListAsync(string[] targets, Func<List<JsonElement>, bool> done)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var (exit, run) = await InstalledTool.RunAsync(null, ["list", "--json", .. targets]);
            exit.ShouldBe(0, run.AllOutput);
            var resources = JsonDocument.Parse(run.StandardOutput).RootElement.GetProperty("resources").EnumerateArray().ToList();
            if (done(resources))
            {
                return resources;
            }

            if (watch.Elapsed > Patience)
            {
                throw new TimeoutException($"list did not show the expected states within {Patience.TotalMinutes} min:\n{run.StandardOutput}");
            }

            await Task.Delay(500);
        }
    }

    private static async Task<List<JsonElement>> SweepAsync(string[] targets, params string[] options)
    {
        var (exit, run) = await InstalledTool.RunAsync(null, ["sweep", "--json", .. options, .. targets]);
        exit.ShouldBe(0, run.AllOutput);
        return JsonDocument.Parse(run.StandardOutput).RootElement.GetProperty("items").EnumerateArray().ToList();
    }

    private static async Task<List<string>> SqliteLeftoversAsync(string sessionId, string sqliteFolder) =>
        (await Leftovers.OfAsync(sessionId, sqliteFolder)).Where(l => l.StartsWith("sqlite ", StringComparison.Ordinal)).ToList();

    private static string? StateOf(List<JsonElement> resources, string name) =>
        resources.Where(r => r.GetProperty("name").GetString() == name).Select(r => r.GetProperty("state").GetString()).SingleOrDefault();

    private static string? ActionOf(List<JsonElement> items, string name) =>
        items.Where(i => i.GetProperty("resource").GetProperty("name").GetString() == name).Select(i => i.GetProperty("action").GetString()).SingleOrDefault();

    private static void KillTree(ProcessRun run)
    {
        // SIGKILL to the tool and the command at once: nobody cleans up, as when a CI runner is lost.
        using var process = Process.GetProcessById(run.Id);
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
    }

    // A real id's shape, so the name is one the library could have made; only the lease is missing.
    private static string FakeSessionId() => TestSession.Start().Id;

    private static async Task CreatePostgresDatabaseWithoutLeaseAsync(string name)
    {
        await using var connection = new NpgsqlConnection(TestServers.RequiredPostgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task DropPostgresDatabaseAsync(string name)
    {
        await using var connection = new NpgsqlConnection(TestServers.RequiredPostgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
    }
}
