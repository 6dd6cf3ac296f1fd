using System.Text.RegularExpressions;
using Shouldly;
using Xunit;

namespace Tractatus.TestIsolation.Tool.Tests;

/// <summary><c>tractatus-isolation run -- dotnet test</c> of a solution with two test projects (two processes).</summary>
public sealed partial class SolutionRunTests
{
    [PostgresFact]
    public async Task Dotnet_test_of_a_two_project_solution_shares_one_session_id_and_leaves_nothing()
    {
        await SampleSolution.EnsureBuiltAsync();
        using var folder = new TempFolder();
        var reports = System.IO.Path.Combine(folder.Path, "reports");
        var sqlite = System.IO.Path.Combine(folder.Path, "sqlite");

        var (exit, run) = await InstalledTool.RunAsync(
            new Dictionary<string, string?> { ["SOLUTIONRUN_REPORT_DIR"] = reports, ["SOLUTIONRUN_FORGET_ONE"] = "1" },
            "run", "--postgres", TestServers.RequiredPostgres, "--sqlite", sqlite, "--",
            "dotnet", "test", SampleSolution.Path, "-c", "Release", "--no-build");

        exit.ShouldBe(0, run.AllOutput);
        var sessionId = SessionLine().Match(run.StandardError) is { Success: true } m ? m.Groups["id"].Value : throw new ShouldAssertException("no session line\n" + run.AllOutput);

        // What each test saw: project, session id, provider, database; one file per test process.
        var files = Directory.GetFiles(reports);
        var seen = files.SelectMany(File.ReadAllLines).Select(l => l.Split(' ')).ToList();
        seen.Select(s => s[0]).Distinct().Order().ToArray().ShouldBe(new[] { "billing", "catalog" }, run.AllOutput);
        files.Select(f => System.IO.Path.GetFileNameWithoutExtension(f).Split('-')[1]).Distinct().Count().ShouldBe(2, "each project runs in a process of its own");
        seen.ShouldAllBe(s => s[1] == sessionId);
        seen.ShouldAllBe(s => s[3].Contains(sessionId));
        seen.Count(s => s[2] == "postgresql").ShouldBe(3, "catalog's, billing's, and the database billing forgot");
        seen.Count(s => s[2] == "sqlite").ShouldBe(1);

        // Nothing of the session is left: not on the server, not in the SQLite folder.
        (await TestServers.PostgresDatabasesAsync(sessionId)).ShouldBeEmpty(run.AllOutput);
        (Directory.Exists(sqlite) ? Directory.GetFiles(sqlite).Where(f => f.Contains(sessionId)) : []).ShouldBeEmpty(run.AllOutput);
        run.StandardOutput.ShouldContain("left 0");
    }

    [GeneratedRegex(@"tractatus-isolation: session (?<id>[0-9a-z]{15}): running")]
    private static partial Regex SessionLine();
}
