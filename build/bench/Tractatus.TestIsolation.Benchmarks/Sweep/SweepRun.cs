using System.Globalization;
using Npgsql;
using Tractatus.TestIsolation.Benchmarks.Infrastructure;
using Tractatus.TestIsolation.Databases;
using Tractatus.TestIsolation.Leases;
using Tractatus.TestIsolation.PostgreSql;
using Tractatus.TestIsolation.Sqlite;

namespace Tractatus.TestIsolation.Benchmarks.Sweep;

/// <summary>
/// Cost of the start-of-run sweep (<see cref="IIsolatedDatabaseProvider.SweepExpiredAsync"/>) over many
/// leased leftovers, each from a different (fake) crashed session: all stale (everything is dropped) and
/// all live (nothing is dropped: the cost every run pays while other sessions are running). The leftovers
/// are written directly (lease files / databases with a lease comment, exactly what the providers write),
/// outside the timing.
/// </summary>
internal static class SweepRun
{
    public static async Task RunAsync(BenchmarkOptions options)
    {
        var output = new ResultWriter(options, "sweep");
        var current = TestSession.Start();
        var rows = new List<Timings>();
        var runs = options.Quick ? 2 : 5;

        // SQLite: a folder with N database files, each with its lease file.
        var folder = Path.Combine(options.WorkFolder, "sqlite-sweep");
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        var sqlite = new SqliteDatabaseProvider(new SqliteProviderOptions { Folder = folder });
        var stale = new Timings($"SQLite, {options.SqliteLeases} stale leases (all dropped)");
        for (var run = 0; run < runs; run++)
        {
            WriteSqliteLeftovers(folder, options.SqliteLeases, expired: true);
            SqliteConnectionPoolReset();
            SweepReport report = null!;
            stale.Add(await Timings.TimeAsync(async () => report = await sqlite.SweepExpiredAsync(current)));
            Expect(report.Dropped.Count, options.SqliteLeases, "SQLite stale sweep dropped");
        }

        rows.Add(stale);
        var live = new Timings($"SQLite, {options.SqliteLeases} live leases (none dropped)");
        WriteSqliteLeftovers(folder, options.SqliteLeases, expired: false);
        for (var run = 0; run < runs; run++)
        {
            SweepReport report = null!;
            live.Add(await Timings.TimeAsync(async () => report = await sqlite.SweepExpiredAsync(current)));
            Expect(report.KeptLive.Count, options.SqliteLeases, "SQLite live sweep kept");
        }

        rows.Add(live);
        Directory.Delete(folder, recursive: true);
        Report(rows[^2]);
        Report(rows[^1]);

        var postgres = Environment.GetEnvironmentVariable("TRACTATUS_TEST_POSTGRES");
        if (string.IsNullOrWhiteSpace(postgres))
        {
            Console.WriteLine("  TRACTATUS_TEST_POSTGRES is not set: PostgreSQL sweep skipped.");
        }
        else
        {
            await using var provider = new PostgreSqlDatabaseProvider(new PostgreSqlProviderOptions { ConnectionString = postgres });
            await using var admin = new NpgsqlConnection(postgres);
            await admin.OpenAsync();

            var smallStale = new Timings($"PostgreSQL, {options.PostgresStale} stale databases (all dropped)");
            for (var run = 0; run < Math.Min(runs, 3); run++)
            {
                var names = await CreatePostgresLeftoversAsync(postgres, options.PostgresStale, expired: true);
                SweepReport report = null!;
                smallStale.Add(await Timings.TimeAsync(async () => report = await provider.SweepExpiredAsync(current)));
                Expect(report.Dropped.Intersect(names).Count(), names.Count, "PostgreSQL stale sweep dropped");
            }

            rows.Add(smallStale);
            Report(smallStale);

            // The large case: N databases once; scan them while live, then expire every lease and sweep them all once.
            var many = await CreatePostgresLeftoversAsync(postgres, options.PostgresLive, expired: false);
            var scan = new Timings($"PostgreSQL, {options.PostgresLive} live databases (none dropped)");
            for (var run = 0; run < Math.Min(runs, 3); run++)
            {
                SweepReport report = null!;
                scan.Add(await Timings.TimeAsync(async () => report = await provider.SweepExpiredAsync(current)));
                Expect(report.KeptLive.Intersect(many).Count(), many.Count, "PostgreSQL live sweep kept");
            }

            rows.Add(scan);
            Report(scan);

            var listing = new Timings($"PostgreSQL, lease listing query only over {options.PostgresLive} databases (one SELECT of name + comment)");
            for (var run = 0; run < 10; run++)
            {
                listing.Add(await Timings.TimeAsync(async () =>
                {
                    await using var command = new NpgsqlCommand("SELECT datname, shobj_description(oid, 'pg_database') FROM pg_database WHERE NOT datistemplate", admin);
                    await using var reader = await command.ExecuteReaderAsync();
                    var count = 0;
                    while (await reader.ReadAsync())
                    {
                        count += LeaseRecord.TryParse(reader.IsDBNull(1) ? null : reader.GetString(1), out _) ? 1 : 0;
                    }

                    if (count < many.Count)
                    {
                        throw new InvalidOperationException($"Listed {count} leases, expected at least {many.Count}.");
                    }
                }));
            }

            rows.Add(listing);
            Report(listing);

            await ExpireAsync(admin, many);
            var bigStale = new Timings($"PostgreSQL, {options.PostgresLive} stale databases (all dropped)");
            SweepReport bigReport = null!;
            bigStale.Add(await Timings.TimeAsync(async () => bigReport = await provider.SweepExpiredAsync(current)));
            Expect(bigReport.Dropped.Intersect(many).Count(), many.Count, "PostgreSQL large stale sweep dropped");
            rows.Add(bigStale);
            Report(bigStale);
        }

        output.Line(Timings.Header);
        foreach (var row in rows)
        {
            output.Line(row.Row());
        }

        output.Save();
    }

    private static void Report(Timings timings) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {timings.Name}: median {timings.Median:0.0} ms over {timings.Count} runs"));

    private static void Expect(int actual, int expected, string what)
    {
        if (actual != expected)
        {
            throw new InvalidOperationException($"{what} {actual}, expected {expected}: the measurement would not be what it claims.");
        }
    }

    private static void SqliteConnectionPoolReset() => Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

    private static void WriteSqliteLeftovers(string folder, int count, bool expired)
    {
        Directory.CreateDirectory(folder);
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < count; i++)
        {
            var crashed = TestSession.Start();
            var name = crashed.DatabaseName("sweep", DatabaseNameRules.Sqlite);
            var lease = expired
                ? LeaseRecord.For(crashed, now.AddHours(-1), TimeSpan.FromMinutes(5))
                : LeaseRecord.For(crashed, now, TimeSpan.FromHours(1));
            File.WriteAllBytes(Path.Combine(folder, name + ".db"), []); // a zero-byte file is an empty SQLite database
            File.WriteAllText(Path.Combine(folder, name + ".lease.json"), lease.ToJson());
        }
    }

    /// <summary>Creates <paramref name="count"/> databases, each with the lease comment of a different fake session, 4 at a time.</summary>
    private static async Task<List<string>> CreatePostgresLeftoversAsync(string connectionString, int count, bool expired)
    {
        Console.WriteLine($"  creating {count} leased databases (not measured)...");
        var names = Enumerable.Range(0, count).Select(_ => TestSession.Start()).ToList();
        var created = new List<string>();
        await Parallel.ForEachAsync(names, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (crashed, cancellationToken) =>
        {
            var name = crashed.DatabaseName("sweep", DatabaseNameRules.PostgreSql);
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            await using (var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection))
            {
                await create.ExecuteNonQueryAsync(cancellationToken);
            }

            await CommentAsync(connection, name, await LeaseAsync(connection, crashed, expired), cancellationToken);
            lock (created)
            {
                created.Add(name);
            }
        });
        return created;
    }

    private static async Task ExpireAsync(NpgsqlConnection admin, List<string> names)
    {
        var now = await ServerNowAsync(admin);
        foreach (var name in names)
        {
            SessionDatabaseNames.TryParse(name, out _, out var owner);
            var lease = new LeaseRecord(owner, "bench-host", 1, now.AddHours(-2), now.AddHours(-1), now.AddHours(-1).AddMinutes(5));
            await CommentAsync(admin, name, lease.ToJson(), CancellationToken.None);
        }
    }

    private static async Task<string> LeaseAsync(NpgsqlConnection connection, TestSession owner, bool expired)
    {
        var now = await ServerNowAsync(connection);
        var lease = expired
            ? LeaseRecord.For(owner, now.AddHours(-1), TimeSpan.FromMinutes(5))
            : LeaseRecord.For(owner, now, TimeSpan.FromHours(1));
        return lease.ToJson();
    }

    /// <summary>Leases use the server's clock, as the provider's do.</summary>
    private static async Task<DateTimeOffset> ServerNowAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand("SELECT now()", connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return reader.GetFieldValue<DateTimeOffset>(0);
    }

    private static async Task CommentAsync(NpgsqlConnection connection, string database, string comment, CancellationToken cancellationToken)
    {
        await using var format = new NpgsqlCommand("SELECT format('COMMENT ON DATABASE %I IS %L', @name, @comment)", connection);
        format.Parameters.AddWithValue("name", database);
        format.Parameters.AddWithValue("comment", comment);
        var sql = (string)(await format.ExecuteScalarAsync(cancellationToken))!;
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
