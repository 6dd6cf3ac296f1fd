using Tractatus.TestIsolation.Analyzers.Tests.Verifiers;
using static Tractatus.TestIsolation.Analyzers.Tests.RealWorld.HeldOutWipes.HeldOutWipeSources;
using static Tractatus.TestIsolation.Analyzers.Tests.RealWorld.RealWorldVerifier;

namespace Tractatus.TestIsolation.Analyzers.Tests.RealWorld.HeldOutWipes;

/// <summary>
/// Held-out TI1004 shapes that must be flagged: wipes in setup or teardown of data other runs
/// own, written the way storage libraries', web APIs' and tools' suites write them (database
/// fixtures shared through <c>IClassFixture</c>, base-class constructors, EF Core
/// <c>EnsureDeleted</c>, Respawn on the team's server, table lists, MongoDB drops).
/// </summary>
public class HeldOutWipesFlaggedTests
{
    private static readonly Dictionary<string, Shape> Cases = new()
    {
        ["nunit_teardown_dapper_delete_all"] = new("""
            [TestFixture]
            public class CartTests
            {
                [TearDown]
                public void Clean()
                {
                    using var connection = Db.Open();
                    {|TI1004:connection.Execute("DELETE FROM carts")|};
                }

                [Test]
                public void Works() => Assert.Pass();
            }
            """ + SharedPostgres) { Project = TestProject.NUnit },

        ["class_fixture_constructor_truncates"] = new("""
            public sealed class DatabaseFixture
            {
                public DatabaseFixture()
                {
                    using var connection = Db.Open();
                    {|TI1004:connection.Execute("TRUNCATE TABLE invoices, invoice_lines CASCADE")|};
                }
            }

            public class InvoiceTests : IClassFixture<DatabaseFixture>
            {
                [Fact]
                public void Works() => Assert.True(true);
            }
            """ + SharedPostgres),

        ["collection_fixture_constructor_calls_reset_helper"] = new("""
            public sealed class ApiFixture
            {
                public ApiFixture() => ResetTables();

                private static void ResetTables()
                {
                    using var connection = Db.Open();
                    {|TI1004:connection.Execute("DELETE FROM customers; DELETE FROM addresses;")|};
                }
            }

            [CollectionDefinition("api")]
            public sealed class ApiCollection : ICollectionFixture<ApiFixture> { }

            [Collection("api")]
            public class CustomerTests
            {
                [Fact]
                public void Works() => Assert.True(true);
            }
            """ + SharedPostgres),

        ["abstract_base_class_constructor_wipes_before_each_test"] = new("""
            public abstract class IntegrationTestBase
            {
                protected IntegrationTestBase()
                {
                    using var connection = Db.Open();
                    {|TI1004:connection.Execute("TRUNCATE TABLE payments")|};
                }
            }

            public class PaymentTests : IntegrationTestBase
            {
                [Fact]
                public void Works() => Assert.True(true);
            }
            """ + SharedPostgres),

        ["ef_ensure_deleted_in_test_class_constructor"] = new("""
            public class OrderRepositoryTests
            {
                private readonly ShopContext _context = Shop.Create();

                public OrderRepositoryTests()
                {
                    {|TI1004:_context.Database.EnsureDeleted()|};
                    _context.Database.EnsureCreated();
                }

                [Fact]
                public void Works() => Assert.NotNull(_context);
            }
            """ + SharedShopContext) { References = [Stubs.NpgsqlEf] },

        ["ef_ensure_deleted_async_in_initialize_async"] = new("""
            public sealed class ShopFixture : IAsyncLifetime
            {
                public ShopContext Context { get; } = Shop.Create();

                public async Task InitializeAsync()
                {
                    await {|TI1004:Context.Database.EnsureDeletedAsync()|};
                    await Context.Database.EnsureCreatedAsync();
                }

                public Task DisposeAsync() => Task.CompletedTask;
            }
            """ + SharedShopContext) { References = [Stubs.NpgsqlEf] },

        ["ef_ensure_deleted_in_fixture_dispose"] = new("""
            public sealed class CatalogFixture : IDisposable
            {
                public ShopContext Context { get; } = Shop.Create();

                public void Dispose()
                {
                    {|TI1004:Context.Database.EnsureDeleted()|};
                    Context.Dispose();
                }
            }
            """ + SharedShopContext) { References = [Stubs.NpgsqlEf] },

        ["ef_ensure_deleted_in_nunit_one_time_setup_with_options_field"] = new("""
            [SetUpFixture]
            public class Bootstrap
            {
                private static readonly DbContextOptions<ShopContext> Options = new DbContextOptionsBuilder<ShopContext>()
                    .UseNpgsql(Environment.GetEnvironmentVariable("SHOP_DB")!).Options;

                [OneTimeSetUp]
                public void RunBeforeAnyTests()
                {
                    using var context = new ShopContext(Options);
                    {|TI1004:context.Database.EnsureDeleted()|};
                    context.Database.EnsureCreated();
                }
            }
            """ + SharedShopContext) { Project = TestProject.NUnit, References = [Stubs.NpgsqlEf] },

        ["ef_remove_range_of_whole_set_in_setup"] = new("""
            [TestFixture]
            public class OrderServiceTests
            {
                private ShopContext _context = null!;

                [SetUp]
                public void SetUp()
                {
                    _context = Shop.Create();
                    {|TI1004:_context.Orders.RemoveRange(_context.Orders)|};
                    _context.SaveChanges();
                }

                [Test]
                public void Works() => Assert.Pass();
            }
            """ + SharedShopContext) { Project = TestProject.NUnit, References = [Stubs.NpgsqlEf] },

        ["ef_execute_delete_of_whole_set_in_test_initialize"] = new("""
            [TestClass]
            public class ReportTests
            {
                [TestInitialize]
                public void Initialize()
                {
                    using var context = Shop.Create();
                    {|TI1004:context.Orders.ExecuteDelete()|};
                }

                [TestMethod]
                public void Works() => Assert.IsTrue(true);
            }
            """ + SharedShopContext) { Project = TestProject.MSTest, References = [Stubs.NpgsqlEf] },

        ["respawn_reset_of_configured_connection_string_in_initialize_async"] = new("""
            public sealed class RespawnFixture : IAsyncLifetime
            {
                private static readonly string ConnectionString = Environment.GetEnvironmentVariable("PG_TESTS")!;
                private Respawn.Respawner _respawner = null!;

                public async Task InitializeAsync()
                {
                    _respawner = await Respawn.Respawner.CreateAsync(ConnectionString);
                    await {|TI1004:_respawner.ResetAsync(ConnectionString)|};
                }

                public Task DisposeAsync() => Task.CompletedTask;
            }
            """) { References = [Stubs.Respawn] },

        ["respawn_reset_of_shared_connection_in_nunit_setup"] = new("""
            [TestFixture]
            public class ImportTests
            {
                private static Respawn.Respawner? _respawner;

                [SetUp]
                public async Task Reset()
                {
                    await using var connection = Db.Open();
                    _respawner ??= await Respawn.Respawner.CreateAsync(connection);
                    await {|TI1004:_respawner.ResetAsync(connection)|};
                }

                [Test]
                public void Works() => Assert.Pass();
            }
            """ + SharedPostgres) { Project = TestProject.NUnit, References = [Stubs.Respawn] },

        ["mstest_test_cleanup_command_text_assignment"] = new("""
            [TestClass]
            public class AuditTests
            {
                [TestCleanup]
                public void Cleanup()
                {
                    using var connection = Db.Open();
                    using var command = connection.CreateCommand();
                    {|TI1004:command.CommandText = "DELETE FROM audit_log"|};
                    command.ExecuteNonQuery();
                }

                [TestMethod]
                public void Works() => Assert.IsTrue(true);
            }
            """ + SharedPostgres) { Project = TestProject.MSTest },

        ["mongo_teardown_filter_empty_via_builders"] = new("""
            [TestFixture]
            public class ProfileTests
            {
                private IMongoCollection<BsonDocument> _profiles = null!;

                [SetUp]
                public void Open() => _profiles = SharedServer.Database.GetCollection<BsonDocument>("profiles");

                [TearDown]
                public void Clear() => {|TI1004:_profiles.DeleteMany(Builders<BsonDocument>.Filter.Empty)|};

                [Test]
                public void Works() => Assert.Pass();
            }
            """ + SharedMongo) { Project = TestProject.NUnit },

        ["mongo_drop_collection_by_constant_in_dispose_async"] = new("""
            public sealed class EventStoreFixture : IAsyncLifetime
            {
                private const string CollectionName = "domain_events";

                public Task InitializeAsync() => Task.CompletedTask;

                public async Task DisposeAsync() => await {|TI1004:SharedServer.Database.DropCollectionAsync(CollectionName)|};
            }
            """ + SharedMongo),

        ["mongo_delete_many_always_true_in_constructor"] = new("""
            public class NotificationTests
            {
                private readonly IMongoCollection<BsonDocument> _notifications = SharedServer.Database.GetCollection<BsonDocument>("notifications");

                public NotificationTests()
                {
                    {|TI1004:_notifications.DeleteManyAsync(_ => true)|}.GetAwaiter().GetResult();
                }

                [Fact]
                public void Works() => Assert.NotNull(_notifications);
            }
            """ + SharedMongo),

        ["mongo_clear_helper_in_base_class_setup"] = new("""
            public abstract class MongoTestBase
            {
                protected IMongoDatabase Database => SharedServer.Database;

                [SetUp]
                public void BaseSetUp() => ClearCollections();

                private void ClearCollections()
                {
                    {|TI1004:Database.GetCollection<BsonDocument>("jobs").DeleteMany(new BsonDocument())|};
                }
            }

            [TestFixture]
            public class JobTests : MongoTestBase
            {
                [Test]
                public void Works() => Assert.Pass();
            }
            """ + SharedMongo) { Project = TestProject.NUnit },

        ["mongo_delete_by_fixed_email_in_one_time_teardown"] = new("""
            public sealed class User
            {
                public string Id { get; set; } = "";

                public string Email { get; set; } = "";
            }

            [TestFixture]
            public class SignupTests
            {
                [OneTimeTearDown]
                public void RemoveUser() =>
                    {|TI1004:SharedServer.Database.GetCollection<User>("users").DeleteMany(Builders<User>.Filter.Eq(u => u.Email, {|TI1001:"qa@example.com"|}))|};

                [Test]
                public void Works() => Assert.Pass();
            }
            """ + SharedMongo) { Project = TestProject.NUnit },

        ["before_after_attribute_truncates_through_helper_in_other_file"] = new("""
            public sealed class ResetDatabaseAttribute : Xunit.Sdk.BeforeAfterTestAttribute
            {
                public override void Before(MethodInfo methodUnderTest) => StorageCleaner.Truncate();
            }
            """ + SharedPostgres)
        {
            Files = [("StorageCleaner.cs", """
                public static class StorageCleaner
                {
                    public static void Truncate()
                    {
                        using var connection = Db.Open();
                        using var command = {|TI1004:new NpgsqlCommand("TRUNCATE TABLE queue_items RESTART IDENTITY", connection)|};
                        command.ExecuteNonQuery();
                    }
                }
                """)],
        },

        ["async_reset_helper_awaited_in_nunit_setup"] = new("""
            [TestFixture]
            public class ShipmentTests
            {
                [SetUp]
                public async Task SetUp() => await ResetAsync();

                private static async Task ResetAsync()
                {
                    await using var connection = Db.Open();
                    await {|TI1004:connection.ExecuteAsync("DELETE FROM shipments")|};
                }

                [Test]
                public void Works() => Assert.Pass();
            }
            """ + SharedPostgres) { Project = TestProject.NUnit },

        ["cleanup_sql_constant_of_another_class_in_test_initialize"] = new("""
            public static class Sql
            {
                public const string Cleanup = "DELETE FROM order_lines; DELETE FROM orders;";
            }

            [TestClass]
            public class CheckoutTests
            {
                [TestInitialize]
                public void Initialize()
                {
                    using var connection = Db.Open();
                    {|TI1004:connection.Execute(Sql.Cleanup)|};
                }

                [TestMethod]
                public void Works() => Assert.IsTrue(true);
            }
            """ + SharedPostgres) { Project = TestProject.MSTest },

        ["truncate_with_schema_constant_interpolated"] = new("""
            public class SchedulerTests : IDisposable
            {
                private const string Schema = "scheduler";

                public void Dispose()
                {
                    using var connection = Db.Open();
                    {|TI1004:connection.Execute($"TRUNCATE TABLE {Schema}.jobs, {Schema}.triggers")|};
                }

                [Fact]
                public void Works() => Assert.True(true);
            }
            """ + SharedPostgres),

        ["delete_with_schema_from_configuration_hole"] = new(""""
            public class OutboxTests : IDisposable
            {
                private static readonly string Schema = Environment.GetEnvironmentVariable("OUTBOX_SCHEMA")!;

                public void Dispose()
                {
                    using var connection = Db.Open();
                    {|TI1004:connection.Execute($@"DELETE FROM ""{Schema}"".""outbox_messages""")|};
                }

                [Fact]
                public void Works() => Assert.True(true);
            }
            """" + SharedPostgres),

        ["truncate_every_table_listed_by_the_server"] = new("""
            public abstract class PostgresTestBase : IAsyncLifetime
            {
                public async Task InitializeAsync()
                {
                    await using var connection = Db.Open();
                    var tables = await connection.QueryAsync<string>("SELECT tablename FROM pg_tables WHERE schemaname = 'public'");
                    foreach (var table in tables)
                    {
                        await {|TI1004:connection.ExecuteAsync($"TRUNCATE TABLE \"{table}\" CASCADE")|};
                    }
                }

                public Task DisposeAsync() => Task.CompletedTask;
            }
            """ + SharedPostgres),

        ["delete_each_table_of_a_literal_list"] = new("""
            [TestFixture]
            public class BillingTests
            {
                private static readonly string[] Tables = { "invoices", "credit_notes", "payments" };

                [SetUp]
                public void Clean()
                {
                    using var connection = Db.Open();
                    foreach (var table in Tables)
                    {
                        {|TI1004:connection.Execute($"DELETE FROM {table}")|};
                    }
                }

                [Test]
                public void Works() => Assert.Pass();
            }
            """ + SharedPostgres) { Project = TestProject.NUnit },

        ["drop_database_of_fixed_name_in_class_cleanup"] = new("""
            [TestClass]
            public class ReportingTests
            {
                [ClassCleanup]
                public static void DropDatabase()
                {
                    using var connection = Db.Open();
                    {|TI1004:connection.Execute({|TI1002:"DROP DATABASE IF EXISTS reporting_tests"|})|};
                }

                [TestMethod]
                public void Works() => Assert.IsTrue(true);
            }
            """ + SharedPostgres) { Project = TestProject.MSTest },

        ["delete_where_always_true_in_dispose"] = new("""
            public class TokenTests : IDisposable
            {
                public void Dispose()
                {
                    using var connection = Db.Open();
                    {|TI1004:connection.Execute("DELETE FROM refresh_tokens WHERE 1 = 1")|};
                }

                [Fact]
                public void Works() => Assert.True(true);
            }
            """ + SharedPostgres),

        ["delete_by_fixed_code_literal_in_tunit_after_hook"] = new("""
            public class DiscountTests
            {
                [TUnit.Core.After(TUnit.Core.HookType.Test)]
                public void Cleanup()
                {
                    using var connection = Db.Open();
                    {|TI1004:connection.Execute("DELETE FROM discounts WHERE code = {|TI1001:'SPRING'|}")|};
                }

                [TUnit.Core.Test]
                public void Works() { }
            }
            """ + SharedPostgres) { Project = TestProject.NonTest, References = [Stubs.TUnit] },

        ["delete_by_fixed_email_npgsql_parameter_object"] = new("""
            [TestFixture]
            public class AccountTests
            {
                [TearDown]
                public void RemoveAccount()
                {
                    using var connection = Db.Open();
                    using var command = {|TI1004:new NpgsqlCommand("DELETE FROM accounts WHERE email = @email", connection)|};
                    command.Parameters.Add(new NpgsqlParameter("email", {|TI1001:"qa-owner@example.com"|}));
                    command.ExecuteNonQuery();
                }

                [Test]
                public void Works() => Assert.Pass();
            }
            """ + SharedPostgres) { Project = TestProject.NUnit },

        ["fixture_method_called_from_test_class_constructor"] = new("""
            public sealed class StoreFixture
            {
                public void Reset()
                {
                    using var connection = Db.Open();
                    {|TI1004:connection.Execute("TRUNCATE TABLE carts, cart_items")|};
                }
            }

            public class CartTests : IClassFixture<StoreFixture>
            {
                public CartTests(StoreFixture fixture) => fixture.Reset();

                [Fact]
                public void Works() => Assert.True(true);
            }
            """ + SharedPostgres),

        ["dispose_async_value_task_deletes_fixed_user_name"] = new("""
            public class SessionTests : IAsyncDisposable
            {
                public async ValueTask DisposeAsync()
                {
                    await using var connection = Db.Open();
                    await {|TI1004:connection.ExecuteAsync("DELETE FROM sessions WHERE user_name = @name", new { name = {|TI1001:"load-test-user"|} })|};
                }

                [Fact]
                public void Works() => Assert.True(true);
            }
            """ + SharedPostgres),
        // ---- second batch, written after the first batch's fixes (measures generalisation) ----

        ["b2_generic_base_class_setup_ensure_deleted"] = new("""
            public abstract class DatabaseTest<TContext> where TContext : DbContext
            {
                protected abstract TContext CreateContext();

                [SetUp]
                public void ResetDatabase()
                {
                    using var context = CreateContext();
                    {|TI1004:context.Database.EnsureDeleted()|};
                    context.Database.EnsureCreated();
                }
            }

            [TestFixture]
            public class OrderQueryTests : DatabaseTest<ShopContext>
            {
                protected override ShopContext CreateContext() => Shop.Create();

                [Test]
                public void Works() => Assert.Pass();
            }
            """ + SharedShopContext) { Project = TestProject.NUnit, References = [Stubs.NpgsqlEf] },

        ["b2_truncate_joined_table_list_in_class_initialize"] = new("""
            [TestClass]
            public class WarehouseTests
            {
                private static readonly string[] Tables = { "stock", "locations", "movements" };

                [ClassInitialize]
                public static void Reset(TestContext context)
                {
                    using var connection = Db.Open();
                    using var command = connection.CreateCommand();
                    {|TI1004:command.CommandText = $"TRUNCATE {string.Join(", ", Tables)} CASCADE"|};
                    command.ExecuteNonQuery();
                }

                [TestMethod]
                public void Works() => Assert.IsTrue(true);
            }
            """ + SharedPostgres) { Project = TestProject.MSTest, References = [Stubs.MSTestExtensions] },

        ["b2_fixture_reset_async_called_from_test_constructor"] = new("""
            public sealed class MongoFixture
            {
                public IMongoCollection<BsonDocument> Orders { get; } = SharedServer.Database.GetCollection<BsonDocument>("orders");

                public Task ResetAsync() => {|TI1004:Orders.DeleteManyAsync(FilterDefinition<BsonDocument>.Empty)|};
            }

            public class OrderTests : IClassFixture<MongoFixture>
            {
                public OrderTests(MongoFixture fixture) => fixture.ResetAsync().GetAwaiter().GetResult();

                [Fact]
                public void Works() => Assert.True(true);
            }
            """ + SharedMongo),

        ["b2_class_fixture_dispose_deletes_all_jobs"] = new("""
            public sealed class JobsFixture : IDisposable
            {
                public void Dispose()
                {
                    using var connection = Db.Open();
                    {|TI1004:connection.Execute("DELETE FROM job_parameters; DELETE FROM jobs;")|};
                }
            }

            public class JobTests : IClassFixture<JobsFixture>
            {
                [Fact]
                public void Works() => Assert.True(true);
            }
            """ + SharedPostgres),

        ["b2_npgsql_data_source_command_in_one_time_setup"] = new("""
            [TestFixture]
            public class QueueTests
            {
                private static readonly NpgsqlDataSource DataSource = NpgsqlDataSource.Create(Environment.GetEnvironmentVariable("PG_TESTS")!);

                [OneTimeSetUp]
                public async Task Clear()
                {
                    await using var command = {|TI1004:DataSource.CreateCommand("TRUNCATE queue_messages")|};
                    await command.ExecuteNonQueryAsync();
                }

                [Test]
                public void Works() => Assert.Pass();
            }
            """) { Project = TestProject.NUnit },

        ["b2_context_remove_range_of_set_in_test_cleanup"] = new("""
            [TestClass]
            public class PricingTests
            {
                [TestCleanup]
                public void Cleanup()
                {
                    using var context = Shop.Create();
                    {|TI1004:context.RemoveRange(context.Set<Order>())|};
                    context.SaveChanges();
                }

                [TestMethod]
                public void Works() => Assert.IsTrue(true);
            }
            """ + SharedShopContext) { Project = TestProject.MSTest, References = [Stubs.NpgsqlEf] },

        ["b2_execute_delete_async_in_test_class_dispose_async"] = new("""
            public class FulfilmentTests : IAsyncLifetime
            {
                private readonly ShopContext _context = Shop.Create();

                public Task InitializeAsync() => Task.CompletedTask;

                public async Task DisposeAsync() => await {|TI1004:_context.Orders.ExecuteDeleteAsync()|};

                [Fact]
                public void Works() => Assert.NotNull(_context);
            }
            """ + SharedShopContext) { References = [Stubs.NpgsqlEf] },

        ["b2_base_constructor_calls_helper_in_other_file"] = new("""
            public abstract class ApiTestBase
            {
                protected ApiTestBase() => TestDatabase.Reset();
            }

            public class HealthTests : ApiTestBase
            {
                [Fact]
                public void Works() => Assert.True(true);
            }
            """ + SharedPostgres)
        {
            Files = [("TestDatabase.cs", """
                public static class TestDatabase
                {
                    public static void Reset()
                    {
                        using var connection = Db.Open();
                        {|TI1004:connection.Execute("DELETE FROM api_keys")|};
                    }
                }
                """)],
        },

        ["b2_assembly_initialize_ensure_deleted"] = new("""
            [TestClass]
            public static class AssemblySetup
            {
                [AssemblyInitialize]
                public static void Init(TestContext context)
                {
                    using var shop = Shop.Create();
                    {|TI1004:shop.Database.EnsureDeleted()|};
                    shop.Database.EnsureCreated();
                }
            }
            """ + SharedShopContext) { Project = TestProject.MSTest, References = [Stubs.NpgsqlEf, Stubs.MSTestExtensions] },

        ["b2_before_after_attribute_after_deletes_all_documents"] = new("""
            public sealed class CleanCollectionAttribute : Xunit.Sdk.BeforeAfterTestAttribute
            {
                public override void After(MethodInfo methodUnderTest) =>
                    {|TI1004:SharedServer.Database.GetCollection<BsonDocument>("audit").DeleteMany(_ => true)|};
            }
            """ + SharedMongo),

        ["b2_truncate_helper_with_table_parameter_from_setup"] = new("""
            [TestFixture]
            public class InventoryTests
            {
                [SetUp]
                public void SetUp()
                {
                    Truncate("inventory");
                    Truncate("reservations");
                }

                private static void Truncate(string table)
                {
                    using var connection = Db.Open();
                    {|TI1004:connection.Execute($"TRUNCATE TABLE {table}")|};
                }

                [Test]
                public void Works() => Assert.Pass();
            }
            """ + SharedPostgres) { Project = TestProject.NUnit },

        ["b2_respawn_reset_of_connection_string_property_in_base_setup"] = new("""
            public abstract class RespawnTestBase
            {
                private static Respawn.Respawner? _respawner;

                protected static string ConnectionString => Environment.GetEnvironmentVariable("PG_TESTS") ?? "Host=localhost;Username=postgres";

                [SetUp]
                public async Task ResetDatabase()
                {
                    _respawner ??= await Respawn.Respawner.CreateAsync(ConnectionString);
                    await {|TI1004:_respawner.ResetAsync(ConnectionString)|};
                }
            }

            [TestFixture]
            public class CustomerApiTests : RespawnTestBase
            {
                [Test]
                public void Works() => Assert.Pass();
            }
            """) { Project = TestProject.NUnit, References = [Stubs.Respawn] },
    };

    /// <summary>The case names.</summary>
    public static TheoryData<string> Names => HeldOutCases.Names(Cases);

    [Theory]
    [MemberData(nameof(Names))]
    public Task Flagged(string name) => Run(Cases[name]);
}
