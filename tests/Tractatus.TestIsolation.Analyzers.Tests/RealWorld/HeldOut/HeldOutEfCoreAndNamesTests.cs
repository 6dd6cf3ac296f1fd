using Tractatus.TestIsolation.Analyzers.Tests.Verifiers;
using static Tractatus.TestIsolation.Analyzers.Tests.RealWorld.RealWorldVerifier;

namespace Tractatus.TestIsolation.Analyzers.Tests.RealWorld.HeldOut;

/// <summary>
/// Held-out shapes of EF Core integration suites on real providers (fixtures with UseNpgsql /
/// UseSqlServer / UseSqlite files, seed helpers, OnConfiguring contexts) and of hard-coded
/// database names (connection-string builders, fixtures, containers with and without reuse).
/// </summary>
public class HeldOutEfCoreAndNamesTests
{
    private const string Model = """

        public class Person
        {
            public Person() { }
            public Person(string email) => Email = email;
            public int Id { get; set; }
            public string Email { get; set; } = "";
            public string Name { get; set; } = "";
        }

        public class Product
        {
            public string Slug { get; set; } = "";
            public string Title { get; set; } = "";
        }

        public class AppDb : DbContext
        {
            public AppDb(DbContextOptions<AppDb> options) : base(options) { }
            public DbSet<Person> People => Set<Person>();
            public DbSet<Product> Products => Set<Product>();
        }
        """;

    [Fact]
    public Task P4_flagged_add_async_in_a_static_seed_class() => Run(new("""
        public static class ExampleSeed
        {
            public static async Task Populate(AppDb db)
            {
                await db.People.AddAsync(new Person { Email = {|TI1001:"seed.record@test.com"|}, Name = "Seed" });
                await db.SaveChangesAsync();
            }
        }

        public class SeedTests
        {
            [Fact]
            public async Task Seeds()
            {
                await using var db = new AppDb(new DbContextOptionsBuilder<AppDb>().UseNpgsql(Environment.GetEnvironmentVariable("PG_TESTS")!).Options);
                await ExampleSeed.Populate(db);
            }
        }
        """ + Model)
    {
        References = [Stubs.NpgsqlEf],
    });

    [Fact]
    public Task P4_flagged_context_add_of_a_constructor_argument() => Run(new("""
        public class TestDataSeed
        {
            private readonly AppDb _db;

            public TestDataSeed(AppDb db) => _db = db;

            public Task Seed()
            {
                _db.Add(new Person({|TI1001:"olaf@example.com"|}));
                return _db.SaveChangesAsync();
            }
        }

        public class Fixture
        {
            public AppDb Create() => new(new DbContextOptionsBuilder<AppDb>().UseSqlServer(Environment.GetEnvironmentVariable("SQL_TESTS")!).Options);
        }
        """ + Model)
    {
        References = [Stubs.SqlServerEf],
    });

    [Fact]
    public Task P4_flagged_add_range_of_a_literal_list() => Run(new("""
        public class CatalogTests
        {
            [Fact]
            public void Seeds()
            {
                using var db = new AppDb(new DbContextOptionsBuilder<AppDb>().UseNpgsql(Environment.GetEnvironmentVariable("PG_TESTS")!).Options);
                var products = new List<Product>
                {
                    new Product { Slug = {|TI1001:"chair"|}, Title = "Chair" },
                    new Product { Slug = {|TI1001:"table"|}, Title = "Table" },
                };
                db.Products.AddRange(products);
                db.SaveChanges();
            }
        }
        """ + Model)
    {
        References = [Stubs.NpgsqlEf],
    });

    [Fact]
    public Task P4_flagged_context_configured_in_on_configuring_with_a_fixed_database() => Run(new("""
        public class HabitDb : DbContext
        {
            public DbSet<Product> Products => Set<Product>();

            protected override void OnConfiguring(DbContextOptionsBuilder options) =>
                options.UseNpgsql({|TI1002:"Host=localhost;Database=habits_test;Username=postgres"|});
        }

        public class HabitTests
        {
            [Fact]
            public void Adds()
            {
                using var db = new HabitDb();
                db.Products.Add(new Product { Slug = {|TI1001:"daily-run"|} });
                db.SaveChanges();
            }
        }
        """ + Model)
    {
        References = [Stubs.NpgsqlEf],
    });

    [Fact]
    public Task P4_flagged_sqlite_file_context_in_a_fixture() => Run(new("""
        public sealed class SqliteFixture
        {
            public AppDb Create() => new(new DbContextOptionsBuilder<AppDb>().UseSqlite({|TI1002:"Data Source=integration.db"|}).Options);
        }

        public class SqliteTests : IClassFixture<SqliteFixture>
        {
            private readonly SqliteFixture _fixture;

            public SqliteTests(SqliteFixture fixture) => _fixture = fixture;

            [Fact]
            public void Adds()
            {
                using var db = _fixture.Create();
                db.People.Add(new Person { Email = {|TI1001:"file@example.com"|} });
                db.SaveChanges();
            }
        }
        """ + Model)
    {
        References = [Stubs.SqliteEf],
    });

    [Fact]
    public Task P4_flagged_update_of_an_entity_with_a_const_slug() => Run(new("""
        public class ProductUpdateTests
        {
            private const string Slug = "lamp";

            [Fact]
            public void Updates()
            {
                using var db = new AppDb(new DbContextOptionsBuilder<AppDb>().UseSqlServer(Environment.GetEnvironmentVariable("SQL_TESTS")!).Options);
                db.Update(new Product { Slug = {|TI1001:Slug|}, Title = "Lamp v2" });
                db.SaveChanges();
            }
        }
        """ + Model)
    {
        References = [Stubs.SqlServerEf],
    });

    [Fact]
    public Task P2_flagged_connection_string_builder_database_from_a_local() => Test("""
        public class DatabaseFixture
        {
            public string ConnectionString { get; }

            public DatabaseFixture()
            {
                var dbName = {|TI1002:"GlobalQueryFilters"|};
                ConnectionString = new NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable("PG_ADMIN")) { Database = dbName }.ConnectionString;
            }
        }
        """);

    [Fact]
    public Task P2_flagged_string_format_connection_string() => Test("""
        public class OrdersFixture
        {
            private const string Template = "Host=localhost;Username=postgres;Database={0}";
            private const string Name = {|TI1002:"orders_it"|};

            public NpgsqlConnection Open() => new(string.Format(Template, Name));
        }
        """);

    [Fact]
    public Task P2_flagged_env_fallback_for_a_database_name_constant() => Test("""
        public static class ConnectionUtils
        {
            private const string DefaultDatabaseName = {|TI1002:"jobs_tests"|};

            public static string DatabaseName() => Environment.GetEnvironmentVariable("JOBS_DB") ?? DefaultDatabaseName;

            public static NpgsqlConnection Open() =>
                new(new NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable("PG_SERVER")) { Database = DatabaseName() }.ConnectionString);
        }
        """);

    [Fact]
    public Task P8_flagged_sql_server_initial_catalog_const_used_in_two_tests() => Run(new("""
        public class LegacyTests
        {
            private const string Connection = {|TI1002:"Server=.;Initial Catalog=Legacy_Tests;Integrated Security=true"|};

            [Fact]
            public void One() => Assert.NotNull(new DbContextOptionsBuilder().UseSqlServer(Connection).Options);

            [Fact]
            public void Two() => Assert.NotNull(new DbContextOptionsBuilder().UseSqlServer(Connection).Options);
        }
        """)
    {
        References = [Stubs.SqlServerEf],
    });

    [Fact]
    public Task P8_flagged_mongo_uri_with_database_in_a_fixture_property() => Test("""
        public class CartFixture
        {
            public static string Uri => {|TI1002:"mongodb://localhost:27017/carts_it"|};

            public IMongoDatabase Database { get; } = new MongoClient(Uri).GetDatabase(new MongoUrl(Uri).DatabaseName);
        }
        """);

    [Fact]
    public Task P8_flagged_drop_database_and_get_database_of_one_const() => Test("""
        public sealed class AuditFixture : IAsyncLifetime
        {
            private const string Db = {|TI1002:"audit_tests"|};
            private readonly MongoClient _client = new(Environment.GetEnvironmentVariable("MONGO_URL"));

            public IMongoDatabase Database => _client.GetDatabase(Db);

            public Task InitializeAsync() => Task.CompletedTask;

            public Task DisposeAsync() => {|TI1004:_client.DropDatabaseAsync(Db)|};
        }
        """);

    [Fact]
    public Task P8_flagged_create_database_sql_of_a_const_name() => Test("""
        public class CreateDbTests
        {
            private const string Name = {|TI1002:"billing_tests"|};

            [Fact]
            public void Creates()
            {
                using var connection = new NpgsqlConnection(Environment.GetEnvironmentVariable("PG_ADMIN"));
                connection.Execute($"CREATE DATABASE {Name}");
            }
        }
        """);

    [Fact]
    public Task P8_flagged_npgsql_connection_with_a_literal_database() => Test("""
        public class InlineTests
        {
            [Fact]
            public void Opens()
            {
                using var connection = new NpgsqlConnection({|TI1002:"Host=localhost;Database=inline_tests;Username=postgres"|});
                Assert.NotNull(connection);
            }
        }
        """);

    [Fact]
    public Task P6_flagged_reused_postgres_container_with_a_fixed_database() => Run(new("""
        public class ReuseFixture
        {
            public Testcontainers.PostgreSql.PostgreSqlContainer Container { get; } =
                new Testcontainers.PostgreSql.PostgreSqlBuilder().WithDatabase("shop").WithReuse(true).Build();

            public AppDb Create() => new(new DbContextOptionsBuilder<AppDb>().UseNpgsql(Container.GetConnectionString()).Options);
        }

        public class ReuseTests
        {
            [Fact]
            public void Adds()
            {
                using var db = new ReuseFixture().Create();
                db.Products.Add(new Product { Slug = {|TI1001:"sofa"|} });
                db.SaveChanges();
            }
        }
        """ + Model)
    {
        References = [Stubs.NpgsqlEf, Stubs.TestcontainersPostgres],
    });

    [Fact]
    public Task P6_flagged_shared_server_next_to_a_container_in_one_project() => Run(new("""
        public class ContainerFixture
        {
            public Testcontainers.PostgreSql.PostgreSqlContainer Container { get; } = new Testcontainers.PostgreSql.PostgreSqlBuilder().Build();
        }

        public class SharedServerTests
        {
            [Fact]
            public void Adds()
            {
                using var db = new AppDb(new DbContextOptionsBuilder<AppDb>().UseNpgsql(Environment.GetEnvironmentVariable("SHARED_PG")!).Options);
                db.People.Add(new Person { Email = {|TI1001:"shared@example.com"|} });
                db.SaveChanges();
            }
        }
        """ + Model)
    {
        References = [Stubs.NpgsqlEf, Stubs.TestcontainersPostgres],
    });

    [Fact]
    public Task P6_flagged_dapper_on_a_shared_server_next_to_a_container() => Run(new("""
        public class MixedDapperTests
        {
            private static readonly Testcontainers.PostgreSql.PostgreSqlContainer Local = new Testcontainers.PostgreSql.PostgreSqlBuilder().Build();

            [Fact]
            public void Writes()
            {
                using var local = new NpgsqlConnection(Local.GetConnectionString());
                local.Execute("INSERT INTO items (key) VALUES ('local')");
                using var shared = new NpgsqlConnection(Environment.GetEnvironmentVariable("SHARED_PG"));
                shared.Execute("INSERT INTO items (key) VALUES ({|TI1001:'shared'|})");
            }
        }
        """)
    {
        References = [Stubs.TestcontainersPostgres],
    });

    // ---- not flagged ----

    [Fact]
    public Task P4_not_flagged_in_memory_provider() => Run(new("""
        public class InMemoryTests
        {
            [Fact]
            public void Adds()
            {
                using var db = new AppDb(new DbContextOptionsBuilder<AppDb>().UseInMemoryDatabase("Adds").Options);
                db.Products.Add(new Product { Slug = "chair" });
                db.SaveChanges();
            }
        }
        """ + Model)
    {
        References = [Stubs.InMemoryEf],
    });

    [Fact]
    public Task P4_not_flagged_sqlite_in_memory_connection() => Run(new("""
        public class SqliteMemoryTests
        {
            [Fact]
            public void Adds()
            {
                var connection = new SqliteConnection("DataSource=:memory:");
                connection.Open();
                using var db = new AppDb(new DbContextOptionsBuilder<AppDb>().UseSqlite(connection.ConnectionString).Options);
                db.People.Add(new Person { Email = "memory@example.com" });
                db.SaveChanges();
            }
        }
        """ + Model)
    {
        References = [Stubs.SqliteEf],
    });

    [Fact]
    public Task P4_not_flagged_integer_ids_and_titles() => Run(new("""
        public class IdentityTests
        {
            [Fact]
            public void Adds()
            {
                using var db = new AppDb(new DbContextOptionsBuilder<AppDb>().UseNpgsql(Environment.GetEnvironmentVariable("PG_TESTS")!).Options);
                db.People.Add(new Person { Id = 1, Name = "Test" });
                db.SaveChanges();
            }
        }
        """ + Model)
    {
        References = [Stubs.NpgsqlEf],
    });

    [Fact]
    public Task P4_not_flagged_per_test_email() => Run(new("""
        public class UniqueEmailTests
        {
            [Fact]
            public void Adds()
            {
                using var db = new AppDb(new DbContextOptionsBuilder<AppDb>().UseNpgsql(Environment.GetEnvironmentVariable("PG_TESTS")!).Options);
                db.People.Add(new Person { Email = $"user-{Guid.NewGuid():N}@example.com" });
                db.SaveChanges();
            }
        }
        """ + Model)
    {
        References = [Stubs.NpgsqlEf],
    });

    [Fact]
    public Task P4_not_flagged_design_time_factory_in_application_code() => Run(new("""
        public class AppDbFactory
        {
            public AppDb CreateDbContext() =>
                new(new DbContextOptionsBuilder<AppDb>().UseNpgsql(Environment.GetEnvironmentVariable("APP_DB") ?? "Host=localhost;Database=app").Options);
        }
        """ + Model)
    {
        Project = TestProject.NonTest,
        References = [Stubs.NpgsqlEf],
    });

    [Fact]
    public Task P6_not_flagged_postgres_container_without_reuse() => Run(new("""
        public sealed class PgFixture : IAsyncLifetime
        {
            private readonly Testcontainers.PostgreSql.PostgreSqlContainer _container =
                new Testcontainers.PostgreSql.PostgreSqlBuilder().WithDatabase("shop").Build();

            public AppDb Create() => new(new DbContextOptionsBuilder<AppDb>().UseNpgsql(_container.GetConnectionString()).Options);

            public Task InitializeAsync() => _container.StartAsync();

            public Task DisposeAsync() => _container.DisposeAsync().AsTask();
        }

        public class ContainerTests : IClassFixture<PgFixture>
        {
            private readonly PgFixture _fixture;

            public ContainerTests(PgFixture fixture) => _fixture = fixture;

            [Fact]
            public void Adds()
            {
                using var db = _fixture.Create();
                db.Products.Add(new Product { Slug = "chair" });
                db.SaveChanges();
            }
        }
        """ + Model)
    {
        References = [Stubs.NpgsqlEf, Stubs.TestcontainersPostgres],
    });

    [Fact]
    public Task P6_not_flagged_dapper_on_a_container_connection() => Run(new("""
        public class ContainerDapperTests
        {
            private static readonly Testcontainers.PostgreSql.PostgreSqlContainer Db = new Testcontainers.PostgreSql.PostgreSqlBuilder().Build();

            [Fact]
            public void Writes()
            {
                using var connection = new NpgsqlConnection(Db.GetConnectionString());
                connection.Execute("INSERT INTO items (key) VALUES ('fixed')");
            }
        }
        """)
    {
        References = [Stubs.TestcontainersPostgres],
    });

    [Fact]
    public Task P8_not_flagged_system_database_for_create_and_drop() => Test("""
        public class AdminTests
        {
            private const string Admin = "Host=localhost;Database=postgres;Username=postgres";

            [Fact]
            public void Connects() => Assert.NotNull(new NpgsqlConnection(Admin));
        }
        """);

    [Fact]
    public Task P8_not_flagged_builder_only_read_in_a_parsing_test() => Test("""
        public class ParsingTests
        {
            [Fact]
            public void Parses()
            {
                var builder = new NpgsqlConnectionStringBuilder("Host=h;Database=orders");
                Assert.Equal("orders", builder.Database);
            }
        }
        """);

    [Fact]
    public Task P8_not_flagged_database_with_a_per_run_suffix() => Test("""
        public class SuffixTests
        {
            private static readonly string Name = $"orders_{Guid.NewGuid():N}";

            [Fact]
            public void Opens() => Assert.NotNull(new NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable("PG_ADMIN")) { Database = Name });
        }
        """);

    [Fact]
    public Task P8_not_flagged_connection_string_only_from_configuration() => Test("""
        public class ConfigTests
        {
            private static readonly string ConnectionString = Environment.GetEnvironmentVariable("PG_TESTS")!;

            [Fact]
            public void Opens() => Assert.NotNull(new NpgsqlConnection(ConnectionString));
        }
        """);
}
