using System.Diagnostics;
using Npgsql;
using Shouldly;
using Tractatus.TestIsolation.Leases;
using Xunit;
using Xunit.Abstractions;

namespace Tractatus.TestIsolation.PostgreSql.Tests;

/// <summary><see cref="PostgreSqlProviderOptions.TemplatePoolSize"/>: clones made ahead of time, handed out by the next create.</summary>
public sealed class PostgreSqlClonePoolTests(ITestOutputHelper output)
{
    [PostgresFact]
    public async Task A_create_hands_out_a_leased_clone_that_existed_before_the_call_and_dispose_drops_the_unused_ones()
    {
        var session = PostgresTestServer.Session();
        var provider = new PostgreSqlDatabaseProvider(Options(Guid.NewGuid().ToString("N"), poolSize: 2));
        try
        {
            var first = await provider.CreateDatabaseAsync(session, "pooled");
            await provider.WaitForTemplatePoolAsync();
            var before = await DatabasesOfAsync(session);
            before.ShouldContain(first.Name);
            before.Count.ShouldBe(3); // the one handed out and two ready in the pool

            var pooled = before.Where(name => name != first.Name).ToArray();
            foreach (var name in pooled)
            {
                // Leased before anyone asked for it: heartbeats cover it, and a crash leaves it to the sweep.
                LeaseRecord.TryParse(await PostgresTestServer.CommentAsync(name), out var lease).ShouldBeTrue();
                lease!.Owner.ShouldBe(session.Id);
            }

            var second = await provider.CreateDatabaseAsync(session, "pooled");
            pooled.ShouldContain(second.Name);
            await using (var connection = await provider.OpenConnectionAsync(second))
            {
                await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_tables WHERE tablename = 'pool_marker'", connection);
                (await command.ExecuteScalarAsync()).ShouldBe(1L);
            }

            // The take started a refill; the third create gets the other clone made before the second call.
            var third = await provider.CreateDatabaseAsync(session, "pooled");
            pooled.ShouldContain(third.Name);
            third.Name.ShouldNotBe(second.Name);

            await provider.WaitForTemplatePoolAsync();
            (await DatabasesOfAsync(session)).Count.ShouldBe(5); // three handed out, two refilled

            foreach (var database in new[] { first, second, third })
            {
                (await provider.DropDatabaseAsync(session, database.Name)).ShouldBeTrue();
            }

            await provider.DisposeAsync();
            (await DatabasesOfAsync(session)).ShouldBeEmpty();
        }
        finally
        {
            await provider.DisposeAsync();
            await provider.DropTemplateAsync();
        }
    }

    [PostgresFact]
    public async Task Dispose_while_a_refill_is_in_flight_leaves_only_the_databases_handed_out()
    {
        var session = PostgresTestServer.Session();
        var provider = new PostgreSqlDatabaseProvider(Options(Guid.NewGuid().ToString("N"), poolSize: 2));
        try
        {
            var handedOut = await provider.CreateDatabaseAsync(session, "inflight");
            await provider.DisposeAsync(); // the background clone has just started

            (await DatabasesOfAsync(session)).ShouldBe([handedOut.Name]);
            (await provider.DropDatabaseAsync(session, handedOut.Name)).ShouldBeTrue();
        }
        finally
        {
            await provider.DisposeAsync();
            await provider.DropTemplateAsync();
        }
    }

    [PostgresFact]
    public async Task Without_a_pool_nothing_is_cloned_ahead()
    {
        var session = PostgresTestServer.Session();
        var provider = new PostgreSqlDatabaseProvider(Options(Guid.NewGuid().ToString("N"), poolSize: 0));
        try
        {
            var database = await provider.CreateDatabaseAsync(session, "nopool");
            await provider.WaitForTemplatePoolAsync();
            (await DatabasesOfAsync(session)).ShouldBe([database.Name]);
            (await provider.DropDatabaseAsync(session, database.Name)).ShouldBeTrue();
        }
        finally
        {
            await provider.DisposeAsync();
            await provider.DropTemplateAsync();
        }
    }

    [PostgresFact]
    public async Task Another_prefix_is_cloned_on_demand_and_the_pool_keeps_its_own()
    {
        var session = PostgresTestServer.Session();
        var provider = new PostgreSqlDatabaseProvider(Options(Guid.NewGuid().ToString("N"), poolSize: 1));
        try
        {
            await provider.CreateDatabaseAsync(session, "poolone");
            await provider.WaitForTemplatePoolAsync();
            var pooled = (await DatabasesOfAsync(session)).Where(name => name.StartsWith("poolone", StringComparison.Ordinal)).ToArray();
            pooled.Length.ShouldBe(2);

            var other = await provider.CreateDatabaseAsync(session, "pooltwo");
            other.Name.ShouldStartWith("pooltwo");
            await provider.WaitForTemplatePoolAsync();
            (await DatabasesOfAsync(session)).Where(name => name.StartsWith("poolone", StringComparison.Ordinal)).ShouldBe(pooled, ignoreOrder: true);

            foreach (var name in provider.CreatedDatabases)
            {
                (await provider.DropDatabaseAsync(session, name)).ShouldBeTrue();
            }
        }
        finally
        {
            await provider.DisposeAsync();
            await provider.DropTemplateAsync();
        }

        (await DatabasesOfAsync(session)).ShouldBeEmpty();
    }

    [PostgresFact]
    public async Task A_failed_background_clone_is_thrown_by_the_next_create()
    {
        var template = "pool_template_" + Guid.NewGuid().ToString("N")[..12];
        await PostgresTestServer.ExecuteAsync($"CREATE DATABASE {template}");
        var session = PostgresTestServer.Session();
        var provider = new PostgreSqlDatabaseProvider(new PostgreSqlProviderOptions
        {
            ConnectionString = PostgresTestServer.RequiredConnectionString,
            TemplateDatabase = template,
            TemplatePoolSize = 1,
        });
        try
        {
            await provider.CreateDatabaseAsync(session, "poolfail");
            await provider.WaitForTemplatePoolAsync();

            // The template disappears; the take succeeds, the refill it starts cannot clone.
            await PostgresTestServer.DropIfExistsAsync(template);
            await provider.CreateDatabaseAsync(session, "poolfail");
            await provider.WaitForTemplatePoolAsync();

            var error = await Should.ThrowAsync<InvalidOperationException>(() => provider.CreateDatabaseAsync(session, "poolfail"));
            error.Message.ShouldContain("TemplatePoolSize");
            error.InnerException!.Message.ShouldContain($"'{template}' does not exist");

            foreach (var name in provider.CreatedDatabases)
            {
                (await provider.DropDatabaseAsync(session, name)).ShouldBeTrue();
            }
        }
        finally
        {
            await provider.DisposeAsync();
            await PostgresTestServer.DropIfExistsAsync(template);
        }

        (await DatabasesOfAsync(session)).ShouldBeEmpty();
    }

    [Fact]
    public void A_negative_pool_size_is_refused()
    {
        var error = Should.Throw<ArgumentException>(() => new PostgreSqlDatabaseProvider(new PostgreSqlProviderOptions
        {
            ConnectionString = "Host=127.0.0.1;Username=postgres",
            TemplateDatabase = "some_template",
            TemplatePoolSize = -1,
        }));
        error.Message.ShouldContain("TemplatePoolSize");
    }

    /// <summary>
    /// Create latency of a 50-table clone with and without a warm pool, written to the test output (not asserted:
    /// speed depends on the machine). Asserts only that the pooled creates really came out of the pool.
    /// </summary>
    [PostgresFact]
    public async Task Create_latency_with_a_warm_pool_versus_cloning_on_demand_is_reported()
    {
        const int rounds = 8;
        var key = Guid.NewGuid().ToString("N");
        var session = PostgresTestServer.Session();
        var onDemand = new PostgreSqlDatabaseProvider(Options(key, poolSize: 0, tables: 50));
        var pooled = new PostgreSqlDatabaseProvider(Options(key, poolSize: 2, tables: 50));
        try
        {
            await onDemand.EnsureTemplateAsync();
            var withoutPool = new List<double>();
            var withPool = new List<double>();
            var fromPool = 0;
            for (var i = 0; i < rounds; i++)
            {
                var watch = Stopwatch.StartNew();
                var database = await onDemand.CreateDatabaseAsync(session, "latencyplain");
                withoutPool.Add(watch.Elapsed.TotalMilliseconds);
                await onDemand.DropDatabaseAsync(session, database.Name);

                await pooled.WaitForTemplatePoolAsync(); // between sessions a test run does other work meanwhile
                var ready = await DatabasesOfAsync(session);
                watch.Restart();
                database = await pooled.CreateDatabaseAsync(session, "latencypool");
                withPool.Add(watch.Elapsed.TotalMilliseconds);
                fromPool += ready.Contains(database.Name) ? 1 : 0;
                await pooled.DropDatabaseAsync(session, database.Name);
            }

            fromPool.ShouldBe(rounds - 1); // all but the first, which starts the pool
            output.WriteLine($"create, 50-table template, median of {rounds}: on demand {Median(withoutPool):F1} ms, warm pool {Median(withPool.Skip(1)):F1} ms");
            output.WriteLine($"  on demand: {string.Join(", ", withoutPool.Select(ms => ms.ToString("F1")))}");
            output.WriteLine($"  warm pool: {string.Join(", ", withPool.Select(ms => ms.ToString("F1")))} (the first clones on demand)");
        }
        finally
        {
            await pooled.DisposeAsync();
            await onDemand.DisposeAsync();
            await onDemand.DropTemplateAsync();
        }

        (await DatabasesOfAsync(session)).ShouldBeEmpty();
    }

    private static PostgreSqlProviderOptions Options(string key, int poolSize, int tables = 2) => new()
    {
        ConnectionString = PostgresTestServer.RequiredConnectionString,
        TemplateDatabase = "pool_test",
        TemplateKey = key,
        TemplatePoolSize = poolSize,
        Migrate = async connection =>
        {
            var sql = "CREATE TABLE pool_marker (id int PRIMARY KEY);"
                + string.Concat(Enumerable.Range(1, tables).Select(i => $"CREATE TABLE entity_{i:D2} (id bigserial PRIMARY KEY, name text NOT NULL, created timestamptz NOT NULL DEFAULT now());"));
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        },
    };

    /// <summary>Every database on the server named for <paramref name="session"/>.</summary>
    private static async Task<List<string>> DatabasesOfAsync(TestSession session)
    {
        await using var connection = await PostgresTestServer.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT datname FROM pg_database", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var names = new List<string>();
        while (await reader.ReadAsync())
        {
            var name = reader.GetString(0);
            if (SessionDatabaseNames.TryParse(name, out _, out var sessionId) && sessionId == session.Id)
            {
                names.Add(name);
            }
        }

        return names;
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
