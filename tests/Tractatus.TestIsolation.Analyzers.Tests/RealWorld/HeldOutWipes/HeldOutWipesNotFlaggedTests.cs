using Tractatus.TestIsolation.Analyzers.Tests.Verifiers;
using static Tractatus.TestIsolation.Analyzers.Tests.RealWorld.HeldOutWipes.HeldOutWipeSources;
using static Tractatus.TestIsolation.Analyzers.Tests.RealWorld.RealWorldVerifier;

namespace Tractatus.TestIsolation.Analyzers.Tests.RealWorld.HeldOutWipes;

/// <summary>
/// Held-out near misses of TI1004 that must stay quiet: wipes of stores private to the run
/// (in-memory providers, per-run databases and schemas, per-run servers), deletes scoped to what
/// the run created, deletes in a test body, and setup that creates rather than deletes.
/// </summary>
public class HeldOutWipesNotFlaggedTests
{
    private const string PerRunShopContext = """

        public sealed class ShopContext : DbContext
        {
            public ShopContext(DbContextOptions<ShopContext> options) : base(options) { }

            public DbSet<Order> Orders => Set<Order>();
        }

        public sealed class Order
        {
            public int Id { get; set; }

            public string Number { get; set; } = "";
        }
        """;

    private static readonly Dictionary<string, Shape> Cases = new()
    {
        ["ef_ensure_deleted_on_in_memory_provider"] = new("""
            public class OrderTests
            {
                private readonly ShopContext _context = new(new DbContextOptionsBuilder<ShopContext>()
                    .UseInMemoryDatabase(Guid.NewGuid().ToString()).Options);

                public OrderTests()
                {
                    _context.Database.EnsureDeleted();
                    _context.Database.EnsureCreated();
                }

                [Fact]
                public void Works() => Assert.NotNull(_context);
            }
            """ + PerRunShopContext) { References = [Stubs.InMemoryEf] },

        ["ef_ensure_deleted_on_per_run_sqlite_file"] = new("""
            public sealed class SqliteFixture : IDisposable
            {
                private readonly string _path = Path.Combine(Path.GetTempPath(), $"shop-{Guid.NewGuid():N}.db");

                public ShopContext Context { get; }

                public SqliteFixture()
                {
                    Context = new ShopContext(new DbContextOptionsBuilder<ShopContext>().UseSqlite($"Data Source={_path}").Options);
                    Context.Database.EnsureCreated();
                }

                public void Dispose() => Context.Database.EnsureDeleted();
            }
            """ + PerRunShopContext) { References = [Stubs.SqliteEf] },

        ["ef_ensure_deleted_on_database_named_per_run"] = new("""
            public sealed class PostgresFixture : IAsyncLifetime
            {
                public ShopContext Context { get; } = new(new DbContextOptionsBuilder<ShopContext>()
                    .UseNpgsql($"Host=localhost;Username=postgres;Database=shop_{Guid.NewGuid():N}").Options);

                public Task InitializeAsync() => Context.Database.EnsureCreatedAsync();

                public Task DisposeAsync() => Context.Database.EnsureDeletedAsync();
            }
            """ + PerRunShopContext) { References = [Stubs.NpgsqlEf] },

        ["ef_ensure_deleted_on_testcontainers_database"] = new("""
            public sealed class ContainerFixture : IAsyncLifetime
            {
                private readonly Testcontainers.PostgreSql.PostgreSqlContainer _postgres = new Testcontainers.PostgreSql.PostgreSqlBuilder().Build();

                public ShopContext Context { get; private set; } = null!;

                public async Task InitializeAsync()
                {
                    await _postgres.StartAsync();
                    Context = new ShopContext(new DbContextOptionsBuilder<ShopContext>().UseNpgsql(_postgres.GetConnectionString()).Options);
                    await Context.Database.EnsureDeletedAsync();
                    await Context.Database.EnsureCreatedAsync();
                }

                public Task DisposeAsync() => _postgres.DisposeAsync().AsTask();
            }
            """ + PerRunShopContext) { References = [Stubs.NpgsqlEf, Stubs.TestcontainersPostgres] },

        ["ef_remove_range_on_in_memory_provider_in_setup"] = new("""
            [TestFixture]
            public class OrderServiceTests
            {
                private ShopContext _context = null!;

                [SetUp]
                public void SetUp()
                {
                    _context = new ShopContext(new DbContextOptionsBuilder<ShopContext>().UseInMemoryDatabase("orders").Options);
                    _context.Orders.RemoveRange(_context.Orders);
                    _context.SaveChanges();
                }

                [Test]
                public void Works() => Assert.Pass();
            }
            """ + PerRunShopContext) { Project = TestProject.NUnit, References = [Stubs.InMemoryEf] },

        ["ef_ensure_created_only_in_fixture_constructor"] = new("""
            public sealed class SchemaFixture
            {
                public SchemaFixture()
                {
                    using var context = new ShopContext(new DbContextOptionsBuilder<ShopContext>()
                        .UseNpgsql(Environment.GetEnvironmentVariable("PG_TESTS")!).Options);
                    context.Database.EnsureCreated();
                }
            }

            public class CatalogTests : IClassFixture<SchemaFixture>
            {
                [Fact]
                public void Works() => Assert.True(true);
            }
            """ + PerRunShopContext) { References = [Stubs.NpgsqlEf] },

        ["ef_remove_of_rows_this_run_added_in_dispose"] = new("""
            public class InvoiceTests : IDisposable
            {
                private readonly ShopContext _context = new(new DbContextOptionsBuilder<ShopContext>()
                    .UseNpgsql(Environment.GetEnvironmentVariable("PG_TESTS")!).Options);
                private readonly List<Order> _created = new();

                [Fact]
                public void Works() => Assert.Empty(_created);

                public void Dispose()
                {
                    _context.Orders.RemoveRange(_created);
                    _context.SaveChanges();
                }
            }
            """ + PerRunShopContext) { References = [Stubs.NpgsqlEf] },

        ["ef_remove_range_in_a_test_body"] = new("""
            public class PurgeTests
            {
                [Fact]
                public void Purge_removes_everything()
                {
                    using var context = new ShopContext(new DbContextOptionsBuilder<ShopContext>()
                        .UseNpgsql(Environment.GetEnvironmentVariable("PG_TESTS")!).Options);
                    context.Orders.RemoveRange(context.Orders);
                    context.SaveChanges();
                    Assert.Empty(context.Orders);
                }
            }
            """ + PerRunShopContext) { References = [Stubs.NpgsqlEf] },

        ["respawn_on_database_named_per_run"] = new("""
            public sealed class RespawnFixture : IAsyncLifetime
            {
                private readonly string _connectionString = $"Host=localhost;Username=postgres;Database=api_{Guid.NewGuid():N}";
                private Respawn.Respawner _respawner = null!;

                public async Task InitializeAsync()
                {
                    _respawner = await Respawn.Respawner.CreateAsync(_connectionString);
                    await _respawner.ResetAsync(_connectionString);
                }

                public Task DisposeAsync() => Task.CompletedTask;
            }
            """) { References = [Stubs.Respawn] },

        ["respawn_reset_called_from_a_test_body"] = new("""
            public class ResetTests
            {
                [Fact]
                public async Task Reset_empties_tables()
                {
                    var connectionString = Environment.GetEnvironmentVariable("PG_TESTS")!;
                    var respawner = await Respawn.Respawner.CreateAsync(connectionString);
                    await respawner.ResetAsync(connectionString);
                    Assert.NotNull(respawner);
                }
            }
            """) { References = [Stubs.Respawn] },

        ["dapper_delete_in_a_test_body"] = new("""
            public class OrderPurgeTests
            {
                [Fact]
                public void Purge_deletes_rows()
                {
                    using var connection = Db.Open();
                    var deleted = connection.Execute("DELETE FROM orders");
                    Assert.True(deleted >= 0);
                }
            }
            """ + SharedPostgres),

        ["mongo_delete_by_per_run_tenant_in_teardown"] = new("""
            [TestFixture]
            public class TenantTests
            {
                private readonly string _tenant = "tenant-" + Guid.NewGuid().ToString("N");

                [TearDown]
                public void Clean() =>
                    SharedServer.Database.GetCollection<BsonDocument>("orders").DeleteMany(Builders<BsonDocument>.Filter.Eq("tenant", _tenant));

                [Test]
                public void Works() => Assert.Pass();
            }
            """ + SharedMongo) { Project = TestProject.NUnit },

        ["mongo_drop_database_named_per_run"] = new("""
            public sealed class MongoFixture : IAsyncLifetime
            {
                private readonly MongoClient _client = new(Environment.GetEnvironmentVariable("MONGO_URL"));
                private readonly string _databaseName = $"tests_{Guid.NewGuid():N}";

                public IMongoDatabase Database => _client.GetDatabase(_databaseName);

                public Task InitializeAsync() => Task.CompletedTask;

                public Task DisposeAsync() => _client.DropDatabaseAsync(_databaseName);
            }
            """),

        ["mongo2go_runner_cleared_in_dispose"] = new("""
            public sealed class RunnerFixture : IDisposable
            {
                private readonly Mongo2Go.MongoDbRunner _runner = Mongo2Go.MongoDbRunner.Start();

                public IMongoCollection<BsonDocument> Items => new MongoClient(_runner.ConnectionString).GetDatabase("items").GetCollection<BsonDocument>("items");

                public void Dispose()
                {
                    Items.DeleteMany(FilterDefinition<BsonDocument>.Empty);
                    _runner.Dispose();
                }
            }
            """) { References = [Stubs.Mongo2Go] },

        ["mongo_collection_named_per_run_dropped_in_dispose"] = new("""
            public class EventTests : IDisposable
            {
                private readonly string _collection = $"events_{Guid.NewGuid():N}";

                [Fact]
                public void Works() => Assert.NotNull(_collection);

                public void Dispose() => SharedServer.Database.DropCollection(_collection);
            }
            """ + SharedMongo),

        ["mongo_delete_by_slug_this_run_generated"] = new("""
            public sealed class Article
            {
                public string Slug { get; set; } = "";
            }

            public class ArticleTests : IDisposable
            {
                private readonly string _slug = "article-" + Guid.NewGuid().ToString("N");

                [Fact]
                public void Works() => Assert.NotNull(_slug);

                public void Dispose() => SharedServer.Database.GetCollection<Article>("articles").DeleteOne(a => a.Slug == _slug);
            }
            """ + SharedMongo),

        ["delete_of_ids_this_run_inserted"] = new("""
            public class ShipmentTests : IDisposable
            {
                private readonly List<long> _createdIds = new();

                [Fact]
                public void Works() => Assert.Empty(_createdIds);

                public void Dispose()
                {
                    using var connection = Db.Open();
                    connection.Execute("DELETE FROM shipments WHERE id = ANY(@ids)", new { ids = _createdIds.ToArray() });
                }
            }
            """ + SharedPostgres),

        ["delete_scoped_by_run_id_column"] = new("""
            [TestClass]
            public class LedgerTests
            {
                private static readonly string RunId = Guid.NewGuid().ToString("N");

                [TestCleanup]
                public void Cleanup()
                {
                    using var connection = Db.Open();
                    connection.Execute("DELETE FROM ledger_entries WHERE run_id = @run", new { run = RunId });
                }

                [TestMethod]
                public void Works() => Assert.IsTrue(true);
            }
            """ + SharedPostgres) { Project = TestProject.MSTest },

        ["truncate_in_a_schema_named_per_run"] = new("""
            public class QueueTests : IDisposable
            {
                private readonly string _schema = "queue_" + Guid.NewGuid().ToString("N");

                [Fact]
                public void Works() => Assert.NotNull(_schema);

                public void Dispose()
                {
                    using var connection = Db.Open();
                    connection.Execute($"TRUNCATE TABLE {_schema}.jobs");
                    connection.Execute($"DROP SCHEMA {_schema} CASCADE");
                }
            }
            """ + SharedPostgres),

        ["transaction_rolled_back_in_dispose"] = new("""
            public class TransferTests : IDisposable
            {
                private readonly NpgsqlConnection _connection = Db.Open();
                private readonly NpgsqlTransaction _transaction;

                public TransferTests() => _transaction = _connection.BeginTransaction();

                [Fact]
                public void Works() => Assert.NotNull(_transaction);

                public void Dispose()
                {
                    _transaction.Rollback();
                    _connection.Dispose();
                }
            }
            """ + SharedPostgres),

        ["setup_query_that_mentions_deleted_at"] = new("""
            [TestFixture]
            public class ArchiveTests
            {
                private int _live;

                [SetUp]
                public void Count()
                {
                    using var connection = Db.Open();
                    _live = connection.ExecuteScalar<int>("SELECT count(*) FROM orders WHERE deleted_at IS NULL");
                }

                [Test]
                public void Works() => Assert.That(_live, Is.GreaterThanOrEqualTo(0));
            }
            """ + SharedPostgres) { Project = TestProject.NUnit },

        ["sqlite_in_memory_connection_truncated_in_constructor"] = new("""
            public class CacheTests : IDisposable
            {
                private readonly SqliteConnection _connection = new("Data Source=:memory:");

                public CacheTests()
                {
                    _connection.Open();
                    _connection.Execute("CREATE TABLE entries (key TEXT PRIMARY KEY, value TEXT)");
                    _connection.Execute("DELETE FROM entries");
                }

                [Fact]
                public void Works() => Assert.NotNull(_connection);

                public void Dispose() => _connection.Dispose();
            }
            """),

        ["application_repository_delete_all_not_called_from_hooks"] = new("""
            public sealed class OrderRepository
            {
                public int DeleteAll()
                {
                    using var connection = Db.Open();
                    return connection.Execute("DELETE FROM orders");
                }
            }

            public class OrderRepositoryTests
            {
                [Fact]
                public void DeleteAll_returns_count() => Assert.True(new OrderRepository().DeleteAll() >= 0);
            }
            """ + SharedPostgres),

        ["production_dispose_that_purges_a_table"] = new("""
            public sealed class SessionCache : IDisposable
            {
                public void Dispose()
                {
                    using var connection = Db.Open();
                    connection.Execute("DELETE FROM session_cache");
                }
            }
            """ + SharedPostgres) { Project = TestProject.NonTest },

        ["teardown_that_deletes_a_temp_file"] = new("""
            [TestFixture]
            public class ExportTests
            {
                private readonly string _file = Path.Combine(Path.GetTempPath(), Guid.NewGuid() + ".csv");

                [TearDown]
                public void Clean() => File.Delete(_file);

                [Test]
                public void Works() => Assert.Pass();
            }
            """) { Project = TestProject.NUnit },

        ["delete_of_rows_older_than_a_week_in_teardown"] = new("""
            public class RetentionTests : IDisposable
            {
                [Fact]
                public void Works() => Assert.True(true);

                public void Dispose()
                {
                    using var connection = Db.Open();
                    connection.Execute("DELETE FROM events WHERE created_at < now() - interval '7 days'");
                }
            }
            """ + SharedPostgres),
        // ---- second batch, written after the first batch's fixes (measures generalisation) ----

        ["b2_ensure_deleted_on_sqlite_in_memory_connection"] = new("""
            public class MigrationTests : IDisposable
            {
                private readonly SqliteConnection _connection = new("DataSource=:memory:");
                private readonly ShopContext _context;

                public MigrationTests()
                {
                    _connection.Open();
                    _context = new ShopContext(new DbContextOptionsBuilder<ShopContext>().UseSqlite(_connection.ConnectionString).Options);
                    _context.Database.EnsureDeleted();
                    _context.Database.EnsureCreated();
                }

                [Fact]
                public void Works() => Assert.NotNull(_context);

                public void Dispose() => _connection.Dispose();
            }
            """ + PerRunShopContext) { References = [Stubs.SqliteEf] },

        ["b2_respawn_on_container_connection_string_property"] = new("""
            public sealed class ApiFactory : IAsyncLifetime
            {
                private readonly Testcontainers.PostgreSql.PostgreSqlContainer _container = new Testcontainers.PostgreSql.PostgreSqlBuilder().Build();
                private Respawn.Respawner _respawner = null!;

                private string ConnectionString => _container.GetConnectionString();

                public async Task InitializeAsync()
                {
                    await _container.StartAsync();
                    _respawner = await Respawn.Respawner.CreateAsync(ConnectionString);
                }

                public Task ResetDatabaseAsync() => _respawner.ResetAsync(ConnectionString);

                public Task DisposeAsync() => _container.DisposeAsync().AsTask();
            }

            public class ProductTests : IClassFixture<ApiFactory>
            {
                public ProductTests(ApiFactory factory) => factory.ResetDatabaseAsync().GetAwaiter().GetResult();

                [Fact]
                public void Works() => Assert.True(true);
            }
            """) { References = [Stubs.TestcontainersPostgres, Stubs.Respawn] },

        ["b2_execute_delete_filtered_by_per_run_number"] = new("""
            public class ReturnsTests : IDisposable
            {
                private readonly string _number = "R-" + Guid.NewGuid().ToString("N");
                private readonly ShopContext _context = new(new DbContextOptionsBuilder<ShopContext>()
                    .UseNpgsql(Environment.GetEnvironmentVariable("PG_TESTS")!).Options);

                [Fact]
                public void Works() => Assert.NotNull(_number);

                public void Dispose() => _context.Orders.Where(o => o.Number == _number).ExecuteDelete();
            }
            """ + PerRunShopContext) { References = [Stubs.NpgsqlEf] },

        ["b2_truncate_helper_called_only_from_a_test"] = new("""
            [TestFixture]
            public class AdminTests
            {
                [Test]
                public void Truncate_works()
                {
                    Clear();
                    Assert.Pass();
                }

                private static void Clear()
                {
                    using var connection = Db.Open();
                    connection.Execute("TRUNCATE TABLE admin_audit");
                }
            }
            """ + SharedPostgres) { Project = TestProject.NUnit },

        ["b2_mongo_container_cleared_in_dispose_async"] = new("""
            public sealed class MongoContainerFixture : IAsyncLifetime
            {
                private readonly Testcontainers.MongoDb.MongoDbContainer _mongo = new Testcontainers.MongoDb.MongoDbBuilder().Build();
                private IMongoCollection<BsonDocument> _items = null!;

                public async Task InitializeAsync()
                {
                    await _mongo.StartAsync();
                    _items = new MongoClient(_mongo.GetConnectionString()).GetDatabase("shop").GetCollection<BsonDocument>("items");
                }

                public async Task DisposeAsync()
                {
                    await _items.DeleteManyAsync(FilterDefinition<BsonDocument>.Empty);
                    await _mongo.DisposeAsync();
                }
            }
            """) { References = [Stubs.TestcontainersMongo] },

        ["b2_truncate_tables_named_per_run"] = new("""
            public class PartitionTests : IDisposable
            {
                private static readonly string Run = Guid.NewGuid().ToString("N");
                private readonly string[] _tables = { "orders_" + Run, "lines_" + Run };

                [Fact]
                public void Works() => Assert.Equal(2, _tables.Length);

                public void Dispose()
                {
                    using var connection = Db.Open();
                    foreach (var table in _tables)
                    {
                        connection.Execute($"TRUNCATE TABLE {table}");
                    }
                }
            }
            """ + SharedPostgres),

        ["b2_delete_with_where_built_at_run_time"] = new("""
            public class FilterTests : IDisposable
            {
                private readonly string _filter = Environment.GetEnvironmentVariable("CLEANUP_FILTER")!;

                [Fact]
                public void Works() => Assert.NotNull(_filter);

                public void Dispose()
                {
                    using var connection = Db.Open();
                    connection.Execute($"DELETE FROM orders WHERE {_filter}");
                }
            }
            """ + SharedPostgres),

        ["b2_remove_range_of_rows_filtered_per_run"] = new("""
            [TestFixture]
            public class CancellationTests
            {
                private readonly string _number = "C-" + Guid.NewGuid().ToString("N");

                [TearDown]
                public void Clean()
                {
                    using var context = new ShopContext(new DbContextOptionsBuilder<ShopContext>()
                        .UseNpgsql(Environment.GetEnvironmentVariable("PG_TESTS")!).Options);
                    context.Orders.RemoveRange(context.Orders.Where(o => o.Number == _number));
                    context.SaveChanges();
                }

                [Test]
                public void Works() => Assert.Pass();
            }
            """ + PerRunShopContext) { Project = TestProject.NUnit, References = [Stubs.NpgsqlEf] },
    };

    /// <summary>The case names.</summary>
    public static TheoryData<string> Names => HeldOutCases.Names(Cases);

    [Theory]
    [MemberData(nameof(Names))]
    public Task Not_flagged(string name) => Run(Cases[name]);
}
