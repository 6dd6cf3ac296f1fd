using System.Diagnostics;
using Npgsql;
using Shouldly;
using Xunit;
using Xunit.Abstractions;

namespace Tractatus.TestIsolation.PostgreSql.Tests;

public sealed class PostgreSqlTemplateTests(ITestOutputHelper output)
{
    [PostgresFact]
    public async Task The_migration_runs_once_for_concurrent_runs_and_every_clone_has_its_schema()
    {
        var migrations = 0;
        var options = MigratingOptions(Guid.NewGuid().ToString("N"), async connection =>
        {
            Interlocked.Increment(ref migrations);
            await Task.Delay(300); // long enough that the other runs arrive while it is being built
            await ExecuteAsync(connection, "CREATE TABLE schema_marker (built_by text NOT NULL); INSERT INTO schema_marker VALUES (current_database())");
        });

        var runs = Enumerable.Range(0, 3).Select(_ => (Provider: new PostgreSqlDatabaseProvider(options), Session: PostgresTestServer.Session())).ToArray();
        try
        {
            var databases = await Task.WhenAll(runs.Select(run => run.Provider.CreateDatabaseAsync(run.Session, "cloned")));

            migrations.ShouldBe(1);
            foreach (var database in databases)
            {
                await using var connection = await runs[0].Provider.OpenConnectionAsync(database);
                (await ScalarAsync(connection, "SELECT count(*) FROM schema_marker")).ShouldBe(1L);
                (await ScalarAsync(connection, "SELECT built_by FROM schema_marker")).ShouldBe(runs[0].Provider.TemplateDatabaseName);
            }

            (await PostgresTestServer.ScalarAsync<bool>("SELECT datistemplate FROM pg_database WHERE datname = @name", ("name", runs[0].Provider.TemplateDatabaseName!))).ShouldBeTrue();

            // A later run (fresh provider, as in another process) finds the finished template on the server.
            await using var later = new PostgreSqlDatabaseProvider(options);
            var laterSession = PostgresTestServer.Session();
            var watch = Stopwatch.StartNew();
            var clone = await later.CreateDatabaseAsync(laterSession, "cloned");
            output.WriteLine($"clone from template (template already built): {watch.Elapsed.TotalMilliseconds:F0} ms");
            migrations.ShouldBe(1);
            (await later.DropDatabaseAsync(laterSession, clone.Name)).ShouldBeTrue();

            for (var i = 0; i < runs.Length; i++)
            {
                (await runs[i].Provider.DropDatabaseAsync(runs[i].Session, databases[i].Name)).ShouldBeTrue();
            }
        }
        finally
        {
            await runs[0].Provider.DropTemplateAsync();
            foreach (var run in runs)
            {
                await run.Provider.DisposeAsync();
            }
        }

        (await PostgresTestServer.ExistsAsync(runs[0].Provider.TemplateDatabaseName!)).ShouldBeFalse();
    }

    [PostgresFact]
    public async Task A_template_left_half_built_by_a_failed_migration_is_rebuilt_not_cloned()
    {
        var key = Guid.NewGuid().ToString("N");
        var session = PostgresTestServer.Session();
        await using var failing = new PostgreSqlDatabaseProvider(MigratingOptions(key, async connection =>
        {
            await ExecuteAsync(connection, "CREATE TABLE half_done (id int)");
            throw new InvalidOperationException("migration 2 failed");
        }));

        var failure = await Should.ThrowAsync<InvalidOperationException>(() => failing.CreateDatabaseAsync(session, "rebuilt"));
        failure.Message.ShouldBe("migration 2 failed");
        (await PostgresTestServer.ExistsAsync(failing.TemplateDatabaseName!)).ShouldBeTrue(); // what the failed build left

        var migrations = 0;
        await using var fixedRun = new PostgreSqlDatabaseProvider(MigratingOptions(key, async connection =>
        {
            Interlocked.Increment(ref migrations);
            await ExecuteAsync(connection, "CREATE TABLE complete (id int)");
        }));
        try
        {
            var database = await fixedRun.CreateDatabaseAsync(session, "rebuilt");
            migrations.ShouldBe(1);
            await using (var connection = await fixedRun.OpenConnectionAsync(database))
            {
                (await ScalarAsync(connection, "SELECT count(*) FROM pg_tables WHERE tablename = 'half_done'")).ShouldBe(0L);
                (await ScalarAsync(connection, "SELECT count(*) FROM pg_tables WHERE tablename = 'complete'")).ShouldBe(1L);
            }

            (await fixedRun.DropDatabaseAsync(session, database.Name)).ShouldBeTrue();
        }
        finally
        {
            await fixedRun.DropTemplateAsync();
        }
    }

    [PostgresFact]
    public async Task A_template_you_maintain_is_cloned_as_it_is()
    {
        var template = "own_template_" + Guid.NewGuid().ToString("N")[..12];
        await PostgresTestServer.ExecuteAsync($"CREATE DATABASE {template}");
        await PostgresTestServer.ExecuteAsync("CREATE TABLE customers (id int PRIMARY KEY)", template);
        var session = PostgresTestServer.Session();
        try
        {
            await using var provider = new PostgreSqlDatabaseProvider(new PostgreSqlProviderOptions
            {
                ConnectionString = PostgresTestServer.RequiredConnectionString,
                TemplateDatabase = template,
            });
            provider.TemplateDatabaseName.ShouldBe(template);

            var database = await provider.CreateDatabaseAsync(session, "owntemplate");
            await using (var connection = await provider.OpenConnectionAsync(database))
            {
                (await ScalarAsync(connection, "SELECT count(*) FROM pg_tables WHERE tablename = 'customers'")).ShouldBe(1L);
            }

            (await provider.DropDatabaseAsync(session, database.Name)).ShouldBeTrue();
        }
        finally
        {
            await PostgresTestServer.DropIfExistsAsync(template);
        }
    }

    [PostgresFact]
    public async Task A_missing_template_fails_with_its_name_and_the_setting()
    {
        await using var provider = new PostgreSqlDatabaseProvider(new PostgreSqlProviderOptions
        {
            ConnectionString = PostgresTestServer.RequiredConnectionString,
            TemplateDatabase = "no_such_template_db",
        });

        var error = await Should.ThrowAsync<InvalidOperationException>(() => provider.CreateDatabaseAsync(PostgresTestServer.Session(), "missing"));
        error.Message.ShouldContain("'no_such_template_db' does not exist");
        error.Message.ShouldContain("PostgreSqlProviderOptions.TemplateDatabase");
    }

    [Fact]
    public void A_migration_without_a_template_key_is_refused()
    {
        var error = Should.Throw<ArgumentException>(() => new PostgreSqlDatabaseProvider(new PostgreSqlProviderOptions
        {
            ConnectionString = "Host=127.0.0.1;Username=postgres",
            Migrate = _ => Task.CompletedTask,
        }));
        error.Message.ShouldContain("TemplateKey");
    }

    [Fact]
    public void The_template_name_is_derived_from_the_key_so_a_new_schema_gets_a_new_template()
    {
        PostgreSqlDatabaseProvider For(string key) => new(MigratingOptions(key, _ => Task.CompletedTask, "Host=127.0.0.1;Username=postgres"));

        For("schema-v1").TemplateDatabaseName.ShouldBe(For("schema-v1").TemplateDatabaseName);
        For("schema-v1").TemplateDatabaseName.ShouldNotBe(For("schema-v2").TemplateDatabaseName);
        For("schema-v1").TemplateDatabaseName!.ShouldMatch("^tractatus_template_[0-9a-f]{12}$");
    }

    private static PostgreSqlProviderOptions MigratingOptions(string key, Func<NpgsqlConnection, Task> migrate, string? connectionString = null) => new()
    {
        ConnectionString = connectionString ?? PostgresTestServer.RequiredConnectionString,
        TemplateKey = key,
        Migrate = migrate,
    };

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
