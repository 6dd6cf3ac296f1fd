using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Tractatus.TestIsolation.Benchmarks.Infrastructure;

/// <summary>Runs one BenchmarkDotNet class with a short, in-process job and copies its markdown table to the results.</summary>
/// <remarks>
/// In-process: the default toolchain generates and builds a project per run, which costs minutes on two
/// cores and gains nothing for these microsecond-scale figures. ShortRun (3 warm-ups, 3 iterations, 1 launch)
/// keeps the whole set within minutes; the error columns say how far to trust each figure.
/// </remarks>
internal static class InProcessBenchmarks
{
    public static void Run<T>(BenchmarkOptions options, string name)
    {
        // Full: ShortRun's 3 warm-ups and 1 launch, but 10 iterations, so the median means something on a busy machine.
        var job = (options.Quick ? Job.Dry.WithIterationCount(3) : Job.ShortRun.WithIterationCount(10))
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithId(options.Quick ? "Quick" : "ShortRun");
        var artifacts = Path.Combine(options.RepositoryRoot, "artifacts", "bench", "BenchmarkDotNet", name);
        var config = ManualConfig.CreateEmpty()
            .AddJob(job)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddExporter(MarkdownExporter.GitHub)
            .AddLogger(BenchmarkDotNet.Loggers.ConsoleLogger.Default)
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .AddColumn(StatisticColumn.Median)
            .WithArtifactsPath(artifacts)
            .WithOptions(ConfigOptions.DisableOptimizationsValidator | ConfigOptions.JoinSummary);
        var summary = BenchmarkRunner.Run<T>(config);

        var report = Directory.EnumerateFiles(Path.Combine(artifacts, "results"), "*-report-github.md").OrderByDescending(File.GetLastWriteTimeUtc).FirstOrDefault();
        if (report is not null)
        {
            // The GitHub exporter HTML-escapes quotes, which markdown shows literally inside a table.
            var text = File.ReadAllText(report).Replace("&quot;", "\"", StringComparison.Ordinal).Replace("&#39;", "'", StringComparison.Ordinal);
            File.WriteAllText(Path.Combine(options.OutputFolder, name + ".md"), text);
        }

        if (summary.HasCriticalValidationErrors || summary.Reports.Any(r => !r.Success))
        {
            throw new InvalidOperationException($"BenchmarkDotNet reported failed benchmarks in {typeof(T).Name}; see the log above.");
        }
    }
}
