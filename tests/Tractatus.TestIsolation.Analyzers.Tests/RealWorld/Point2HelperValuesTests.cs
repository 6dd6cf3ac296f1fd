using static Tractatus.TestIsolation.Analyzers.Tests.RealWorld.RealWorldVerifier;

namespace Tractatus.TestIsolation.Analyzers.Tests.RealWorld;

/// <summary>
/// Issue 8, point 2: values and names produced by a helper — a method or property returning a
/// constant expression, a <c>static readonly</c> field, a positional constructor argument, an
/// environment read with a literal fallback, a connection string concatenated from such parts —
/// one or two calls deep, in the same compilation, including members in other files. TI1002 is
/// reported on the literal that holds the name; TI1001 where the fixed value is written.
/// </summary>
public class Point2HelperValuesTests
{
    private const string Pending = "Pending: issue 8 point 2 — ";

    // Modelled on Hangfire.PostgreSql's ConnectionUtils (GetDatabaseName with a default) and many Mongo suites.
    [Fact]
    public Task Database_name_from_a_helper_method_is_flagged_on_its_literal() => Test("""
        public class OrderTests
        {
            private static string GetDatabaseName() => {|TI1002:"orders_tests"|};

            [Fact]
            public void Connects()
            {
                var database = new MongoClient(Environment.GetEnvironmentVariable("MONGO_URL")).GetDatabase(GetDatabaseName());
                Assert.NotNull(database);
            }
        }
        """);

    // Modelled on Pythia's DatabaseFixture: string.Format(template, DB_NAME) with both constants.
    [Fact]
    public Task Connection_string_from_string_format_of_constants_is_flagged_on_the_name() => Test("""
        public sealed class DatabaseFixture
        {
            private const string Template = "User ID=postgres;Host=localhost;Port=5432;Database={0}";
            private const string DbName = {|TI1002:"pythia-test"|};

            public static string ConnectionString => string.Format(Template, DbName);

            public NpgsqlConnection Open() => new(ConnectionString);
        }

        public class IndexTests
        {
            [Fact]
            public void Opens() => Assert.NotNull(new DatabaseFixture().Open());
        }
        """);

    // Modelled on many Npgsql suites: host from the environment, database appended as a literal.
    [Fact]
    public Task Connection_string_concatenated_from_an_environment_read_and_a_literal_is_flagged() => Test("""
        public class CatalogTests
        {
            private static readonly string ConnectionString =
                (Environment.GetEnvironmentVariable("PG_HOST") ?? "Host=localhost;Username=postgres") + {|TI1002:";Database=app_tests"|};

            [Fact]
            public async Task Connects()
            {
                await using var connection = new NpgsqlConnection(ConnectionString);
                await connection.OpenAsync();
            }
        }
        """);

    // Modelled on MongoDB suites reading MONGO_DATABASE with a default for local runs.
    [Fact]
    public Task Environment_read_with_a_literal_fallback_is_flagged_on_the_fallback() => Test("""
        public sealed class MongoFixture
        {
            public IMongoDatabase Database { get; } = new MongoClient(Environment.GetEnvironmentVariable("MONGO_URL"))
                .GetDatabase(Environment.GetEnvironmentVariable("MONGO_DATABASE") ?? {|TI1002:"catalog_tests"|});
        }

        public class CatalogTests : IClassFixture<MongoFixture>
        {
            private readonly IMongoDatabase _database;

            public CatalogTests(MongoFixture fixture) => _database = fixture.Database;

            [Fact]
            public void Has_a_database() => Assert.NotNull(_database);
        }
        """);

    // Modelled on multi-tenant suites seeding a tenant record positionally.
    [Fact]
    public Task Positional_record_argument_for_an_identifier_is_flagged() => Test("""
        public record Tenant(string Code, string Name);

        public class TenantTests
        {
            private readonly IMongoCollection<Tenant> _tenants =
                SharedServer.Database.GetCollection<Tenant>("tenants");

            [Fact]
            public async Task Seeds() => await _tenants.InsertOneAsync(new Tenant({|TI1001:"acme"|}, "Acme Corporation"));
        }

        public static class SharedServer
        {
            // Set once per run by an assembly-level fixture from MONGO_URL: the team's shared server.
            public static IMongoDatabase Database { get; set; } = null!;
        }
        """);

    // Modelled on test-data classes with constant identifiers in their own file.
    [Fact]
    public Task Identifier_from_a_test_data_property_in_another_file_is_flagged() => Run(new("""
        public class AccountTests
        {
            [Fact]
            public void Creates_admin()
            {
                using var connection = new NpgsqlConnection(Environment.GetEnvironmentVariable("PG_TESTS"));
                connection.Execute("INSERT INTO accounts (username, display_name) VALUES (@username, @name)", new { username = {|TI1001:TestUsers.AdminName|}, name = "Admin" });
            }
        }
        """)
    {
        Files = [("TestUsers.cs", """
            public static class TestUsers
            {
                private const string Prefix = "it_";

                public static string AdminName => Prefix + "admin";
            }
            """)],
    });

    [Fact]
    public Task Static_readonly_field_with_a_literal_slug_is_flagged() => Test("""
        public class ArticleTests
        {
            private static readonly string ArticleSlug = "welcome-post";
            private readonly IMongoCollection<BsonDocument> _articles =
                SharedServer.Database.GetCollection<BsonDocument>("articles");

            [Fact]
            public async Task Publishes() => await _articles.InsertOneAsync(new BsonDocument { { "slug", {|TI1001:ArticleSlug|} }, { "title", "Welcome" } });
        }

        public static class SharedServer
        {
            // Set once per run by an assembly-level fixture from MONGO_URL: the team's shared server.
            public static IMongoDatabase Database { get; set; } = null!;
        }
        """);

    // ---- not flagged ---------------------------------------------------------------------------

    [Fact]
    public Task Helper_returning_a_per_run_name_is_not_flagged() => Test("""
        public class OrderTests
        {
            private static string GetDatabaseName() => $"orders_{Guid.NewGuid():N}";
            private static readonly string RunKey = Guid.NewGuid().ToString("N");

            [Fact]
            public async Task Inserts()
            {
                var database = new MongoClient(Environment.GetEnvironmentVariable("MONGO_URL")).GetDatabase(GetDatabaseName());
                await database.GetCollection<BsonDocument>("orders").InsertOneAsync(new BsonDocument("key", RunKey));
            }
        }
        """);

    [Fact]
    public Task Environment_reads_without_a_fallback_are_not_flagged() => Test("""
        public class SettingsTests
        {
            private static readonly string ConnectionString = Environment.GetEnvironmentVariable("PG_TESTS")
                ?? throw new InvalidOperationException("Set PG_TESTS to a connection string.");

            [Fact]
            public async Task Connects()
            {
                await using var connection = new NpgsqlConnection(ConnectionString);
                var database = new MongoClient(Environment.GetEnvironmentVariable("MONGO_URL")).GetDatabase(Environment.GetEnvironmentVariable("MONGO_DATABASE")!);
                Assert.NotNull(database);
            }
        }
        """);

    [Fact]
    public Task Helper_constants_used_only_in_assertions_are_not_flagged() => Test("""
        public class SlugTests
        {
            private static string ExpectedSlug() => "welcome-post";
            private static readonly string ExpectedId = "u-admin";

            [Fact]
            public void Formats()
            {
                var slug = "Welcome Post".ToLowerInvariant().Replace(' ', '-');
                Assert.Equal(ExpectedSlug(), slug);
                Assert.NotEqual(ExpectedId, slug);
            }
        }
        """);

    [Fact]
    public Task Positional_record_with_a_per_run_code_and_a_fixed_name_is_not_flagged() => Test("""
        public record Tenant(string Code, string Name);

        public class TenantTests
        {
            private readonly IMongoCollection<Tenant> _tenants =
                SharedServer.Database.GetCollection<Tenant>("tenants");

            [Fact]
            public async Task Seeds() => await _tenants.InsertOneAsync(new Tenant("acme-" + Guid.NewGuid().ToString("N"), "Acme Corporation"));
        }

        public static class SharedServer
        {
            // Set once per run by an assembly-level fixture from MONGO_URL: the team's shared server.
            public static IMongoDatabase Database { get; set; } = null!;
        }
        """);

    [Fact]
    public Task Helper_returning_a_system_database_is_not_flagged() => Test("""
        public class AdminTests
        {
            private static string AdminDatabase() => "admin";
            private const string Maintenance = "Host=localhost;Username=postgres;Database=postgres";

            [Fact]
            public async Task Pings()
            {
                var admin = new MongoClient(Environment.GetEnvironmentVariable("MONGO_URL")).GetDatabase(AdminDatabase());
                await admin.RunCommandAsync<BsonDocument>(new BsonDocument("ping", 1));
                await using var connection = new NpgsqlConnection(Maintenance);
            }
        }
        """);

    [Fact]
    public Task Helper_that_appends_a_per_run_suffix_to_a_prefix_is_not_flagged() => Test("""
        public class KeyTests
        {
            private static readonly string Run = Guid.NewGuid().ToString("N")[..8];

            private static string Key(string name) => $"{name}-{Run}";

            [Fact]
            public void Writes()
            {
                using var connection = new NpgsqlConnection(Environment.GetEnvironmentVariable("PG_TESTS"));
                connection.Execute("INSERT INTO settings (key, value) VALUES (@key, @value)", new { key = Key("retention"), value = "7" });
            }
        }
        """);

    // Modelled on a job-storage suite's ConnectionUtils: the template comes from a helper with an environment
    // fallback, and the database name from another helper with a constant fallback.
    [Fact]
    public Task Format_of_a_template_from_a_helper_flags_the_fallback_name_on_its_constant() => Test("""
        using System.Data.Common;

        public static class ConnectionUtils
        {
            private const string MasterDatabaseName = "postgres";
            private const string DefaultDatabaseName = {|TI1002:"Hangfire.Pg.Tests"|};
            private const string DefaultConnectionStringTemplate = @"Host=localhost;Database={0};Username=postgres";

            public static string GetDatabaseName() => Environment.GetEnvironmentVariable("Hangfire_Pg_DatabaseName") ?? DefaultDatabaseName;

            public static string GetMasterConnectionString() => String.Format(GetConnectionStringTemplate(), MasterDatabaseName);

            public static string GetConnectionString() => String.Format(GetConnectionStringTemplate(), GetDatabaseName());

            private static string GetConnectionStringTemplate() =>
                Environment.GetEnvironmentVariable("Hangfire_Pg_ConnectionStringTemplate") ?? DefaultConnectionStringTemplate;

            public static DbConnection CreateConnection()
            {
                var connection = new NpgsqlConnection(GetConnectionString());
                connection.Open();
                return connection;
            }
        }

        public class ConnectionFacts
        {
            [Fact]
            public void Inserts()
            {
                using var connection = ConnectionUtils.CreateConnection();
                connection.Execute("insert into hangfire.server (id, data, lastheartbeat) values ({|TI1001:'Server1'|}, '', now())");
            }
        }
        """);

    [Fact]
    public Task Format_of_a_template_from_a_helper_with_a_per_run_or_configured_name_is_not_flagged() => Test("""
        public static class Templates
        {
            public static string Get() => Environment.GetEnvironmentVariable("PG_TEMPLATE") ?? "Host=localhost;Database={0};Username=postgres";
        }

        public class PerRunFacts
        {
            [Fact]
            public void Connects_to_its_own_database()
            {
                using var connection = new NpgsqlConnection(string.Format(Templates.Get(), $"jobs_{Guid.NewGuid():N}"));
            }

            [Fact]
            public void Connects_to_the_configured_database()
            {
                using var connection = new NpgsqlConnection(string.Format(Templates.Get(), Environment.GetEnvironmentVariable("PG_DB")));
            }
        }
        """);
}
