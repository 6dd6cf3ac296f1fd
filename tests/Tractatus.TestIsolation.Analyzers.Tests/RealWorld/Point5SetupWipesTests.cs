using Tractatus.TestIsolation.Analyzers.Tests.Verifiers;
using static Tractatus.TestIsolation.Analyzers.Tests.RealWorld.RealWorldVerifier;

namespace Tractatus.TestIsolation.Analyzers.Tests.RealWorld;

/// <summary>
/// Issue 8, point 5: wipes that other runs' data matches, in setup as well as teardown — NUnit,
/// MSTest, xUnit constructors, fixture <c>InitializeAsync</c>, <c>BeforeAfterTestAttribute</c>,
/// TUnit hooks — directly or through a helper called from there, from a <c>DELETE FROM</c> /
/// <c>TRUNCATE</c> list or an embedded <c>.sql</c> script, and parameterized deletes by a fixed
/// identifier. TI1004 goes on the delete call.
/// </summary>
public class Point5SetupWipesTests
{
    private const string SharedPostgres = HeldOutWipes.HeldOutWipeSources.SharedPostgres;

    // Modelled on RepoDB's and Dapper.FastCrud's NUnit suites that clear tables before each test.
    [Fact]
    public Task Delete_without_where_in_nunit_setup_is_flagged() => Run(new("""
        [TestFixture]
        public class OrderTests
        {
            [SetUp]
            public void ClearOrders()
            {
                using var connection = Db.Open();
                {|TI1004:connection.Execute("DELETE FROM orders")|};
            }

            [Test]
            public void Works() => Assert.Pass();
        }
        """ + SharedPostgres) { Project = TestProject.NUnit });

    // Modelled on xUnit suites that truncate in the test-class constructor (Hangfire storage ports, Topos).
    [Fact]
    public Task Truncate_list_in_an_xunit_test_class_constructor_is_flagged() => Test("""
        public class QueueTests
        {
            public QueueTests()
            {
                using var connection = Db.Open();
                {|TI1004:connection.Execute("TRUNCATE TABLE jobs.job, jobs.lock, jobs.counter RESTART IDENTITY CASCADE")|};
            }

            [Fact]
            public void Works() => Assert.True(true);
        }
        """ + SharedPostgres);

    // Modelled on Hangfire.PostgreSql / Hangfire.SqlServer CleanDatabaseAttribute: Before() calls CleanTables().
    [Fact]
    public Task Helper_called_from_a_before_after_test_attribute_is_flagged() => Test("""
        public sealed class CleanDatabaseAttribute : Xunit.Sdk.BeforeAfterTestAttribute
        {
            public override void Before(MethodInfo methodUnderTest) => CleanTables();

            private static void CleanTables()
            {
                using var connection = Db.Open();
                {|TI1004:connection.Execute(@"DELETE FROM ""hangfire"".""job""; DELETE FROM ""hangfire"".""lock"";")|};
            }
        }
        """ + SharedPostgres);

    // Modelled on RepoDB's integration tests: [TestInitialize] calls Database.Cleanup() declared in another file.
    [Fact]
    public Task Helper_in_another_file_called_from_mstest_test_initialize_is_flagged() => Run(new("""
        [TestClass]
        public class IdentityTableTests
        {
            [TestInitialize]
            public void Initialize() => Database.Cleanup();

            [TestMethod]
            public void Works() => Assert.IsTrue(true);
        }
        """ + SharedPostgres)
    {
        Project = TestProject.MSTest,
        Files = [("Database.cs", """
            public static class Database
            {
                public static void Cleanup()
                {
                    using var connection = Db.Open();
                    {|TI1004:connection.Execute("TRUNCATE TABLE identity_table")|};
                }
            }
            """)],
    });

    [Fact]
    public Task Parameterized_delete_by_a_fixed_slug_in_one_time_setup_is_flagged() => Run(new("""
        [TestFixture]
        public class ArticleTests
        {
            [OneTimeSetUp]
            public void RemoveLeftovers()
            {
                using var connection = Db.Open();
                {|TI1004:connection.Execute("DELETE FROM articles WHERE slug = @slug", new { slug = {|TI1001:"getting-started"|} })|};
            }

            [Test]
            public void Works() => Assert.Pass();
        }
        """ + SharedPostgres) { Project = TestProject.NUnit });

    [Fact]
    public Task Empty_filter_delete_in_a_tunit_before_hook_is_flagged() => Run(new("""
        public class InboxTests
        {
            private readonly IMongoCollection<BsonDocument> _messages =
                SharedServer.Database.GetCollection<BsonDocument>("messages");

            [TUnit.Core.Before(TUnit.Core.HookType.Test)]
            public async Task Clear() => await {|TI1004:_messages.DeleteManyAsync(FilterDefinition<BsonDocument>.Empty)|};

            [TUnit.Core.Test]
            public void Works() { }
        }

        public static class SharedServer
        {
            // Set once per run by an assembly-level fixture from MONGO_URL: the team's shared server.
            public static IMongoDatabase Database { get; set; } = null!;
        }
        """) { Project = TestProject.NonTest, References = [Stubs.TUnit] });

    // Modelled on shared Mongo fixtures that reset their collections when the fixture starts.
    [Fact]
    public Task Drop_of_a_fixed_collection_in_fixture_initialize_async_is_flagged() => Test("""
        public sealed class EventsFixture : IAsyncLifetime
        {
            public IMongoDatabase Database { get; } =
                SharedServer.Database;

            public async Task InitializeAsync() => await {|TI1004:Database.DropCollectionAsync("events")|};

            public Task DisposeAsync() => Task.CompletedTask;
        }

        public static class SharedServer
        {
            // Set once per run by an assembly-level fixture from MONGO_URL: the team's shared server.
            public static IMongoDatabase Database { get; set; } = null!;
        }
        """);

    // Modelled on RepoDB/SecurityEssentials: an embedded .sql cleanup script, also listed as AdditionalFiles (ClassInitialize there).
    [Fact]
    public Task Embedded_sql_cleanup_script_run_in_one_time_setup_is_flagged() => Run(new("""
        [TestFixture]
        public class ScriptedCleanupTests
        {
            [OneTimeSetUp]
            public void Initialize()
            {
                string script;
                using (var stream = typeof(ScriptedCleanupTests).Assembly.GetManifestResourceStream("Shop.Tests.Scripts.Cleanup.sql")!)
                using (var reader = new StreamReader(stream))
                {
                    script = reader.ReadToEnd();
                }

                using var connection = Db.Open();
                using var command = {|TI1004:new NpgsqlCommand(script, connection)|};
                command.ExecuteNonQuery();
            }

            [Test]
            public void Works() => Assert.Pass();
        }
        """ + SharedPostgres)
    {
        Project = TestProject.NUnit,
        AdditionalFiles = [("/src/Shop.Tests/Scripts/Cleanup.sql", "-- reset the shop tables\nDELETE FROM order_lines;\nDELETE FROM orders;\n")],
    });

    [Fact]
    public Task Class_and_assembly_initialize_wipes_are_flagged() => Run(new("""
        [TestClass]
        public class LedgerTests
        {
            [AssemblyInitialize]
            public static void Boot(TestContext context)
            {
                using var connection = Db.Open();
                {|TI1004:connection.Execute("DELETE FROM ledger_entries")|};
            }

            [ClassInitialize]
            public static void Reset(TestContext context) => ResetAccounts();

            private static void ResetAccounts()
            {
                using var connection = Db.Open();
                {|TI1004:connection.Execute("DELETE FROM accounts WHERE code = @code", new { code = {|TI1001:"cash"|} })|};
            }

            [TestMethod]
            public void Works() => Assert.IsTrue(true);
        }
        """ + SharedPostgres) { Project = TestProject.MSTest, References = [Stubs.MSTestExtensions] });

    // Modelled on Postgredebaser's FixtureBase: [SetUp] in a base class calls a virtual SetUp() that test classes override.
    [Fact]
    public Task Wipe_in_an_override_called_from_a_base_class_setup_is_flagged() => Run(new("""
        public abstract class FixtureBase
        {
            [SetUp]
            public void InnerSetUp() => SetUp();

            protected virtual void SetUp() { }
        }

        [TestFixture]
        public class MigrationTests : FixtureBase
        {
            protected override void SetUp()
            {
                using var connection = Db.Open();
                {|TI1004:connection.Execute("TRUNCATE schema_version")|};
            }

            [Test]
            public void Works() => Assert.Pass();
        }
        """ + SharedPostgres) { Project = TestProject.NUnit });

    // Modelled on SqlClient-style MSTest suites: an ADO.NET command with AddWithValue in [TestInitialize].
    [Fact]
    public Task Ado_net_delete_by_a_fixed_code_parameter_in_test_initialize_is_flagged() => Run(new("""
        [TestClass]
        public class CouponTests
        {
            [TestInitialize]
            public void RemoveCoupon()
            {
                using var connection = Db.Open();
                using var command = {|TI1004:new NpgsqlCommand("DELETE FROM coupons WHERE code = @code", connection)|};
                command.Parameters.AddWithValue("code", {|TI1001:"WELCOME10"|});
                command.ExecuteNonQuery();
            }

            [TestMethod]
            public void Works() => Assert.IsTrue(true);
        }
        """ + SharedPostgres) { Project = TestProject.MSTest });

    // ---- not flagged ---------------------------------------------------------------------------

    [Fact]
    public Task Setup_wipe_of_a_sqlite_in_memory_database_is_not_flagged() => Run(new("""
        [TestFixture]
        public class SqliteTests
        {
            private SqliteConnection _connection = null!;

            [SetUp]
            public void Open()
            {
                _connection = new SqliteConnection("Data Source=:memory:");
                _connection.Open();
                _connection.Execute("CREATE TABLE IF NOT EXISTS orders (id TEXT)");
                _connection.Execute("DELETE FROM orders");
            }

            [TearDown]
            public void Close() => _connection.Dispose();

            [Test]
            public void Works() => Assert.Pass();
        }
        """) { Project = TestProject.NUnit });

    [Fact]
    public Task Setup_delete_scoped_to_a_per_run_tenant_is_not_flagged() => Run(new("""
        [TestFixture]
        public class TenantTests
        {
            private readonly string _tenant = Guid.NewGuid().ToString("N");

            [SetUp]
            public void Clear()
            {
                using var connection = Db.Open();
                connection.Execute("DELETE FROM orders WHERE tenant_id = @tenant", new { tenant = _tenant });
            }

            [Test]
            public void Works() => Assert.Pass();
        }
        """ + SharedPostgres) { Project = TestProject.NUnit });

    // Modelled on Respawn + Testcontainers fixtures (a throw-away server per run, reset before each test).
    [Fact]
    public Task Respawn_reset_of_a_throwaway_container_in_initialize_async_is_not_flagged() => Run(new("""
        public sealed class ApiFixture : IAsyncLifetime
        {
            private readonly Testcontainers.PostgreSql.PostgreSqlContainer _postgres = new Testcontainers.PostgreSql.PostgreSqlBuilder().Build();
            private Respawn.Respawner _respawner = null!;

            public async Task InitializeAsync()
            {
                await _postgres.StartAsync();
                _respawner = await Respawn.Respawner.CreateAsync(_postgres.GetConnectionString());
                await _respawner.ResetAsync(_postgres.GetConnectionString());
                await using var connection = new NpgsqlConnection(_postgres.GetConnectionString());
                await connection.ExecuteAsync("DELETE FROM outbox");
            }

            public Task DisposeAsync() => _postgres.DisposeAsync().AsTask();
        }
        """) { References = [Stubs.TestcontainersPostgres, Stubs.Respawn] });

    [Fact]
    public Task Constructor_that_creates_tables_and_inserts_per_run_rows_is_not_flagged() => Test("""
        public class SchemaTests
        {
            private readonly string _key = "job-" + Guid.NewGuid().ToString("N");

            public SchemaTests()
            {
                using var connection = Db.Open();
                connection.Execute("CREATE TABLE IF NOT EXISTS jobs (key text PRIMARY KEY, state text)");
                connection.Execute("INSERT INTO jobs (key, state) VALUES (@key, 'new')", new { key = _key });
            }

            [Fact]
            public void Works() => Assert.True(true);
        }
        """ + SharedPostgres);

    // Modelled on Hangfire.EntityFramework's CleanDatabaseAttribute, whose Before only serialises tests.
    [Fact]
    public Task Before_after_attribute_that_only_takes_a_lock_is_not_flagged() => Test("""
        public sealed class SerialAttribute : Xunit.Sdk.BeforeAfterTestAttribute
        {
            private static readonly object Gate = new();

            public override void Before(MethodInfo methodUnderTest) => Monitor.Enter(Gate);

            public override void After(MethodInfo methodUnderTest) => Monitor.Exit(Gate);
        }
        """);

    [Fact]
    public Task Setup_that_drops_a_database_named_per_run_is_not_flagged() => Run(new("""
        [TestFixture]
        public class MigrationTests
        {
            private readonly string _database = "migrations_" + Guid.NewGuid().ToString("N");

            [SetUp]
            public void Recreate()
            {
                using var connection = Db.Open();
                connection.Execute($"DROP DATABASE IF EXISTS \"{_database}\"");
                connection.Execute($"CREATE DATABASE \"{_database}\"");
            }

            [Test]
            public void Works() => Assert.Pass();
        }
        """ + SharedPostgres) { Project = TestProject.NUnit });

    [Fact]
    public Task Wipe_helper_called_only_from_application_code_is_not_flagged() => Test("""
        public static class Maintenance
        {
            public static void Purge(NpgsqlConnection connection) => connection.Execute("DELETE FROM expired_sessions");
        }

        public class PurgeJob
        {
            public void Run() => Maintenance.Purge(Db.Open());
        }
        """ + SharedPostgres);

    [Fact]
    public Task Wipe_three_calls_away_from_setup_is_not_followed() => Run(new("""
        [TestFixture]
        public class DeepTests
        {
            [SetUp]
            public void SetUp() => Level1();

            private static void Level1() => Level2();

            private static void Level2() => Level3();

            private static void Level3()
            {
                using var connection = Db.Open();
                connection.Execute("DELETE FROM orders");
            }

            [Test]
            public void Works() => Assert.Pass();
        }
        """ + SharedPostgres) { Project = TestProject.NUnit });

    [Fact]
    public Task Embedded_script_that_matches_two_additional_files_equally_is_not_guessed() => Run(new("""
        [TestFixture]
        public class ScriptTests
        {
            [OneTimeSetUp]
            public void Initialize()
            {
                using var stream = typeof(ScriptTests).Assembly.GetManifestResourceStream("Cleanup.sql")!;
                using var reader = new StreamReader(stream);
                using var connection = Db.Open();
                using var command = new NpgsqlCommand(reader.ReadToEnd(), connection);
                command.ExecuteNonQuery();
            }

            [Test]
            public void Works() => Assert.Pass();
        }
        """ + SharedPostgres)
    {
        Project = TestProject.NUnit,
        AdditionalFiles = [("/src/A/Cleanup.sql", "DELETE FROM orders;"), ("/src/B/Cleanup.sql", "DELETE FROM users;")],
    });

    [Fact]
    public Task Embedded_seed_script_without_deletes_is_not_flagged() => Run(new("""
        [TestFixture]
        public class SeedTests
        {
            [OneTimeSetUp]
            public void Initialize()
            {
                using var stream = typeof(SeedTests).Assembly.GetManifestResourceStream("Shop.Tests.Scripts.Schema.sql")!;
                using var reader = new StreamReader(stream);
                using var connection = Db.Open();
                using var command = new NpgsqlCommand(reader.ReadToEnd(), connection);
                command.ExecuteNonQuery();
            }

            [Test]
            public void Works() => Assert.Pass();
        }
        """ + SharedPostgres)
    {
        Project = TestProject.NUnit,
        AdditionalFiles = [("/src/Shop.Tests/Scripts/Schema.sql", "CREATE TABLE IF NOT EXISTS orders (id text PRIMARY KEY);\nCREATE INDEX IF NOT EXISTS ix_orders_id ON orders (id);")],
    });

    // Modelled on suites that create a database per run in a collection fixture and empty tables per test.
    [Fact]
    public Task Constructor_wipe_in_a_database_created_per_run_is_not_flagged() => Test("""
        public sealed class PerRunDatabase
        {
            public string ConnectionString { get; } = $"Host=localhost;Username=postgres;Database=orders_{Guid.NewGuid():N}";
        }

        public class OrderTests : IClassFixture<PerRunDatabase>
        {
            private readonly NpgsqlConnection _connection;

            public OrderTests(PerRunDatabase database)
            {
                _connection = new NpgsqlConnection(database.ConnectionString);
                _connection.Execute("DELETE FROM orders");
            }

            [Fact]
            public void Works() => Assert.NotNull(_connection);
        }
        """);

    [Fact]
    public Task Ado_net_delete_by_a_per_run_parameter_in_setup_is_not_flagged() => Run(new("""
        [TestFixture]
        public class CouponTests
        {
            private readonly string _code = "coupon-" + Guid.NewGuid().ToString("N");

            [SetUp]
            public void RemoveCoupon()
            {
                using var connection = Db.Open();
                using var command = new NpgsqlCommand("DELETE FROM coupons WHERE code = @code AND kind = @kind", connection);
                command.Parameters.AddWithValue("code", _code);
                command.Parameters.AddWithValue("kind", "seasonal");
                command.ExecuteNonQuery();
            }

            [Test]
            public void Works() => Assert.Pass();
        }
        """ + SharedPostgres) { Project = TestProject.NUnit });
}
