using System.Globalization;
using Npgsql;
using Tractatus.TestIsolation.Benchmarks.Infrastructure;
using Tractatus.TestIsolation.Databases;
using Tractatus.TestIsolation.MongoDB;
using Tractatus.TestIsolation.PostgreSql;
using Tractatus.TestIsolation.Sqlite;

namespace Tractatus.TestIsolation.Benchmarks.Databases;

/// <summary>
/// Session database create + drop per provider, timed as whole operations through the public provider API
/// (what a fixture pays once per session), plus raw-SQL rows that show the server's own share. The cases
/// run round-robin (2 warm-up rounds, then <see cref="BenchmarkOptions.Runs"/> timed rounds), so a change
/// of load on the shared machine hits every case alike instead of whichever ran at that moment.
/// </summary>
internal static class CreateDropRun
{
    private const int WarmUps = 2;
    private const string WarmPoolCase = "PostgreSQL template clone, warm pool (create latency)";

    public static async Task RunAsync(BenchmarkOptions options)
    {
        var output = new ResultWriter(options, "databases");
        var session = TestSession.Start();
        var cases = new List<Case>();
        var disposables = new List<IAsyncDisposable>();

        var sqliteFolder = Path.Combine(options.WorkFolder, "sqlite-create-drop");
        var sqlite = new SqliteDatabaseProvider(new SqliteProviderOptions { Folder = sqliteFolder });
        cases.Add(ProviderCase("SQLite (file per session)", sqlite, session, null));

        PostgreSqlDatabaseProvider? clone = null;
        var postgres = Environment.GetEnvironmentVariable("TRACTATUS_TEST_POSTGRES");
        if (string.IsNullOrWhiteSpace(postgres))
        {
            Console.WriteLine("  TRACTATUS_TEST_POSTGRES is not set: PostgreSQL cases skipped.");
        }
        else
        {
            var plain = new PostgreSqlDatabaseProvider(new PostgreSqlProviderOptions { ConnectionString = postgres });
            disposables.Add(plain);
            cases.Add(ProviderCase("PostgreSQL plain CREATE DATABASE (empty)", plain, session, null));
            cases.Add(ProviderCase("PostgreSQL create + migrate 50 tables", plain, session, async database =>
            {
                await using var connection = await plain.OpenConnectionAsync(database);
                await FiftyTableSchema.ApplyAsync(connection);
            }));

            clone = new PostgreSqlDatabaseProvider(new PostgreSqlProviderOptions
            {
                ConnectionString = postgres,
                TemplateDatabase = "bench_template",
                TemplateKey = FiftyTableSchema.Key,
                Migrate = FiftyTableSchema.ApplyAsync,
            });
            disposables.Add(clone);

            // Built once (or reused from an earlier run), outside the measured operation.
            var build = await Timings.TimeAsync(() => clone.EnsureTemplateAsync());
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  template {clone.TemplateDatabaseName} ready in {build.TotalMilliseconds:0} ms (not measured)"));
            await VerifyCloneAsync(clone, session);
            var template = clone;
            cases.Add(ProviderCase("PostgreSQL template clone (50 tables)", clone, session, null));

            // The create-and-migrate case necessarily connects to its database; a test connects to a clone too.
            // With a connection used, DROP … WITH (FORCE) has to wait for that backend to exit.
            cases.Add(ProviderCase("PostgreSQL template clone (50 tables) + one connection used", clone, session, async database =>
            {
                await using var connection = await template.OpenConnectionAsync(database);
                await using var command = new NpgsqlCommand("SELECT count(*) FROM entity_01", connection);
                await command.ExecuteScalarAsync();
            }));

            // The same template with clones kept ready in the background (TemplatePoolSize). The pool is refilled
            // untimed after each round, as a test run's own work between sessions would give it time to; the
            // refill the take starts does overlap this case's drop.
            var warm = new PostgreSqlDatabaseProvider(new PostgreSqlProviderOptions
            {
                ConnectionString = postgres,
                TemplateDatabase = "bench_template",
                TemplateKey = FiftyTableSchema.Key,
                Migrate = FiftyTableSchema.ApplyAsync,
                TemplatePoolSize = 2,
            });
            disposables.Add(warm);
            var warmCase = ProviderCase(WarmPoolCase, warm, session, null);
            cases.Add(new Case(WarmPoolCase, async () =>
            {
                await warm.WaitForTemplatePoolAsync();
                var timings = await warmCase.RunOnce();
                await warm.WaitForTemplatePoolAsync();
                return timings;
            }));

            // The server's own share, without the provider's lease and lock round trips: the strategy the provider
            // gets (PostgreSQL 15+ default WAL_LOG), and FILE_COPY, which copies files but forces two checkpoints.
            var raw = new NpgsqlConnection(postgres);
            await raw.OpenAsync();
            disposables.Add(raw);
            foreach (var strategy in new[] { "WAL_LOG", "FILE_COPY" })
            {
                cases.Add(RawCase($"raw SQL: CREATE DATABASE … TEMPLATE (50 tables) STRATEGY {strategy}", raw, $"TEMPLATE \"{clone.TemplateDatabaseName}\" STRATEGY {strategy}"));
            }

            cases.Add(RawCase("raw SQL: CREATE DATABASE (empty) STRATEGY FILE_COPY", raw, "STRATEGY FILE_COPY"));
        }

        var mongo = Environment.GetEnvironmentVariable("TRACTATUS_TEST_MONGODB_WIRE_URI");
        if (string.IsNullOrWhiteSpace(mongo))
        {
            Console.WriteLine("  TRACTATUS_TEST_MONGODB_WIRE_URI is not set: MongoDB case skipped.");
        }
        else
        {
            var provider = new MongoDatabaseProvider(new MongoProviderOptions { ConnectionString = mongo });
            disposables.Add(provider);
            cases.Add(ProviderCase("MongoDB wire stand-in (in-memory, not mongod)", provider, session, null));
        }

        try
        {
            for (var round = -WarmUps; round < options.Runs; round++)
            {
                Console.WriteLine(round < 0 ? $"  warm-up round {round + WarmUps + 1}/{WarmUps}" : $"  round {round + 1}/{options.Runs}");
                foreach (var item in cases)
                {
                    var (created, dropped) = await item.RunOnce();
                    if (round >= 0)
                    {
                        item.Create.Add(created);
                        item.Drop.Add(dropped);
                        item.Total.Add(created + dropped);
                    }
                }
            }
        }
        finally
        {
            foreach (var disposable in disposables)
            {
                await disposable.DisposeAsync();
            }

            if (Directory.Exists(sqliteFolder))
            {
                Directory.Delete(sqliteFolder, recursive: true);
            }
        }

        output.Line("| Case | Runs | Create+drop median (ms) | p90 (ms) | Min (ms) | Max (ms) | Create median (ms) | Drop median (ms) |");
        output.Line("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var item in cases)
        {
            var total = item.Total;
            output.Line(string.Create(
                CultureInfo.InvariantCulture,
                $"| {item.Name} | {total.Count} | {total.Median:0.0} | {total.Percentile(0.9):0.0} | {total.Min:0.0} | {total.Max:0.0} | {item.Create.Median:0.0} | {item.Drop.Median:0.0} |"));
        }

        var cloned = cases.FirstOrDefault(c => c.Name == "PostgreSQL template clone (50 tables)");
        var migrated = cases.FirstOrDefault(c => c.Name == "PostgreSQL create + migrate 50 tables");
        if (cloned is not null && migrated is not null)
        {
            double c = cloned.Total.Median, m = migrated.Total.Median;
            output.Line();
            output.Line(string.Create(
                CultureInfo.InvariantCulture,
                $"Template clone vs create-and-migrate (create+drop): {c:0.0} ms vs {m:0.0} ms median, {m / c:0.0}× faster. Targets: clone ≤ 150 ms median → {(c <= 150 ? "met" : "NOT met")}; ≥ 5× faster → {(m / c >= 5 ? "met" : "NOT met")}."));
            output.Line(string.Create(
                CultureInfo.InvariantCulture,
                $"Create only (the clone vs create + 50 migrations): {cloned.Create.Median:0.0} ms vs {migrated.Create.Median:0.0} ms median, {migrated.Create.Median / cloned.Create.Median:0.0}×."));
        }

        var warmPool = cases.FirstOrDefault(c => c.Name == WarmPoolCase);
        if (cloned is not null && warmPool is not null)
        {
            output.Line(string.Create(
                CultureInfo.InvariantCulture,
                $"Create with a warm pool (TemplatePoolSize = 2) vs cloning on demand: {warmPool.Create.Median:0.0} ms vs {cloned.Create.Median:0.0} ms median. Target: session database from a template ≤ 150 ms → {(warmPool.Create.Median <= 150 ? "met" : "NOT met")} (create latency; the clone itself moves to the background)."));
        }

        output.Save();
    }

    /// <summary>
    /// One create, then <paramref name="work"/> (e.g. migrations; counted in "create"), then one drop, through the provider.
    /// </summary>
    private static Case ProviderCase(string name, IIsolatedDatabaseProvider provider, TestSession session, Func<IsolatedDatabase, Task>? work) =>
        new(name, async () =>
        {
            IsolatedDatabase database = null!;
            var created = await Timings.TimeAsync(async () =>
            {
                database = await provider.CreateDatabaseAsync(session, "bench");
                if (work is not null)
                {
                    await work(database);
                }
            });
            var dropped = await Timings.TimeAsync(async () =>
            {
                if (!await provider.DropDatabaseAsync(session, database.Name))
                {
                    throw new InvalidOperationException($"{provider.Name} refused to drop {database.Name}.");
                }
            });
            return (created, dropped);
        });

    /// <summary>Plain <c>CREATE DATABASE … &lt;clause&gt;</c> / <c>DROP DATABASE</c> on one open connection.</summary>
    private static Case RawCase(string name, NpgsqlConnection connection, string clause) =>
        new(name, async () =>
        {
            var database = "bench_raw_" + Guid.NewGuid().ToString("N")[..12];
            var created = await Timings.TimeAsync(() => ExecuteAsync(connection, $"CREATE DATABASE \"{database}\" {clause}"));
            var dropped = await Timings.TimeAsync(() => ExecuteAsync(connection, $"DROP DATABASE \"{database}\""));
            return (created, dropped);
        });

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Proves the clone really carries the 50 tables before timing it.</summary>
    private static async Task VerifyCloneAsync(PostgreSqlDatabaseProvider provider, TestSession session)
    {
        var database = await provider.CreateDatabaseAsync(session, "bench");
        try
        {
            await using var connection = await provider.OpenConnectionAsync(database);
            var tables = await FiftyTableSchema.CountTablesAsync(connection);
            if (tables != FiftyTableSchema.Tables)
            {
                throw new InvalidOperationException($"The clone {database.Name} has {tables} tables, expected {FiftyTableSchema.Tables}.");
            }
        }
        finally
        {
            await provider.DropDatabaseAsync(session, database.Name);
        }
    }

    private sealed class Case(string name, Func<Task<(TimeSpan Create, TimeSpan Drop)>> runOnce)
    {
        public string Name { get; } = name;

        public Func<Task<(TimeSpan Create, TimeSpan Drop)>> RunOnce { get; } = runOnce;

        public Timings Total { get; } = new(name);

        public Timings Create { get; } = new(name + " create");

        public Timings Drop { get; } = new(name + " drop");
    }
}
