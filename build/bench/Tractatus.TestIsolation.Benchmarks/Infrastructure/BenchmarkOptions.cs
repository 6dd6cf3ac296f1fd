using System.Globalization;

namespace Tractatus.TestIsolation.Benchmarks.Infrastructure;

/// <summary>Command line of the benchmark runner.</summary>
internal sealed record BenchmarkOptions
{
    public const string Usage = """
        usage: Tractatus.TestIsolation.Benchmarks <group>... [options]
          groups: generation shared-state shared-state-processes databases sweep all
          --quick               fewer runs and smaller counts (a smoke run, figures are rough)
          --runs N              whole-operation timings per case (default 25, quick 5)
          --out DIR             where the markdown results go (default artifacts/bench/results)
          --worker PATH         Tractatus.TestIsolation.Worker.dll for multi-process runs
          --workers N           processes in the contended shared-state run (default 4)
          --appends N           appends per process (default 500, quick 100)
          --sqlite-leases N     stale SQLite leases to sweep (default 1000)
          --pg-stale N          stale PostgreSQL databases per sweep run (default 100, quick 20)
          --pg-live N           leased PostgreSQL databases for the scan-only sweep (default 1000, quick 100)
        servers (environment): TRACTATUS_TEST_POSTGRES, TRACTATUS_TEST_MONGODB_WIRE_URI; a missing one skips its cases.
        """;

    private static readonly string[] AllGroups = ["generation", "shared-state", "shared-state-processes", "databases", "sweep"];

    public required IReadOnlyList<string> Groups { get; init; }

    public bool Quick { get; init; }

    public int Runs { get; init; }

    public required string RepositoryRoot { get; init; }

    public required string OutputFolder { get; init; }

    public string WorkFolder => Path.Combine(RepositoryRoot, "artifacts", "bench", "work");

    public required string WorkerPath { get; init; }

    public int Workers { get; init; } = 4;

    public int Appends { get; init; }

    public int SqliteLeases { get; init; } = 1000;

    public int PostgresStale { get; init; }

    public int PostgresLive { get; init; }

    public static BenchmarkOptions? Parse(string[] args)
    {
        var groups = new List<string>();
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var quick = false;
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg == "--quick")
            {
                quick = true;
            }
            else if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                if (i + 1 >= args.Length)
                {
                    Console.Error.WriteLine($"{arg} needs a value.");
                    return null;
                }

                values[arg] = args[++i];
            }
            else if (arg == "all")
            {
                groups.AddRange(AllGroups);
            }
            else if (AllGroups.Contains(arg))
            {
                groups.Add(arg);
            }
            else
            {
                Console.Error.WriteLine($"Unknown group '{arg}'.");
                return null;
            }
        }

        if (groups.Count == 0)
        {
            return null;
        }

        var root = FindRepositoryRoot();
        int Int(string name, int normal, int quickValue) =>
            values.TryGetValue(name, out var text) ? int.Parse(text, CultureInfo.InvariantCulture) : quick ? quickValue : normal;

        return new BenchmarkOptions
        {
            Groups = groups.Distinct().ToList(),
            Quick = quick,
            Runs = Int("--runs", 25, 5),
            RepositoryRoot = root,
            OutputFolder = Path.GetFullPath(values.GetValueOrDefault("--out") ?? Path.Combine(root, "artifacts", "bench", "results")),
            WorkerPath = values.GetValueOrDefault("--worker")
                ?? Path.Combine(root, "tests", "Tractatus.TestIsolation.Worker", "bin", "Release", "net10.0", "Tractatus.TestIsolation.Worker.dll"),
            Workers = Int("--workers", 4, 4),
            Appends = Int("--appends", 500, 100),
            SqliteLeases = Int("--sqlite-leases", 1000, 1000),
            PostgresStale = Int("--pg-stale", 100, 20),
            PostgresLive = Int("--pg-live", 1000, 100),
        };
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Tractatus.TestIsolation.sln")))
            {
                return dir.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
