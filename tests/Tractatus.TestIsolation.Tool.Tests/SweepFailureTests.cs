using System.Text.Json;
using Shouldly;
using Xunit;

namespace Tractatus.TestIsolation.Tool.Tests;

/// <summary>A resource that cannot be read or removed is reported with the reason, the sweep goes on, and the exit code is 1.</summary>
public sealed class SweepFailureTests
{
    [Fact]
    public async Task One_broken_item_is_reported_the_sweep_goes_on_and_exits_1()
    {
        using var folder = new TempFolder();
        var id = TestSession.Start().Id;

        // Listed first (names are swept in order): a database whose lock file is a directory, which the library refuses to touch.
        File.WriteAllBytes(folder.File($"aaa_{id}.db"), []);
        Directory.CreateDirectory(folder.File($"aaa_{id}.lock"));

        // Listed after it: a lookalike database file without a lease.
        File.WriteAllBytes(folder.File($"zzz_{id}.db"), []);

        var (exit, run) = await InstalledTool.RunAsync(null, "sweep", "--json", "--sqlite", folder.Path);

        exit.ShouldBe(1, run.AllOutput);
        var items = JsonDocument.Parse(run.StandardOutput).RootElement.GetProperty("items").EnumerateArray()
            .ToDictionary(i => i.GetProperty("resource").GetProperty("name").GetString()!, i => (Action: i.GetProperty("action").GetString(), Reason: i.GetProperty("reason").GetString()));
        items[$"aaa_{id}"].Action.ShouldBe("failed");
        items[$"aaa_{id}"].Reason.ShouldContain("is a directory");
        items[$"zzz_{id}"].Action.ShouldBe("ignored", "the sweep goes on after a failed item");
        run.StandardError.ShouldContain($"failed sqlite aaa_{id}");
        File.Exists(folder.File($"aaa_{id}.db")).ShouldBeTrue();
        File.Exists(folder.File($"zzz_{id}.db")).ShouldBeTrue();
    }
}
