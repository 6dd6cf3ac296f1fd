using Tractatus.TestIsolation.Benchmarks.Databases;
using Tractatus.TestIsolation.Benchmarks.Generation;
using Tractatus.TestIsolation.Benchmarks.Infrastructure;
using Tractatus.TestIsolation.Benchmarks.SharedState;
using Tractatus.TestIsolation.Benchmarks.Sweep;

// Usage: Tractatus.TestIsolation.Benchmarks <group>... [--quick] [--runs N] [options]; see BenchmarkOptions.
// build/bench.sh is the usual way in: it builds in Release and starts the servers the groups need.
if (args.Length > 0 && args[0] == UnlockedAtomicAppend.Command)
{
    return await UnlockedAtomicAppend.RunAsync(args[1..]);
}

var options = BenchmarkOptions.Parse(args);
if (options is null)
{
    Console.Error.WriteLine(BenchmarkOptions.Usage);
    return 64;
}

Directory.CreateDirectory(options.OutputFolder);
var failures = 0;
foreach (var group in options.Groups)
{
    Console.WriteLine();
    Console.WriteLine($"######## {group} ########");
    try
    {
        switch (group)
        {
            case "generation":
                InProcessBenchmarks.Run<GenerationBenchmarks>(options, "generation");
                break;
            case "shared-state":
                InProcessBenchmarks.Run<SharedStateUpdateBenchmarks>(options, "shared-state");
                break;
            case "shared-state-processes":
                await MultiProcessAppendRun.RunAsync(options);
                break;
            case "databases":
                await CreateDropRun.RunAsync(options);
                break;
            case "sweep":
                await SweepRun.RunAsync(options);
                break;
            default:
                throw new InvalidOperationException($"Unknown group '{group}'.");
        }
    }
    catch (Exception ex)
    {
        failures++;
        Console.Error.WriteLine($"Group '{group}' failed: {ex}");
    }
}

Console.WriteLine();
Console.WriteLine($"Results (markdown) in {options.OutputFolder}");
return failures == 0 ? 0 : 1;
