using System.Globalization;

namespace DemoRunner;

/// <summary>Command line of the runner (build/demo.sh passes most of it).</summary>
internal sealed record Options
{
    public required string NaiveDll { get; init; }
    public required string IsolatedDll { get; init; }
    public required string WorkDirectory { get; init; }
    public string Provider { get; init; } = "sqlite";
    public int Sessions { get; init; } = 2;
    public bool Kill { get; init; }
    public bool RunNaive { get; init; } = true;
    public bool RunIsolated { get; init; } = true;
    public string? JsonPath { get; init; }
    public int LeaseSeconds { get; init; } = 6;
    /// <summary>
    /// Prefix of the isolated suite's session databases. Default <c>docdemo</c> plus four random letters, so
    /// databases another (aborted) demo left on a shared server are not counted as this run's leftovers.
    /// </summary>
    public string DatabasePrefix { get; init; } = RandomPrefix("docdemo");

    public static string RandomPrefix(string stem) =>
        stem + string.Concat(Enumerable.Range(0, 4).Select(_ => (char)('a' + Random.Shared.Next(26))));

    public const string Usage = """
        DemoRunner --naive-dll PATH --isolated-dll PATH --work DIR [--provider sqlite|postgres|mongodb]
                   [--sessions N] [--kill] [--isolated-only | --naive-only] [--json FILE]
                   [--lease-seconds S] [--prefix NAME]
        """;

    public static Options Parse(string[] args)
    {
        string? naive = null, isolated = null, work = null, json = null, provider = "sqlite", prefix = RandomPrefix("docdemo");
        int sessions = 2, lease = 6;
        bool kill = false, runNaive = true, runIsolated = true;
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.\n{Usage}");
            switch (args[i])
            {
                case "--naive-dll": naive = Value(); break;
                case "--isolated-dll": isolated = Value(); break;
                case "--work": work = Value(); break;
                case "--provider": provider = Value(); break;
                case "--sessions": sessions = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--kill": kill = true; break;
                case "--isolated-only": runNaive = false; break;
                case "--naive-only": runIsolated = false; break;
                case "--json": json = Value(); break;
                case "--lease-seconds": lease = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--prefix": prefix = Value(); break;
                default: throw new ArgumentException($"Unknown argument '{args[i]}'.\n{Usage}");
            }
        }

        if (provider is not ("sqlite" or "postgres" or "mongodb"))
        {
            throw new ArgumentException($"--provider must be sqlite, postgres or mongodb, not '{provider}'.");
        }

        if (sessions < 1 || (kill && sessions < 2))
        {
            throw new ArgumentException("--sessions must be at least 1 (at least 2 with --kill: one is killed, the others must survive).");
        }

        return new Options
        {
            NaiveDll = naive ?? throw new ArgumentException("--naive-dll is required.\n" + Usage),
            IsolatedDll = isolated ?? throw new ArgumentException("--isolated-dll is required.\n" + Usage),
            WorkDirectory = Path.GetFullPath(work ?? throw new ArgumentException("--work is required.\n" + Usage)),
            Provider = provider,
            Sessions = sessions,
            Kill = kill,
            RunNaive = runNaive,
            RunIsolated = runIsolated,
            JsonPath = json,
            LeaseSeconds = lease,
            DatabasePrefix = prefix,
        };
    }
}
