using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Tractatus.TestIsolation.Benchmarks.Infrastructure;

namespace Tractatus.TestIsolation.Benchmarks.SharedState;

/// <summary>
/// Whole-run throughput of appends to one JSON array from several processes (the test worker's
/// <c>shared-append</c> command): locked through <c>SharedStateFile.Update</c>, and the naive unlocked
/// in-place loop, whose lost updates are counted. All workers start, report READY, and begin together
/// when a go file appears; the clock runs from the go file to the last worker's exit, so process start-up
/// and JIT are outside the figure.
/// </summary>
internal static class MultiProcessAppendRun
{
    public static async Task RunAsync(BenchmarkOptions options)
    {
        if (!File.Exists(options.WorkerPath))
        {
            throw new InvalidOperationException($"The worker '{options.WorkerPath}' does not exist. Build it: dotnet build tests/Tractatus.TestIsolation.Worker -c Release (build/bench.sh does), or pass --worker.");
        }

        var runs = options.Quick ? 1 : 3;
        var output = new ResultWriter(options, "shared-state-processes");
        output.Line($"| Case | Processes × appends | Runs | Median wall (s) | Updates/s (median run) | Entries in the file after each run | Call → transform median / p99 / max (ms) | Transform → return median (ms) |");
        output.Line("|---|---|---:|---:|---:|---|---|---:|");

        await CaseAsync(options, output, "locked, 1 process (uncontended)", 1, options.Appends, Mode.Locked, runs);
        await CaseAsync(options, output, $"locked, {options.Workers} processes", options.Workers, options.Appends, Mode.Locked, runs);
        await CaseAsync(options, output, $"unlocked in-place ReadAllText/WriteAllText, {options.Workers} processes", options.Workers, options.Appends, Mode.UnlockedInPlace, runs);
        await CaseAsync(options, output, $"unlocked, temp file + rename (no tearing), {options.Workers} processes", options.Workers, options.Appends, Mode.UnlockedAtomic, runs);
        output.Save();
    }

    private static async Task CaseAsync(BenchmarkOptions options, ResultWriter output, string name, int workers, int appends, Mode mode, int runs)
    {
        var walls = new Timings(name);
        var kept = new List<string>();
        var waits = new List<double>();
        var holds = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            Console.WriteLine($"  {name}: run {run + 1}/{runs}");
            var folder = Path.Combine(options.WorkFolder, "appends-" + Guid.NewGuid().ToString("N")[..8]);
            Directory.CreateDirectory(folder);
            try
            {
                var (wall, entries, corruptAfter, runWaits, runHolds) = await RunOnceAsync(options.WorkerPath, folder, workers, appends, mode);
                walls.Add(wall);
                kept.Add(entries is { } n
                    ? n.ToString(CultureInfo.InvariantCulture)
                    : corruptAfter.Count > 0
                        ? $"unparseable (workers stopped on a torn file after {string.Join("/", corruptAfter)} appends)"
                        : "unparseable");
                waits.AddRange(runWaits);
                holds.AddRange(runHolds);
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        var total = workers * appends;
        // Workers that stopped on a torn file did not do all their appends: a rate over the total would be invented.
        var rate = kept.Any(k => k.StartsWith("unparseable", StringComparison.Ordinal))
            ? "— (stopped early)"
            : (total / (walls.Median / 1000)).ToString("0", CultureInfo.InvariantCulture);
        var lockColumns = mode != Mode.Locked || waits.Count == 0
            ? "no lock | —"
            : string.Create(CultureInfo.InvariantCulture, $"{Stat(waits, 0.5):0.00} / {Stat(waits, 0.99):0.00} / {waits.Max():0.0} | {Stat(holds, 0.5):0.00}");
        output.Line(string.Create(
            CultureInfo.InvariantCulture,
            $"| {name} | {workers} × {appends} | {runs} | {walls.Median / 1000:0.00} | {rate} | {string.Join("; ", kept)} of {total} | {lockColumns} |"));
    }

    private static async Task<(TimeSpan Wall, int? Entries, List<string> CorruptAfter, List<double> Waits, List<double> Holds)> RunOnceAsync(string worker, string folder, int workers, int appends, Mode mode)
    {
        var file = Path.Combine(folder, "instruction-history.json");
        await File.WriteAllTextAsync(file, "[]");
        var go = Path.Combine(folder, "go");
        var processes = new List<Process>();
        try
        {
            for (var w = 0; w < workers; w++)
            {
                var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
                var count = appends.ToString(CultureInfo.InvariantCulture);
                string[] arguments = mode == Mode.UnlockedAtomic
                    ? [typeof(UnlockedAtomicAppend).Assembly.Location, UnlockedAtomicAppend.Command, file, count, "w" + w, go]
                    : [worker, "shared-append", file, count, "w" + w, go, Path.Combine(folder, $"timings-{w}.txt")];
                foreach (var arg in arguments)
                {
                    info.ArgumentList.Add(arg);
                }

                if (mode == Mode.UnlockedInPlace)
                {
                    info.ArgumentList.Add("--unlocked");
                }

                processes.Add(Process.Start(info)!);
            }

            foreach (var process in processes)
            {
                var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
                if (line != "READY")
                {
                    throw new InvalidOperationException($"A worker printed '{line}' instead of READY: {await process.StandardError.ReadToEndAsync()}");
                }
            }

            var start = Stopwatch.GetTimestamp();
            await File.WriteAllTextAsync(go, "go");
            foreach (var process in processes)
            {
                await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
            }

            var wall = Stopwatch.GetElapsedTime(start);
            var corruptAfter = new List<string>();
            foreach (var process in processes)
            {
                var rest = await process.StandardOutput.ReadToEndAsync();
                foreach (var line in rest.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    if (line.StartsWith("CORRUPT after ", StringComparison.Ordinal))
                    {
                        corruptAfter.Add(line["CORRUPT after ".Length..]);
                    }
                }
            }

            foreach (var process in processes.Where(p => p.ExitCode != 0))
            {
                throw new InvalidOperationException($"A worker exited with {process.ExitCode}: {await process.StandardError.ReadToEndAsync()}");
            }

            int? entries;
            try
            {
                entries = JsonSerializer.Deserialize<List<string>>(await File.ReadAllTextAsync(file))?.Count ?? 0;
            }
            catch (JsonException)
            {
                entries = null; // the unlocked loop can leave the file unparseable (two writers' bytes interleaved): everything is lost
            }

            var waits = new List<double>();
            var holds = new List<double>();
            foreach (var timings in Directory.EnumerateFiles(folder, "timings-*.txt"))
            {
                foreach (var line in await File.ReadAllLinesAsync(timings))
                {
                    var parts = line.Split(' ');
                    waits.Add(double.Parse(parts[0], CultureInfo.InvariantCulture));
                    holds.Add(double.Parse(parts[1], CultureInfo.InvariantCulture));
                }
            }

            return (wall, entries, corruptAfter, waits, holds);
        }
        finally
        {
            foreach (var process in processes)
            {
                if (!process.HasExited)
                {
                    process.Kill();
                }

                process.Dispose();
            }
        }
    }

    private static double Stat(List<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    private enum Mode
    {
        Locked,
        UnlockedInPlace,
        UnlockedAtomic,
    }
}
