using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Shouldly;
using Tractatus.TestIsolation.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Tractatus.TestIsolation.Tests;

[CollectionDefinition(MultiProcessCollection.Name, DisableParallelization = true)]
public sealed class MultiProcessCollection
{
    public const string Name = "multi-process";
}

/// <summary>Real OS processes against one state file: the incident's lost updates, and what the lock changes.</summary>
[Collection(MultiProcessCollection.Name)]
public sealed class SharedStateMultiProcessTests(ITestOutputHelper output) : IDisposable
{
    private const int Workers = 4;
    private const int UpdatesPerWorker = 500;
    private static readonly TimeSpan WorkerTimeout = TimeSpan.FromSeconds(90);

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Four_processes_appending_500_times_each_through_Update_lose_nothing()
    {
        var path = _folder.File("instruction-history.json");

        await RunAppendersAsync(path, unlocked: false);
        var timingFiles = Enumerable.Range(0, Workers).Select(w => _folder.File($"timings-{w}.txt")).ToArray();

        var entries = JsonSerializer.Deserialize<List<string>>(File.ReadAllText(path))!;
        entries.Count.ShouldBe(Workers * UpdatesPerWorker);
        entries.Distinct().Count().ShouldBe(Workers * UpdatesPerWorker);
        for (var w = 0; w < Workers; w++)
        {
            // Each process's own entries appear in the order it appended them.
            var mine = entries.Where(e => e.StartsWith($"w{w}-", StringComparison.Ordinal)).Select(e => int.Parse(e[(e.IndexOf('-') + 1)..], CultureInfo.InvariantCulture));
            mine.ShouldBe(Enumerable.Range(0, UpdatesPerWorker));
        }

        ReportTimings(timingFiles, entries);
    }

    [Fact]
    public async Task The_same_loop_with_plain_ReadAllText_and_WriteAllText_loses_entries()
    {
        var path = _folder.File("instruction-history.json");

        var workers = await RunAppendersAsync(path, unlocked: true);

        // Counted from the text, because concurrent plain writes can also leave the file unparseable.
        var text = File.ReadAllText(path);
        var kept = Regex.Matches(text, "\"w[0-9]+-[0-9]+\"").Select(m => m.Value).Distinct().Count();
        var corrupt = workers.Count(w => w.Contains("CORRUPT", StringComparison.Ordinal));
        output.WriteLine($"unlocked: {kept} of {Workers * UpdatesPerWorker} entries kept, {Workers * UpdatesPerWorker - kept} lost; workers that found the file corrupt for good: {corrupt}");
        kept.ShouldBeLessThan(Workers * UpdatesPerWorker);
    }

    [UnixFact]
    public async Task A_holder_killed_with_SIGKILL_leaves_a_parseable_file_and_the_next_Update_succeeds()
    {
        var path = _folder.File("state.json");
        SharedStateFile.Update<List<string>>(path, l => [.. l, "before"]);

        using (var holder = WorkerProcess.Start("shared-hold", [path]))
        {
            await holder.WaitForOutputAsync("HOLDING", TimeSpan.FromSeconds(30));
            // A fake clock lets the 10 s timeout pass without waiting for it.
            var fast = new SharedStateFileOptions { TimeProvider = new SteppingTimeProvider() };
            Should.Throw<SharedStateFileLockTimeoutException>(() => SharedStateFile.Update<List<string>>(path, l => l, fast))
                .Message.ShouldContain("pid " + holder.Id);
            (await Should.ThrowAsync<SharedStateFileLockTimeoutException>(() => SharedStateFile.UpdateAsync<List<string>>(path, l => l, fast)))
                .Message.ShouldContain(path);
            using (var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200)))
            {
                await Should.ThrowAsync<OperationCanceledException>(() =>
                    SharedStateFile.UpdateAsync<List<string>>(path, l => l, cancellationToken: cancel.Token));
            }

            holder.Kill();
        }

        SharedStateFile.Read<List<string>>(path).ShouldBe(["before"]);
        SharedStateFile.Update<List<string>>(path, l => [.. l, "after"]).ShouldBe(["before", "after"]);
    }

    [UnixFact]
    public async Task A_writer_killed_at_a_random_point_of_its_loop_leaves_a_whole_file()
    {
        var path = _folder.File("state.json");

        using (var writer = WorkerProcess.Start("shared-append-forever", [path, "k"]))
        {
            await writer.WaitForOutputAsync("PROGRESS 50", TimeSpan.FromSeconds(30));
            await Task.Delay(Random.Shared.Next(0, 40));
            writer.Kill();
        }

        var survived = SharedStateFile.Read<List<string>>(path)!;
        survived.Count.ShouldBeGreaterThanOrEqualTo(50);
        survived.ShouldBe(Enumerable.Range(1, survived.Count).Select(i => "k-" + i));
        SharedStateFile.Update<List<string>>(path, l => [.. l, "next"]).Count.ShouldBe(survived.Count + 1);
    }

    [Fact]
    public async Task With_DOTNET_SYSTEM_IO_DISABLEFILELOCKING_an_update_fails_loudly()
    {
        var path = _folder.File("state.json");

        using var worker = WorkerProcess.Start("shared-update-once", [path], new Dictionary<string, string> { ["DOTNET_SYSTEM_IO_DISABLEFILELOCKING"] = "1" });
        var exit = await worker.WaitForExitAsync(WorkerTimeout);

        exit.ShouldBe(3, worker.StandardOutput + worker.StandardError);
        worker.StandardError.ShouldContain(nameof(SharedStateFileLockingUnavailableException));
        worker.StandardError.ShouldContain("DOTNET_SYSTEM_IO_DISABLEFILELOCKING=1");
        worker.StandardError.ShouldContain(path);
        File.Exists(path).ShouldBeFalse();
    }

    [Fact]
    public async Task The_runtime_probe_alone_also_catches_disabled_locking()
    {
        var path = _folder.File("state.json");

        using var worker = WorkerProcess.Start("shared-update-once", [path, "--probe-only"], new Dictionary<string, string> { ["DOTNET_SYSTEM_IO_DISABLEFILELOCKING"] = "1" });
        var exit = await worker.WaitForExitAsync(WorkerTimeout);

        exit.ShouldBe(3, worker.StandardOutput + worker.StandardError);
        worker.StandardError.ShouldContain(nameof(SharedStateFileLockingUnavailableException));
        worker.StandardError.ShouldContain("has no effect");
        File.Exists(path).ShouldBeFalse();
    }

    [Fact]
    public async Task Without_the_setting_the_same_worker_updates()
    {
        var path = _folder.File("state.json");

        using var worker = WorkerProcess.Start("shared-update-once", [path]);

        (await worker.WaitForExitAsync(WorkerTimeout)).ShouldBe(0, worker.StandardError);
        SharedStateFile.Read<List<string>>(path).ShouldBe(["once"]);
    }

    /// <returns>Each worker's standard output.</returns>
    private async Task<string[]> RunAppendersAsync(string path, bool unlocked)
    {
        var go = _folder.File("go");
        var timingFiles = Enumerable.Range(0, Workers).Select(w => _folder.File($"timings-{w}.txt")).ToArray();
        var workers = Enumerable.Range(0, Workers)
            .Select(w => WorkerProcess.Start("shared-append", unlocked
                ? [path, UpdatesPerWorker.ToString(CultureInfo.InvariantCulture), "w" + w, go, timingFiles[w], "--unlocked"]
                : [path, UpdatesPerWorker.ToString(CultureInfo.InvariantCulture), "w" + w, go, timingFiles[w]]))
            .ToArray();
        try
        {
            foreach (var worker in workers)
            {
                await worker.WaitForOutputAsync("READY", TimeSpan.FromSeconds(30));
            }

            await File.WriteAllTextAsync(go, "go");
            foreach (var worker in workers)
            {
                (await worker.WaitForExitAsync(WorkerTimeout)).ShouldBe(0, worker.StandardError);
            }
        }
        finally
        {
            foreach (var worker in workers)
            {
                worker.Dispose();
            }
        }

        return workers.Select(w => w.StandardOutput).ToArray();
    }

    // Figures for the record, not assertions: timing depends on the machine. "warm" leaves out each process's
    // first 20 updates, which include JIT compilation.
    private void ReportTimings(string[] timingFiles, List<string> entries)
    {
        var perWorker = timingFiles.Select(f => File.ReadAllLines(f)
            .Select(line => line.Split(' ').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray())
            .ToArray()).ToArray();
        Report("all", perWorker.SelectMany(w => w).ToArray());
        Report("warm", perWorker.SelectMany(w => w.Skip(20)).ToArray());
        var longestRun = entries.Select(e => e[..e.IndexOf('-')]).Aggregate((Run: 0, Max: 0, Last: ""), (acc, w) => w == acc.Last ? (acc.Run + 1, Math.Max(acc.Max, acc.Run + 1), w) : (1, Math.Max(acc.Max, 1), w)).Max;
        output.WriteLine($"longest run of consecutive entries from one process: {longestRun}");

        void Report(string label, double[][] samples)
        {
            var holds = samples.Select(s => s[1]).Order().ToArray();
            var waits = samples.Select(s => s[0]).Order().ToArray();
            var medianHold = holds[holds.Length / 2];
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{label}: hold median {medianHold:0.00} / p99 {holds[(int)(holds.Length * 0.99)]:0.00} / max {holds[^1]:0.00} ms; wait median {waits[waits.Length / 2]:0.00} / p99 {waits[(int)(waits.Length * 0.99)]:0.00} / max {waits[^1]:0.00} ms = {waits[^1] / medianHold:0.0}x median hold; waits over 10x median hold: {waits.Count(w => w > 10 * medianHold)} of {waits.Length}"));
        }
    }
}
