using static Tractatus.TestIsolation.Analyzers.Tests.RealWorld.RealWorldVerifier;

namespace Tractatus.TestIsolation.Analyzers.Tests.RealWorld;

/// <summary>
/// Issue 8, point 6: per-run servers are decided per store, not per compilation. A project that
/// references Testcontainers, Mongo2Go or EphemeralMongo and also talks to a shared server is still
/// analysed for the shared one; a container built with <c>WithReuse(true)</c> is shared across runs;
/// a database on a per-run container is exempt wherever the value flows from that container.
/// </summary>
public class Point6PerRunServersTests
{
    private const string Pending = "Pending: issue 8 point 6 — ";

    // Modelled on suites that moved some classes to Testcontainers and left others on a shared dev server.
    [Fact]
    public Task Shared_mongo_server_next_to_a_postgres_container_is_flagged() => Run(new("""
        public class ReportingTests
        {
            private readonly IMongoCollection<BsonDocument> _reports =
                new MongoClient(Environment.GetEnvironmentVariable("MONGO_URL")).GetDatabase({|TI1002:"reporting_tests"|}).GetCollection<BsonDocument>("reports");

            [Fact]
            public async Task Stores() => await _reports.InsertOneAsync(new BsonDocument { { "key", {|TI1001:"monthly-summary"|} }, { "title", "Monthly" } });
        }

        public sealed class OrdersFixture : IAsyncLifetime
        {
            public Testcontainers.PostgreSql.PostgreSqlContainer Postgres { get; } = new Testcontainers.PostgreSql.PostgreSqlBuilder().Build();

            public Task InitializeAsync() => Postgres.StartAsync();

            public Task DisposeAsync() => Postgres.DisposeAsync().AsTask();
        }
        """) { References = [Stubs.TestcontainersPostgres] });

    // Modelled on Testcontainers users who turn on reuse to speed up local runs.
    [Fact]
    public Task Fixed_key_in_a_reused_container_is_flagged() => Run(new("""
        public sealed class ReusedPostgres : IAsyncLifetime
        {
            public Testcontainers.PostgreSql.PostgreSqlContainer Container { get; } =
                new Testcontainers.PostgreSql.PostgreSqlBuilder().WithReuse(true).Build();

            public Task InitializeAsync() => Container.StartAsync();

            public Task DisposeAsync() => Task.CompletedTask;
        }

        public class LockTests : IClassFixture<ReusedPostgres>
        {
            private readonly ReusedPostgres _postgres;

            public LockTests(ReusedPostgres postgres) => _postgres = postgres;

            [Fact]
            public async Task Locks()
            {
                await using var connection = new NpgsqlConnection(_postgres.Container.GetConnectionString());
                await connection.ExecuteAsync("INSERT INTO locks (key, owner) VALUES (@key, @owner)", new { key = {|TI1001:"nightly-import"|}, owner = "worker" });
            }
        }
        """) { References = [Stubs.TestcontainersPostgres] });

    [Fact]
    public Task Shared_mongo_client_next_to_a_mongo2go_runner_is_flagged() => Run(new("""
        public class ExternalCatalogTests
        {
            private readonly IMongoCollection<BsonDocument> _products =
                new MongoClient(Environment.GetEnvironmentVariable("CATALOG_MONGO_URL")).GetDatabase({|TI1002:"catalog"|}).GetCollection<BsonDocument>("products");

            [Fact]
            public void Inserts() => _products.InsertOne(new BsonDocument { { "slug", {|TI1001:"blue-widget"|} } });
        }

        public sealed class LocalRunnerTests : IDisposable
        {
            private readonly Mongo2Go.MongoDbRunner _runner = Mongo2Go.MongoDbRunner.Start();

            [Fact]
            public void Inserts() => new MongoClient(_runner.ConnectionString).GetDatabase("local").GetCollection<BsonDocument>("items").InsertOne(new BsonDocument("slug", "x"));

            public void Dispose() => _runner.Dispose();
        }
        """) { References = [Stubs.Mongo2Go] });

    [Fact]
    public Task Teardown_wipe_of_a_shared_server_next_to_a_container_is_flagged() => Run(new("""
        public sealed class LegacyTests : IDisposable
        {
            private readonly NpgsqlConnection _connection = new(Environment.GetEnvironmentVariable("LEGACY_PG"));

            [Fact]
            public void Works() => Assert.NotNull(_connection);

            public void Dispose() => {|TI1004:_connection.Execute("TRUNCATE audit_log")|};
        }

        public sealed class NewTests
        {
            private readonly Testcontainers.PostgreSql.PostgreSqlContainer _postgres = new Testcontainers.PostgreSql.PostgreSqlBuilder().Build();

            [Fact]
            public void Works() => Assert.NotNull(_postgres);
        }
        """) { References = [Stubs.TestcontainersPostgres] });

    [Fact]
    public Task Ef_core_context_on_a_shared_server_next_to_a_container_is_flagged() => Run(new("""
        public class Customer
        {
            public string Code { get; set; } = "";
        }

        public class CrmDb : DbContext
        {
            public CrmDb(DbContextOptions<CrmDb> options) : base(options) { }
            public DbSet<Customer> Customers => Set<Customer>();
        }

        public class CrmTests
        {
            private readonly CrmDb _db = new(new DbContextOptionsBuilder<CrmDb>().UseNpgsql(Environment.GetEnvironmentVariable("CRM_DB")!).Options);
            private readonly Testcontainers.PostgreSql.PostgreSqlContainer _unused = new Testcontainers.PostgreSql.PostgreSqlBuilder().Build();

            [Fact]
            public void Adds()
            {
                _db.Customers.Add(new Customer { Code = {|TI1001:"crm-1"|} });
                _db.SaveChanges();
            }
        }
        """) { References = [Stubs.TestcontainersPostgres, Stubs.NpgsqlEf] });

    // ---- not flagged ---------------------------------------------------------------------------

    // Modelled on the Testcontainers for .NET examples: one PostgreSQL container per fixture, no reuse.
    [Fact]
    public Task Fixed_keys_in_a_postgres_container_without_reuse_are_not_flagged() => Run(new("""
        public sealed class PostgresFixture : IAsyncLifetime
        {
            private readonly Testcontainers.PostgreSql.PostgreSqlContainer _container =
                new Testcontainers.PostgreSql.PostgreSqlBuilder().WithImage("postgres:16").WithDatabase("orders").Build();

            public string ConnectionString => _container.GetConnectionString();

            public Task InitializeAsync() => _container.StartAsync();

            public Task DisposeAsync() => _container.DisposeAsync().AsTask();
        }

        public class OrderTests : IClassFixture<PostgresFixture>
        {
            private readonly PostgresFixture _fixture;

            public OrderTests(PostgresFixture fixture) => _fixture = fixture;

            [Fact]
            public async Task Inserts()
            {
                await using var connection = new NpgsqlConnection(_fixture.ConnectionString);
                await connection.ExecuteAsync("INSERT INTO orders (id, state) VALUES ('order-1', 'new')");
                await connection.ExecuteAsync("DELETE FROM orders");
            }
        }
        """) { References = [Stubs.TestcontainersPostgres] });

    [Fact]
    public Task Fixed_database_and_slug_on_a_mongo_container_are_not_flagged() => Run(new("""
        public sealed class CatalogTests : IAsyncLifetime
        {
            private readonly Testcontainers.MongoDb.MongoDbContainer _mongo = new Testcontainers.MongoDb.MongoDbBuilder().WithImage("mongo:7").Build();

            public Task InitializeAsync() => _mongo.StartAsync();

            [Fact]
            public async Task Inserts()
            {
                var products = new MongoClient(_mongo.GetConnectionString()).GetDatabase("catalog").GetCollection<BsonDocument>("products");
                await products.InsertOneAsync(new BsonDocument("slug", "blue-widget"));
            }

            public Task DisposeAsync() => _mongo.DisposeAsync().AsTask();
        }
        """) { References = [Stubs.TestcontainersMongo] });

    [Fact]
    public Task Mongo2Go_runner_with_fixed_ids_and_teardown_wipe_is_not_flagged() => Run(new("""
        public sealed class RepositoryTests : IDisposable
        {
            private readonly Mongo2Go.MongoDbRunner _runner = Mongo2Go.MongoDbRunner.Start();
            private readonly IMongoCollection<BsonDocument> _items;

            public RepositoryTests() => _items = new MongoClient(_runner.ConnectionString).GetDatabase("IntegrationTest").GetCollection<BsonDocument>("items");

            [Fact]
            public void Inserts() => _items.InsertOne(new BsonDocument("_id", "item-1"));

            public void Dispose()
            {
                _items.DeleteMany(FilterDefinition<BsonDocument>.Empty);
                _runner.Dispose();
            }
        }
        """) { References = [Stubs.Mongo2Go] });

    [Fact]
    public Task Ef_core_context_on_a_container_from_a_fixture_file_is_not_flagged() => Run(new("""
        public class Customer
        {
            public string Code { get; set; } = "";
        }

        public class CrmDb : DbContext
        {
            public CrmDb(DbContextOptions<CrmDb> options) : base(options) { }
            public DbSet<Customer> Customers => Set<Customer>();
        }

        public class CrmTests : IClassFixture<CrmFixture>
        {
            private readonly CrmFixture _fixture;

            public CrmTests(CrmFixture fixture) => _fixture = fixture;

            [Fact]
            public void Adds()
            {
                using var db = _fixture.Create();
                db.Customers.Add(new Customer { Code = "crm-1" });
                db.SaveChanges();
            }
        }
        """)
    {
        References = [Stubs.TestcontainersPostgres, Stubs.NpgsqlEf],
        Files = [("CrmFixture.cs", """
            public sealed class CrmFixture : IAsyncLifetime
            {
                private readonly Testcontainers.PostgreSql.PostgreSqlContainer _postgres = new Testcontainers.PostgreSql.PostgreSqlBuilder().Build();

                public CrmDb Create() => new(new DbContextOptionsBuilder<CrmDb>().UseNpgsql(_postgres.GetConnectionString()).Options);

                public Task InitializeAsync() => _postgres.StartAsync();

                public Task DisposeAsync() => _postgres.DisposeAsync().AsTask();
            }
            """)],
    });

    [Fact]
    public Task Container_connection_string_through_a_data_source_and_a_teardown_truncate_is_not_flagged() => Run(new("""
        public sealed class OutboxTests : IAsyncLifetime
        {
            private readonly Testcontainers.PostgreSql.PostgreSqlContainer _postgres = new Testcontainers.PostgreSql.PostgreSqlBuilder().Build();
            private NpgsqlDataSource _dataSource = null!;

            public async Task InitializeAsync()
            {
                await _postgres.StartAsync();
                _dataSource = NpgsqlDataSource.Create(_postgres.GetConnectionString());
            }

            [Fact]
            public async Task Publishes()
            {
                await using var connection = await _dataSource.OpenConnectionAsync();
                await connection.ExecuteAsync("INSERT INTO outbox (key, payload) VALUES ('evt-1', '{}')");
            }

            public async Task DisposeAsync()
            {
                await using (var connection = await _dataSource.OpenConnectionAsync())
                {
                    await connection.ExecuteAsync("TRUNCATE outbox");
                }

                await _postgres.DisposeAsync();
            }
        }
        """) { References = [Stubs.TestcontainersPostgres] });

    // Modelled on a scheduler's and a database-reset library's suites: a builder made from the container's
    // connection string names the database the container's init script created.
    [Fact]
    public Task Builder_initialized_from_a_container_connection_string_is_not_flagged_a_shared_one_is() => Test("""
        using Testcontainers.PostgreSql;

        public class ContainerEnvironment : IAsyncLifetime
        {
            private readonly PostgreSqlContainer _container = new PostgreSqlBuilder().Build();

            public async Task InitializeAsync()
            {
                await _container.StartAsync();
                var builder = new NpgsqlConnectionStringBuilder(_container.GetConnectionString())
                {
                    Database = "quartznet",
                    Pooling = false,
                };
                Environment.SetEnvironmentVariable("PG_CONNECTION_STRING", builder.ConnectionString);
            }

            public Task DisposeAsync() => _container.DisposeAsync().AsTask();

            [Fact]
            public void Shared()
            {
                var builder = new NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable("PG")!)
                {
                    Database = {|TI1002:"quartznet_shared"|},
                };
                using var connection = new NpgsqlConnection(builder.ConnectionString);
            }
        }
        """, Stubs.TestcontainersPostgres);

    // Modelled on a solution template's functional tests: Aspire's testing host starts the database, and a
    // Respawn-style resetter wipes it before each test.
    [Fact]
    public Task Wipes_of_a_database_from_an_aspire_testing_host_are_not_flagged() => Run(new Shape("""
        using Aspire.Hosting;
        using Aspire.Hosting.Testing;

        internal sealed class DatabaseResetter
        {
            private readonly NpgsqlConnection _connection;

            private DatabaseResetter(NpgsqlConnection connection) => _connection = connection;

            public static DatabaseResetter Create(string connectionString) => new(new NpgsqlConnection(connectionString));

            public void Reset() => _connection.Execute("TRUNCATE TABLE todo_items, todo_lists");
        }

        [SetUpFixture]
        public class FunctionalTestSetup
        {
            internal static DatabaseResetter? Resetter { get; private set; }
            private static DistributedApplication? _app;

            [OneTimeSetUp]
            public async Task OneTimeSetUp()
            {
                _app = await DistributedApplicationTestingBuilder.CreateAsync();
                await _app.StartAsync();
                var connectionString = (await _app.GetConnectionStringAsync("Database"))!;
                Resetter = DatabaseResetter.Create(connectionString);
            }
        }

        public class TodoTests
        {
            [SetUp]
            public void Reset() => FunctionalTestSetup.Resetter!.Reset();

            [Test]
            public void Creates() { }
        }
        """) { Project = Tractatus.TestIsolation.Analyzers.Tests.Verifiers.TestProject.NUnit, References = [Stubs.AspireTesting] });

    [Fact]
    public Task Wipes_through_a_resetter_constructed_with_a_shared_connection_are_flagged() => Run(new Shape("""
        internal sealed class DatabaseResetter
        {
            private readonly NpgsqlConnection _connection;

            public DatabaseResetter(NpgsqlConnection connection) => _connection = connection;

            public void Reset() => {|TI1004:_connection.Execute("TRUNCATE TABLE todo_items, todo_lists")|};
        }

        public class TodoTests
        {
            private static DatabaseResetter? _resetter;

            [OneTimeSetUp]
            public void Start() => _resetter = new(new NpgsqlConnection(Environment.GetEnvironmentVariable("TODO_DB")));

            [SetUp]
            public void Reset() => _resetter!.Reset();

            [Test]
            public void Creates() { }
        }
        """) { Project = Tractatus.TestIsolation.Analyzers.Tests.Verifiers.TestProject.NUnit });

    // Modelled on a scheduler's integration tests: the connection comes from a provider switch whose arms read
    // variables the suite sets to its containers' connection strings; a setup wipes the scheduler tables.
    private const string ProviderSwitch = """
        using Testcontainers.PostgreSql;

        [SetUpFixture]
        public class TestEnvironment
        {
            private static readonly PostgreSqlContainer Postgres = new PostgreSqlBuilder().Build();

            [OneTimeSetUp]
            public async Task Start()
            {
                await Postgres.StartAsync();
                Environment.SetEnvironmentVariable("PG_CONNECTION_STRING", Postgres.GetConnectionString());
            }
        }

        public static class TestConstants
        {
            public static string PostgresConnectionString =>
                Environment.GetEnvironmentVariable("PG_CONNECTION_STRING") ?? "Server=127.0.0.1;Database=quartznet;User Id=quartznet";
        }
        """;

    [Fact]
    public Task Setup_wipe_through_a_provider_switch_over_per_run_connections_is_not_flagged() => Run(new Shape("""
        public static class DatabaseHelper
        {
            public static NpgsqlConnection CreateConnection(string provider) => provider switch
            {
                "Npgsql" => new NpgsqlConnection(TestConstants.PostgresConnectionString),
                _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "Unknown provider"),
            };
        }

        public class DeleteNonExistsJobTest
        {
            [SetUp]
            public void ResetDatabaseData()
            {
                using var connection = DatabaseHelper.CreateConnection("Npgsql");
                RunDbCommand(connection, "delete from qrtz_locks");
            }

            private static void RunDbCommand(NpgsqlConnection connection, string sql)
            {
                using var command = connection.CreateCommand();
                command.CommandText = sql;
                command.ExecuteNonQuery();
            }

            [Test]
            public void Deletes() { }
        }
        """) { Project = Tractatus.TestIsolation.Analyzers.Tests.Verifiers.TestProject.NUnit, References = [Stubs.TestcontainersPostgres], Files = [("TestEnvironment.cs", ProviderSwitch)] });

    [Fact]
    public Task Setup_wipe_through_a_provider_switch_with_a_shared_arm_is_flagged() => Run(new Shape("""
        public static class DatabaseHelper
        {
            public static NpgsqlConnection CreateConnection(string provider) => provider switch
            {
                "Npgsql" => new NpgsqlConnection(TestConstants.PostgresConnectionString),
                _ => new NpgsqlConnection(Environment.GetEnvironmentVariable("SHARED_PG")),
            };
        }

        public class DeleteNonExistsJobTest
        {
            [SetUp]
            public void ResetDatabaseData()
            {
                using var connection = DatabaseHelper.CreateConnection("Other");
                using var command = connection.CreateCommand();
                {|TI1004:command.CommandText = "delete from qrtz_locks"|};
                command.ExecuteNonQuery();
            }

            [Test]
            public void Deletes() { }
        }
        """) { Project = Tractatus.TestIsolation.Analyzers.Tests.Verifiers.TestProject.NUnit, References = [Stubs.TestcontainersPostgres], Files = [("TestEnvironment.cs", ProviderSwitch)] });
}
