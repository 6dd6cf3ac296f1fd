using Shouldly;
using Xunit;

namespace Tractatus.TestIsolation.Tool.Tests;

/// <summary>The command under <c>run</c> dies without cleaning up: the tool still removes what its session left.</summary>
public sealed class KilledRunTests
{
    [AllServersFact]
    public async Task A_SIGKILLed_command_still_gets_its_databases_dropped_on_every_target()
    {
        using var folder = new TempFolder();
        var sqlite = Path.Combine(folder.Path, "sqlite");

        var (exit, run) = await InstalledTool.RunAsync(null,
            ["run", "--postgres", TestServers.RequiredPostgres, "--mongodb", TestServers.RequiredMongo, "--sqlite", sqlite, "--",
             .. ChildOutput.Command("postgres,mongodb,sqlite", "toolkill", "kill")]);

        exit.ShouldBe(137, run.AllOutput);
        var child = ChildOutput.Parse(run.StandardOutput);
        child.Databases.Count.ShouldBe(3, run.AllOutput);
        (await Leftovers.OfAsync(child.SessionId, sqlite)).ShouldBeEmpty(run.AllOutput);
        run.StandardOutput.ShouldContain("exit code 137 (SIGKILL)");
        run.StandardOutput.ShouldContain("left 0");
    }

    [AllServersFact]
    public async Task A_command_that_exits_without_cleaning_up_gets_its_databases_dropped()
    {
        using var folder = new TempFolder();
        var sqlite = Path.Combine(folder.Path, "sqlite");

        var (exit, run) = await InstalledTool.RunAsync(null,
            ["run", "--postgres", TestServers.RequiredPostgres, "--mongodb", TestServers.RequiredMongo, "--sqlite", sqlite, "--",
             .. ChildOutput.Command("postgres,mongodb,sqlite", "toolexit", "exit")]);

        exit.ShouldBe(0, run.AllOutput);
        var child = ChildOutput.Parse(run.StandardOutput);
        child.Databases.Count.ShouldBe(3, run.AllOutput);
        (await Leftovers.OfAsync(child.SessionId, sqlite)).ShouldBeEmpty(run.AllOutput);
    }
}
