using static Tractatus.TestIsolation.Analyzers.Tests.RealWorld.RealWorldVerifier;

namespace Tractatus.TestIsolation.Analyzers.Tests.RealWorld;

/// <summary>
/// Issue 8, point 1: SQL built by interpolation or concatenation with a non-constant part (a schema
/// or table name from a helper or a field). The unknown hole is only a name: the literals in the
/// VALUES list and in the parameter object are still fixed.
/// </summary>
public class Point1InterpolatedSqlTests
{
    private const string Pending = "Pending: issue 8 point 1 — ";

    // Modelled on hangfire-postgres/Hangfire.PostgreSql tests: the schema comes from a ConnectionUtils helper.
    [Fact]
    public Task Insert_into_a_schema_from_a_helper_with_a_fixed_key_is_flagged() => Test("""
        public class JobQueueTests
        {
            private static string Schema() => Environment.GetEnvironmentVariable("JOBS_SCHEMA") ?? "jobs";

            [Fact]
            public void Enqueues()
            {
                using var connection = new NpgsqlConnection(Environment.GetEnvironmentVariable("PG_TESTS"));
                connection.Execute($@"INSERT INTO ""{Schema()}"".""job_queue"" (""key"", ""state"") VALUES ({|TI1001:'nightly-import'|}, @s)", new { s = "queued" });
            }
        }
        """);

    // Modelled on Quartz.NET AdoJobStore tests: a table prefix in a static readonly field, values in a parameter object.
    [Fact]
    public Task Parameter_object_of_an_insert_into_a_prefixed_table_is_flagged() => Test("""
        public class SchedulerLockTests
        {
            private static readonly string TablePrefix = Environment.GetEnvironmentVariable("QRTZ_PREFIX") ?? "qrtz_";

            [Fact]
            public async Task Stores_a_lock()
            {
                await using var connection = new NpgsqlConnection(Environment.GetEnvironmentVariable("PG_TESTS"));
                await connection.ExecuteAsync($"INSERT INTO {TablePrefix}locks (id, lock_name) VALUES (@id, @name)", new { id = {|TI1001:"worker-1"|}, name = "TRIGGER_ACCESS" });
            }
        }
        """);

    // Modelled on Npgsql/SqlClient command tests: CommandText built with a schema, parameters added one by one.
    [Fact]
    public Task Command_parameters_of_an_interpolated_insert_are_flagged() => Test("""
        public class ReportStoreTests
        {
            private readonly string _schema = Environment.GetEnvironmentVariable("REPORT_SCHEMA") ?? "reports";

            [Fact]
            public async Task Saves()
            {
                await using var connection = new NpgsqlConnection(Environment.GetEnvironmentVariable("PG_TESTS"));
                await connection.OpenAsync();
                await using var command = connection.CreateCommand();
                command.CommandText = $"INSERT INTO {_schema}.reports (key, title) VALUES (@key, @title)";
                command.Parameters.AddWithValue("key", {|TI1001:"daily-report"|});
                command.Parameters.AddWithValue("title", "Daily report");
                await command.ExecuteNonQueryAsync();
            }
        }
        """);

    // Modelled on blog/CMS suites using Dapper: the table name is a field set in the constructor.
    [Fact]
    public Task Concatenated_insert_with_a_table_field_is_flagged() => Test("""
        public class PostRepositoryTests
        {
            private readonly string _table;

            public PostRepositoryTests() => _table = Environment.GetEnvironmentVariable("POSTS_TABLE") ?? "posts";

            [Fact]
            public void Inserts()
            {
                using var connection = new NpgsqlConnection(Environment.GetEnvironmentVariable("PG_TESTS"));
                connection.Execute("INSERT INTO " + _table + " (slug, title) VALUES ({|TI1001:'welcome-post'|}, 'Welcome')");
            }
        }
        """);

    // Modelled on Marten-style multi-tenant tests: the schema from a fixture property, several rows in one VALUES list.
    [Fact]
    public Task Multi_row_insert_into_a_fixture_schema_is_flagged() => Test("""
        public sealed class TenancyFixture
        {
            public string Schema { get; } = Environment.GetEnvironmentVariable("TENANCY_SCHEMA") ?? "tenancy";
        }

        public class TenantTests : IClassFixture<TenancyFixture>
        {
            private readonly TenancyFixture _fixture;

            public TenantTests(TenancyFixture fixture) => _fixture = fixture;

            [Fact]
            public void Seeds()
            {
                using var connection = new NpgsqlConnection(Environment.GetEnvironmentVariable("PG_TESTS"));
                connection.Execute($"INSERT INTO {_fixture.Schema}.tenants (code, name) VALUES ({|TI1001:'acme'|}, 'Acme'), ({|TI1001:'globex'|}, 'Globex')");
            }
        }
        """);

    // Modelled on Hangfire storage tests that update a job by key in a schema from a helper.
    [Fact]
    public Task Update_by_a_fixed_key_in_an_interpolated_table_is_flagged() => Test("""
        public class JobStateTests
        {
            private static string Table() => (Environment.GetEnvironmentVariable("JOBS_SCHEMA") ?? "jobs") + ".job";

            [Fact]
            public void Marks_done()
            {
                using var connection = new NpgsqlConnection(Environment.GetEnvironmentVariable("PG_TESTS"));
                connection.Execute($"UPDATE {Table()} SET state = 'done' WHERE key = {|TI1001:'nightly-import'|}");
            }
        }
        """);

    // ---- not flagged ---------------------------------------------------------------------------

    // Modelled on Hangfire.PostgreSql's installer test: a schema named per run holds the rows.
    [Fact]
    public Task Insert_into_a_schema_named_per_run_is_not_flagged() => Test("""
        public class InstallerTests
        {
            [Fact]
            public void Installs()
            {
                var schema = "hangfire_tests_" + Guid.NewGuid().ToString("N");
                using var connection = new NpgsqlConnection(Environment.GetEnvironmentVariable("PG_TESTS"));
                connection.Execute($@"CREATE SCHEMA ""{schema}"" AUTHORIZATION postgres");
                connection.Execute($@"INSERT INTO ""{schema}"".""job_queue"" (""key"", ""state"") VALUES ('nightly-import', 'queued')");
                connection.Execute($@"DROP SCHEMA ""{schema}"" CASCADE");
            }
        }
        """);

    [Fact]
    public Task Values_that_are_holes_with_a_per_run_value_are_not_flagged() => Test("""
        public class QueueTests
        {
            private static string Schema() => Environment.GetEnvironmentVariable("JOBS_SCHEMA") ?? "jobs";

            [Fact]
            public void Enqueues()
            {
                var runId = Guid.NewGuid().ToString("N");
                using var connection = new NpgsqlConnection(Environment.GetEnvironmentVariable("PG_TESTS"));
                connection.Execute($"INSERT INTO {Schema()}.job_queue (key, state) VALUES ('{runId}-import', 'queued')");
                connection.Execute($"INSERT INTO {Schema()}.job_queue (key, state) VALUES (@key, 'queued')", new { key = $"export-{runId}" });
            }
        }
        """);

    [Fact]
    public Task Interpolated_inserts_of_non_identifier_columns_are_not_flagged() => Test("""
        public class AuditTests
        {
            private static readonly string Table = Environment.GetEnvironmentVariable("AUDIT_TABLE") ?? "audit";

            [Fact]
            public void Writes()
            {
                using var connection = new NpgsqlConnection(Environment.GetEnvironmentVariable("PG_TESTS"));
                connection.Execute($"INSERT INTO {Table} (title, state, attempts) VALUES ('Report', 'queued', 3)");
                connection.Execute($"INSERT INTO {Table} (title, state) VALUES (@title, @state)", new { title = "Nightly", state = "done" });
            }
        }
        """);

    // Modelled on Dapper's own tests over SQLite in memory.
    [Fact]
    public Task Interpolated_sql_on_sqlite_in_memory_is_not_flagged() => Test("""
        public class SqliteTests
        {
            private const string Table = "users";

            [Fact]
            public void Inserts()
            {
                var suffix = Environment.GetEnvironmentVariable("SUFFIX") ?? "";
                using var connection = new SqliteConnection("Data Source=:memory:");
                connection.Open();
                connection.Execute($"CREATE TABLE {Table}{suffix} (id TEXT PRIMARY KEY, name TEXT)");
                connection.Execute($"INSERT INTO {Table}{suffix} (id, name) VALUES ('u1', 'Alice')");
                connection.Execute($"INSERT INTO {Table}{suffix} (id, name) VALUES (@id, @name)", new { id = "u2", name = "Bob" });
            }
        }
        """);

    [Fact]
    public Task Selects_and_ddl_with_interpolated_names_are_not_flagged() => Test("""
        public class QueryTests
        {
            private static string Schema() => Environment.GetEnvironmentVariable("JOBS_SCHEMA") ?? "jobs";

            [Fact]
            public void Counts()
            {
                using var connection = new NpgsqlConnection(Environment.GetEnvironmentVariable("PG_TESTS"));
                connection.Execute($"CREATE TABLE IF NOT EXISTS {Schema()}.job_queue (key text PRIMARY KEY, state text)");
                var count = connection.QuerySingle<int>($"SELECT count(*) FROM {Schema()}.job_queue WHERE key = 'nightly-import'");
                var state = connection.QuerySingle<string>($"SELECT state FROM {Schema()}.job_queue WHERE key = @key", new { key = "nightly-import" });
                Assert.True(count >= 0);
                Assert.NotNull(state);
            }
        }
        """);

    [Fact]
    public Task Interpolated_sql_in_application_code_is_not_flagged() => Tool("""
        public sealed class JobRepository
        {
            private readonly NpgsqlConnection _connection;
            private readonly string _schema;

            public JobRepository(NpgsqlConnection connection, string schema) => (_connection, _schema) = (connection, schema);

            public void EnsureDefaults() =>
                _connection.Execute($"INSERT INTO {_schema}.settings (key, value) VALUES ('retention-days', '7') ON CONFLICT DO NOTHING");
        }
        """);
}
