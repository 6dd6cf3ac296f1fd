using static Tractatus.TestIsolation.Analyzers.Tests.RealWorld.RealWorldVerifier;

namespace Tractatus.TestIsolation.Analyzers.Tests.RealWorld.HeldOut;

/// <summary>
/// Held-out shapes of SQL suites (Dapper, Npgsql, SQLite files, EF Core raw SQL): fixed keys in
/// VALUES lists, parameter objects and ADO.NET parameters, and the near misses that must stay quiet.
/// Written after reading storage and repository integration tests (Hangfire/Quartz-style stores,
/// Dapper extension libraries, ADO.NET homework-style suites); names P1/P2/P4 follow issue 8's points.
/// </summary>
public class HeldOutSqlTests
{
    private const string PgConnection = """

        public static class Pg
        {
            public static NpgsqlConnection Open() => new(Environment.GetEnvironmentVariable("PG_TESTS"));
        }
        """;

    [Fact]
    public Task P1_flagged_upsert_into_a_schema_constant_with_a_fixed_lock_id() => Test("""
        public class DistributedLockTests
        {
            private static readonly string SchemaName = Environment.GetEnvironmentVariable("LOCK_SCHEMA") ?? "locks";

            [Fact]
            public void Takes_the_lock()
            {
                using var connection = Pg.Open();
                connection.Execute($@"INSERT INTO ""{SchemaName}"".""lock"" (""resource"", ""id"") VALUES ({|TI1001:'jobs'|}, {|TI1001:'lock-1'|}) ON CONFLICT DO NOTHING");
            }
        }
        """ + PgConnection);

    [Fact]
    public Task P1_flagged_dapper_parameter_object_with_a_table_from_a_property() => Test("""
        public class CounterTests
        {
            private string Table => (Environment.GetEnvironmentVariable("PREFIX") ?? "hf_") + "counter";

            [Fact]
            public async Task Increments()
            {
                await using var connection = Pg.Open();
                await connection.ExecuteAsync($"INSERT INTO {Table} (key, value) VALUES (@key, @value)", new { key = {|TI1001:"stats:succeeded"|}, value = 1 });
            }
        }
        """ + PgConnection);

    [Fact]
    public Task P1_flagged_new_npgsql_parameter_with_a_fixed_slug() => Test("""
        public class ArticleStoreTests
        {
            [Fact]
            public async Task Inserts()
            {
                await using var connection = Pg.Open();
                await using var command = new NpgsqlCommand("INSERT INTO articles (slug, title) VALUES (@slug, @title)", connection);
                command.Parameters.Add(new NpgsqlParameter("slug", {|TI1001:"hello-world"|}));
                command.Parameters.Add(new NpgsqlParameter("title", "Hello"));
                await command.ExecuteNonQueryAsync();
            }
        }
        """ + PgConnection);

    [Fact]
    public Task P1_flagged_parameters_add_with_a_type_then_value() => Test("""
        public class UserTableTests
        {
            [Fact]
            public void Creates_a_user()
            {
                using var connection = Pg.Open();
                using var command = connection.CreateCommand();
                command.CommandText = "INSERT INTO users (email, name) VALUES (@email, @name)";
                command.Parameters.Add("@email", NpgsqlTypes.NpgsqlDbType.Text).Value = {|TI1001:"jane@example.com"|};
                command.Parameters.Add("@name", NpgsqlTypes.NpgsqlDbType.Text).Value = "Jane";
                command.ExecuteNonQuery();
            }
        }
        """ + PgConnection);

    [Fact]
    public Task P1_flagged_multi_statement_seed_with_concatenated_schema() => Test("""
        public class QueueSeedTests
        {
            private readonly string _schema = Environment.GetEnvironmentVariable("QUEUE_SCHEMA") ?? "queue";

            [Fact]
            public void Seeds()
            {
                using var connection = Pg.Open();
                connection.Execute("INSERT INTO " + _schema + ".queues (name, key) VALUES ('default', " + "{|TI1001:'critical'|}" + ")");
            }
        }
        """ + PgConnection);

    [Fact]
    public Task P1_flagged_dapper_execute_of_a_list_of_anonymous_rows() => Test("""
        public class BulkTagTests
        {
            [Fact]
            public void Inserts_tags()
            {
                using var connection = Pg.Open();
                connection.Execute("INSERT INTO tags (slug, label) VALUES (@slug, @label)", new[]
                {
                    new { slug = {|TI1001:"dotnet"|}, label = ".NET" },
                    new { slug = {|TI1001:"sql"|}, label = "SQL" },
                });
            }
        }
        """ + PgConnection);

    [Fact]
    public Task P1_flagged_update_by_fixed_key_through_add_with_value() => Test("""
        public class SettingsTableTests
        {
            [Fact]
            public async Task Updates()
            {
                await using var connection = Pg.Open();
                await connection.OpenAsync();
                await using var command = connection.CreateCommand();
                command.CommandText = "UPDATE settings SET value = @value WHERE key = @key";
                command.Parameters.AddWithValue("@value", "on");
                command.Parameters.AddWithValue("@key", {|TI1001:"feature.beta"|});
                await command.ExecuteNonQueryAsync();
            }
        }
        """ + PgConnection);

    [Fact]
    public Task P1_flagged_raw_string_literal_insert_into_a_data_source_command() => Test(""""
        public class EventLogTests
        {
            private static readonly NpgsqlDataSource Source = NpgsqlDataSource.Create(Environment.GetEnvironmentVariable("PG_TESTS")!);

            [Fact]
            public async Task Appends()
            {
                await using var command = Source.CreateCommand(
                    """
                    INSERT INTO events (id, kind)
                    VALUES ({|TI1001:'evt-0001'|}, 'created')
                    """);
                await command.ExecuteNonQueryAsync();
            }
        }
        """");

    [Fact]
    public Task P2_flagged_dapper_key_from_a_const_in_a_test_data_class_in_another_file() => Run(new("""
        public class JobTests
        {
            [Fact]
            public void Enqueues()
            {
                using var connection = Pg.Open();
                connection.Execute("INSERT INTO jobs (key, state) VALUES (@key, 'queued')", new { key = {|TI1001:TestData.NightlyJob|} });
            }
        }
        """ + PgConnection)
    {
        Files = [("TestData.cs", """
            public static class TestData
            {
                public const string NightlyJob = "nightly-job";
            }
            """)],
    });

    [Fact]
    public Task P2_flagged_inline_data_rows_inserted_by_a_theory() => Test("""
        public class RoleTests
        {
            [Theory]
            [InlineData({|TI1001:"admin"|})]
            [InlineData({|TI1001:"auditor"|})]
            public void Inserts_role(string code)
            {
                using var connection = Pg.Open();
                connection.Execute("INSERT INTO roles (code) VALUES (@code)", new { code });
            }
        }
        """ + PgConnection);

    [Fact]
    public Task P2_flagged_sqlite_file_insert_with_a_static_readonly_key() => Test("""
        public class CacheStoreTests
        {
            private static readonly string EntryKey = "cache:home";

            [Fact]
            public void Stores_an_entry()
            {
                using var connection = new SqliteConnection("Data Source=" + Path.Combine(Path.GetTempPath(), {|TI1002:"cache-tests.db"|}));
                connection.Open();
                connection.Execute("INSERT INTO entries (key, value) VALUES (@key, 'x')", new { key = {|TI1001:EntryKey|} });
            }
        }
        """);

    [Fact]
    public Task P4_flagged_execute_sql_raw_insert_with_a_literal_value() => Run(new("""
        public class ReportSeedTests
        {
            [Fact]
            public void Seeds()
            {
                using var db = new ReportDb(new DbContextOptionsBuilder<ReportDb>().UseNpgsql(Environment.GetEnvironmentVariable("PG_TESTS")!).Options);
                db.Database.ExecuteSqlRaw("INSERT INTO reports (code, title) VALUES ({|TI1001:'monthly'|}, 'Monthly')");
            }
        }

        public class ReportDb : DbContext
        {
            public ReportDb(DbContextOptions<ReportDb> options) : base(options) { }
        }
        """)
    {
        References = [Stubs.NpgsqlEf, Stubs.EfRelational],
    });

    [Fact]
    public Task P4_flagged_execute_sql_interpolated_with_a_fixed_key_in_text() => Run(new("""
        public class FlagSeedTests
        {
            [Fact]
            public async Task Seeds()
            {
                await using var db = new FlagDb(new DbContextOptionsBuilder<FlagDb>().UseSqlServer(Environment.GetEnvironmentVariable("SQL_TESTS")!).Options);
                var enabled = true;
                await db.Database.ExecuteSqlInterpolatedAsync($"INSERT INTO flags (key, enabled) VALUES ({|TI1001:'dark-mode'|}, {enabled})");
            }
        }

        public class FlagDb : DbContext
        {
            public FlagDb(DbContextOptions<FlagDb> options) : base(options) { }
        }
        """)
    {
        References = [Stubs.SqlServerEf, Stubs.EfRelational],
    });

    [Fact]
    public Task P4_flagged_execute_sql_raw_with_a_positional_parameter() => Run(new("""
        public class TenantSeedTests
        {
            [Fact]
            public void Seeds()
            {
                using var db = new TenantDb(new DbContextOptionsBuilder<TenantDb>().UseNpgsql(Environment.GetEnvironmentVariable("PG_TESTS")!).Options);
                db.Database.ExecuteSqlRaw("INSERT INTO tenants (slug, name) VALUES ({0}, {1})", {|TI1001:"contoso"|}, "Contoso");
            }
        }

        public class TenantDb : DbContext
        {
            public TenantDb(DbContextOptions<TenantDb> options) : base(options) { }
        }
        """)
    {
        References = [Stubs.NpgsqlEf, Stubs.EfRelational],
    });

    // ---- not flagged ----

    [Fact]
    public Task P1_not_flagged_select_by_a_fixed_key_reads_reference_data() => Test("""
        public class LookupTests
        {
            [Fact]
            public void Reads()
            {
                using var connection = Pg.Open();
                var rows = connection.Query<string>("SELECT name FROM countries WHERE code = @code", new { code = "NL" });
                Assert.NotNull(rows);
            }
        }
        """ + PgConnection);

    [Fact]
    public Task P1_not_flagged_insert_into_a_per_run_schema() => Test("""
        public class PerRunSchemaTests
        {
            private static readonly string Schema = "it_" + Guid.NewGuid().ToString("N");

            [Fact]
            public void Inserts()
            {
                using var connection = Pg.Open();
                connection.Execute($"CREATE SCHEMA {Schema}; CREATE TABLE {Schema}.jobs (key text primary key)");
                connection.Execute($"INSERT INTO {Schema}.jobs (key) VALUES ('nightly')");
            }
        }
        """ + PgConnection);

    [Fact]
    public Task P1_not_flagged_parameter_from_a_per_test_guid() => Test("""
        public class OrderInsertTests
        {
            [Fact]
            public void Inserts()
            {
                var id = Guid.NewGuid().ToString();
                using var connection = Pg.Open();
                using var command = new NpgsqlCommand("INSERT INTO orders (id, status) VALUES (@id, @status)", connection);
                command.Parameters.AddWithValue("id", id);
                command.Parameters.AddWithValue("status", "new");
                command.ExecuteNonQuery();
            }
        }
        """ + PgConnection);

    [Fact]
    public Task P1_not_flagged_sqlite_in_memory_insert() => Test("""
        public class MapperTests
        {
            [Fact]
            public void Maps()
            {
                using var connection = new SqliteConnection("Data Source=:memory:");
                connection.Open();
                connection.Execute("CREATE TABLE t (key TEXT PRIMARY KEY, value TEXT)");
                connection.Execute("INSERT INTO t (key, value) VALUES (@key, @value)", new { key = "a", value = "b" });
            }
        }
        """);

    [Fact]
    public Task P1_not_flagged_non_identifier_columns_only() => Test("""
        public class AuditTests
        {
            [Fact]
            public void Writes()
            {
                using var connection = Pg.Open();
                connection.Execute($"INSERT INTO audit (id, message) VALUES (@id, 'started')", new { id = Guid.NewGuid() });
            }
        }
        """ + PgConnection);

    [Fact]
    public Task P1_not_flagged_integer_primary_key_values() => Test("""
        public class NumberTests
        {
            [Fact]
            public void Writes()
            {
                using var connection = Pg.Open();
                connection.Execute("INSERT INTO numbers (id, label) VALUES (@id, @label)", new { id = 1, label = "one" });
            }
        }
        """ + PgConnection);

    [Fact]
    public Task P1_not_flagged_application_repository_not_in_a_test_project() => Tool("""
        public class JobRepository
        {
            private readonly string _connectionString;

            public JobRepository(string connectionString) => _connectionString = connectionString;

            public void EnsureDefaults()
            {
                using var connection = new NpgsqlConnection(_connectionString);
                connection.Execute("INSERT INTO queues (key) VALUES ('default') ON CONFLICT DO NOTHING");
            }
        }
        """);

    [Fact]
    public Task P2_not_flagged_key_from_a_parameter_given_a_per_run_value() => Test("""
        public class ReservationTests
        {
            private static void Insert(NpgsqlConnection connection, string key) =>
                connection.Execute("INSERT INTO reservations (key) VALUES (@key)", new { key });

            [Fact]
            public void Reserves()
            {
                using var connection = Pg.Open();
                Insert(connection, "res-" + Guid.NewGuid().ToString("N"));
            }
        }
        """ + PgConnection);

    [Fact]
    public Task P4_not_flagged_from_sql_raw_query() => Run(new("""
        public class ReportQueryTests
        {
            [Fact]
            public void Reads()
            {
                using var db = new ReportDb(new DbContextOptionsBuilder<ReportDb>().UseNpgsql(Environment.GetEnvironmentVariable("PG_TESTS")!).Options);
                var rows = db.Reports.FromSqlRaw("SELECT * FROM reports WHERE code = 'monthly'").ToList();
                Assert.NotNull(rows);
            }
        }

        public class Report { public string Code { get; set; } = ""; }

        public class ReportDb : DbContext
        {
            public ReportDb(DbContextOptions<ReportDb> options) : base(options) { }
            public DbSet<Report> Reports => Set<Report>();
        }
        """)
    {
        References = [Stubs.NpgsqlEf, Stubs.EfRelational],
    });

    [Fact]
    public Task P4_not_flagged_execute_sql_raw_on_sqlite_in_memory() => Run(new("""
        public class SqliteSeedTests
        {
            [Fact]
            public void Seeds()
            {
                using var db = new SeedDb(new DbContextOptionsBuilder<SeedDb>().UseSqlite("Data Source=:memory:").Options);
                db.Database.ExecuteSqlRaw("INSERT INTO items (code) VALUES ('a')");
            }
        }

        public class SeedDb : DbContext
        {
            public SeedDb(DbContextOptions<SeedDb> options) : base(options) { }
        }
        """)
    {
        References = [Stubs.SqliteEf, Stubs.EfRelational],
    });

    // Dapper parameter objects are judged by the column each placeholder goes into, when the SQL says.
    [Fact]
    public Task Flagged_parameter_members_named_otherwise_that_go_into_identifier_columns() => Test("""
        public class ArticleFacts
        {
            [Fact]
            public void Inserts()
            {
                using var connection = new NpgsqlConnection(Environment.GetEnvironmentVariable("PG"));
                connection.Execute("INSERT INTO articles (slug, title) VALUES (@s, @t)", new { s = {|TI1001:"launch-notes"|}, t = "Launch notes" });
                connection.Execute("UPDATE users SET email = @address WHERE display_name = @name", new { address = {|TI1001:"qa@example.com"|}, name = "QA" });
            }
        }
        """);

    [Fact]
    public Task Not_flagged_identifier_named_members_that_go_into_other_columns() => Test("""
        public class JobQueueFacts
        {
            [Fact]
            public void Enqueues()
            {
                using var connection = new NpgsqlConnection(Environment.GetEnvironmentVariable("PG"));
                connection.Execute("INSERT INTO hangfire.jobqueue (jobid, queue, fetchedat) VALUES (@id, @queue, @fetchedAt)",
                    new { id = "1", queue = "default", fetchedAt = DateTime.UtcNow });
            }
        }
        """);
}
