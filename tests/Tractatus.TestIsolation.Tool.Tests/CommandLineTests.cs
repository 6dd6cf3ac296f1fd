using Shouldly;
using Xunit;

namespace Tractatus.TestIsolation.Tool.Tests;

/// <summary>The installed tool's command line: help, bad arguments, exit codes, what the command gets.</summary>
public sealed class CommandLineTests
{
    [Fact]
    public async Task Help_names_the_commands_and_shows_examples_and_exit_codes()
    {
        var (exit, run) = await InstalledTool.RunAsync(null, "--help");

        exit.ShouldBe(0, run.AllOutput);
        run.StandardOutput.ShouldContain("run <command>");
        run.StandardOutput.ShouldContain("list");
        run.StandardOutput.ShouldContain("sweep");
        run.StandardOutput.ShouldContain("Examples:");
        run.StandardOutput.ShouldContain("Exit codes:");
    }

    [Theory]
    [InlineData("run", "tractatus-isolation run -- dotnet test MySolution.sln")]
    [InlineData("list", "--json")]
    [InlineData("sweep", "tractatus-isolation sweep --dry-run")]
    public async Task Each_command_has_help_with_its_own_examples(string command, string example)
    {
        var (exit, run) = await InstalledTool.RunAsync(null, command, "--help");

        exit.ShouldBe(0, run.AllOutput);
        run.StandardOutput.ShouldContain("--postgres <connection-string>");
        run.StandardOutput.ShouldContain("TRACTATUS_POSTGRES_CONNECTION_STRING");
        run.StandardOutput.ShouldContain(example);
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("run")]
    [InlineData("list", "--no-such-option")]
    [InlineData("run", "--lease-ttl", "soon", "--", "true")]
    public async Task A_bad_command_line_exits_2_and_points_to_help(params string[] arguments)
    {
        var (exit, run) = await InstalledTool.RunAsync(null, arguments);

        exit.ShouldBe(2, run.AllOutput);
        run.StandardError.ShouldContain("--help");
    }

    [Fact]
    public async Task A_lease_ttl_out_of_range_exits_2_and_says_the_range()
    {
        using var folder = new TempFolder();
        var (exit, run) = await InstalledTool.RunAsync(null, "run", "--sqlite", folder.Path, "--lease-ttl", "0", "--", "sh", "-c", $"touch {folder.File("started")}");

        exit.ShouldBe(2, run.AllOutput);
        run.StandardError.ShouldContain("between 1 and 86400 seconds");
        File.Exists(folder.File("started")).ShouldBeFalse("the command must not start when the settings are bad");
    }

    [Fact]
    public async Task Run_exits_with_the_commands_exit_code()
    {
        using var folder = new TempFolder();
        var (exit, run) = await InstalledTool.RunAsync(null, "run", "--sqlite", folder.Path, "--", "sh", "-c", "exit 7");

        exit.ShouldBe(7, run.AllOutput);
        run.StandardOutput.ShouldContain("exit code 7");
    }

    [Fact]
    public async Task Run_of_a_command_that_does_not_exist_exits_127_and_says_so()
    {
        using var folder = new TempFolder();
        var (exit, run) = await InstalledTool.RunAsync(null, "run", "--sqlite", folder.Path, "--", "no-such-command-for-tractatus-tests");

        exit.ShouldBe(127, run.AllOutput);
        run.StandardError.ShouldContain("'no-such-command-for-tractatus-tests' was not found");
    }

    [Fact]
    public async Task Run_gives_the_command_one_session_id_and_the_targets_settings()
    {
        using var folder = new TempFolder();
        var sqlite = Path.Combine(folder.Path, "sqlite");
        var seen = folder.File("seen.txt");
        var (exit, run) = await InstalledTool.RunAsync(
            new Dictionary<string, string?> { ["TRACTATUS_LEASE_TTL_SECONDS"] = null },
            "run", "--sqlite", sqlite, "--lease-ttl", "42", "--",
            "sh", "-c", $"printf '%s\\n' \"$TRACTATUS_SESSION_ID\" \"$TRACTATUS_SQLITE_FOLDER\" \"$TRACTATUS_LEASE_TTL_SECONDS\" > {seen}");

        exit.ShouldBe(0, run.AllOutput);
        var lines = File.ReadAllLines(seen);
        lines[0].ShouldMatch("^[0-9a-z]{15}$");
        lines[1].ShouldBe(sqlite);
        lines[2].ShouldBe("42");
        run.StandardOutput.ShouldContain($"session {lines[0]}");
    }

    [Fact]
    public async Task Run_appends_a_markdown_table_to_the_GitHub_step_summary()
    {
        using var folder = new TempFolder();
        var summary = folder.File("step-summary.md");
        await File.WriteAllTextAsync(summary, "earlier step\n");
        var (exit, run) = await InstalledTool.RunAsync(
            new Dictionary<string, string?> { ["GITHUB_STEP_SUMMARY"] = summary },
            "run", "--sqlite", folder.Path, "--", "sh", "-c", "exit 3");

        exit.ShouldBe(3, run.AllOutput);
        var markdown = await File.ReadAllTextAsync(summary);
        markdown.ShouldStartWith("earlier step\n");
        markdown.ShouldContain("| target | location | created | dropped by tests | dropped by tool | left |");
        markdown.ShouldContain($"| sqlite | {folder.Path} | 0 | 0 | 0 | 0 |");
        markdown.ShouldContain("exited with **3**");
    }

    [Fact]
    public async Task Sigterm_to_the_tool_reaches_the_command_and_the_tool_still_reports()
    {
        using var folder = new TempFolder();
        var marker = folder.File("got-term");
        using var tool = await InstalledTool.StartAsync(null,
            "run", "--sqlite", folder.Path, "--",
            "sh", "-c", $"trap 'touch {marker}; exit 143' TERM; echo CHILD-READY; while :; do sleep 0.1; done");
        await tool.WaitForLineAsync("CHILD-READY", TimeSpan.FromMinutes(2));

        using (var kill = ProcessRun.Start("kill", ["-TERM", tool.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            (await kill.WaitAsync(TimeSpan.FromMinutes(1))).ShouldBe(0, kill.AllOutput);
        }

        var exit = await tool.WaitAsync(TimeSpan.FromMinutes(2));
        exit.ShouldBe(143, tool.AllOutput);
        File.Exists(marker).ShouldBeTrue("the command must get the SIGTERM the tool received");
        tool.StandardError.ShouldContain("SIGTERM received");
        tool.StandardOutput.ShouldContain("exit code 143 (SIGTERM)");
    }
}
