using Tractatus.TestIsolation.Analyzers.Tests.Verifiers;
using static Tractatus.TestIsolation.Analyzers.Tests.RealWorld.RealWorldVerifier;

namespace Tractatus.TestIsolation.Analyzers.Tests.RealWorld.HeldOutLibraries;

/// <summary>
/// Held-out TI1004 shapes of suites built on storage libraries: their wipe APIs (Marten's document
/// cleaner, Wolverine's message-store admin, Weasel's <c>DropSchemaAsync</c>, Redis's
/// <c>FlushDatabase</c>, Quartz.NET's <c>Clear</c>, NEventStore's <c>Drop</c>/<c>Purge</c>), a
/// Hangfire-style <c>[CleanDatabase]</c> attribute, and <c>DROP DATABASE</c> / <c>DROP SCHEMA</c>
/// built with <c>string.Format</c> or <c>FormattableString.Invariant</c>, run in setup or teardown on
/// a shared server; and the near misses that must stay quiet (the same calls in a test body, on a
/// per-run server, schema or database, or on an in-memory store).
/// </summary>
public class HeldOutLibraryWipesTests
{
    private const string SharedPostgres = HeldOutWipes.HeldOutWipeSources.SharedPostgres;

    private static readonly Dictionary<string, Shape> Flagged = new()
    {
        // Hangfire.PostgreSql / Hangfire.SqlServer CleanDatabaseAttribute: Before() wipes the storage's tables.
        ["clean_database_attribute_truncates_in_before"] = new("""
            public sealed class CleanDatabaseAttribute : Xunit.Sdk.BeforeAfterTestAttribute
            {
                private static readonly object GlobalLock = new();

                public override void Before(MethodInfo methodUnderTest)
                {
                    Monitor.Enter(GlobalLock);
                    using var connection = Db.Open();
                    {|TI1004:connection.Execute("TRUNCATE TABLE hangfire.counter; DELETE FROM hangfire.job; TRUNCATE TABLE hangfire.lock;")|};
                }

                public override void After(MethodInfo methodUnderTest) => Monitor.Exit(GlobalLock);
            }

            public class StorageFacts
            {
                [Fact, CleanDatabase]
                public void Works() => Assert.True(true);
            }
            """ + SharedPostgres),

        // A user fixture: the store comes from the test host, CompletelyRemoveAllAsync in InitializeAsync.
        ["marten_completely_remove_all_in_initialize_async"] = new("""
            public class TaskAssigneeCommandTests : IAsyncLifetime
            {
                private readonly Marten.IDocumentStore _store;

                public TaskAssigneeCommandTests(Marten.IDocumentStore store) => _store = store;

                public async Task InitializeAsync() => await {|TI1004:_store.Advanced.Clean.CompletelyRemoveAllAsync()|};

                public Task DisposeAsync() => Task.CompletedTask;

                [Fact]
                public void Assigns() => Assert.NotNull(_store);
            }
            """) { References = [Stubs.Marten] },

        ["marten_delete_all_documents_in_dispose_on_a_configured_server"] = new("""
            public sealed class OrdersFixture : IDisposable
            {
                public Marten.IDocumentStore Store { get; } = Marten.DocumentStore.For(Environment.GetEnvironmentVariable("MARTEN_TESTS")!);

                public void Dispose()
                {
                    {|TI1004:Store.Advanced.Clean.DeleteAllDocuments()|};
                    Store.Dispose();
                }
            }

            public class OrderTests : IClassFixture<OrdersFixture>
            {
                [Fact]
                public void Works() => Assert.True(true);
            }
            """) { References = [Stubs.Marten] },

        ["marten_reset_all_data_through_a_helper_in_nunit_setup"] = new("""
            public abstract class IntegrationContext
            {
                protected static Marten.IDocumentStore Store { get; set; } = null!;

                [SetUp]
                public Task SetUp() => ResetState();

                private static async Task ResetState()
                {
                    await {|TI1004:Store.Advanced.ResetAllData()|};
                }
            }

            [TestFixture]
            public class InvoiceProjectionTests : IntegrationContext
            {
                [Test]
                public void Works() => Assert.Pass();
            }
            """) { Project = TestProject.NUnit, References = [Stubs.Marten] },

        ["marten_delete_documents_by_type_in_test_class_constructor"] = new("""
            public class UserDocumentTests
            {
                private readonly Marten.IDocumentStore _store = Marten.DocumentStore.For(Environment.GetEnvironmentVariable("MARTEN_TESTS")!);

                public UserDocumentTests()
                {
                    {|TI1004:_store.Advanced.Clean.DeleteDocumentsByTypeAsync(typeof(UserDocument))|}.GetAwaiter().GetResult();
                }

                [Fact]
                public void Works() => Assert.NotNull(_store);
            }

            public sealed class UserDocument
            {
                public string Id { get; set; } = "";
            }
            """) { References = [Stubs.Marten] },

        ["marten_store_configured_in_a_lambda_on_the_team_server"] = new("""
            public class ShipmentProjectionTests : IAsyncLifetime
            {
                private readonly Marten.IDocumentStore _store = Marten.DocumentStore.For(opts =>
                {
                    opts.Connection(Environment.GetEnvironmentVariable("MARTEN_TESTS")!);
                });

                public Task InitializeAsync() => {|TI1004:_store.Advanced.Clean.DeleteAllDocumentsAsync()|};

                public Task DisposeAsync() => Task.CompletedTask;

                [Fact]
                public void Works() => Assert.NotNull(_store);
            }
            """) { References = [Stubs.Marten] },

        // Alba / Wolverine style: the test host's Marten data is cleaned before each test.
        ["marten_host_helper_cleans_all_data_in_initialize_async"] = new("""
            using Marten;

            public class OrderEndpointTests : IAsyncLifetime
            {
                private readonly Microsoft.Extensions.Hosting.IHost _host;

                public OrderEndpointTests(Microsoft.Extensions.Hosting.IHost host) => _host = host;

                public Task InitializeAsync() => {|TI1004:_host.CleanAllMartenDataAsync()|};

                public Task DisposeAsync() => Task.CompletedTask;

                [Fact]
                public void Works() => Assert.NotNull(_host);
            }
            """) { References = [Stubs.Marten, Stubs.Hosting] },

        // Wolverine's suites: the host's stateful resources (its message store's tables) are reset before each test.
        ["oakton_reset_resource_state_in_initialize_async"] = new("""
            using Oakton.Resources;

            public class OutboxTests : IAsyncLifetime
            {
                private readonly Microsoft.Extensions.Hosting.IHost _host;

                public OutboxTests(Microsoft.Extensions.Hosting.IHost host) => _host = host;

                public async Task InitializeAsync() => await {|TI1004:_host.ResetResourceState()|};

                public Task DisposeAsync() => Task.CompletedTask;

                [Fact]
                public void Works() => Assert.NotNull(_host);
            }
            """) { References = [Stubs.Oakton, Stubs.Hosting] },

        ["wolverine_message_store_cleared_in_initialize_async"] = new("""
            public class DurabilityTests : IAsyncLifetime
            {
                private readonly Wolverine.Persistence.Durability.IMessageStore _messageStore;

                public DurabilityTests(Wolverine.Persistence.Durability.IMessageStore messageStore) => _messageStore = messageStore;

                public async Task InitializeAsync()
                {
                    await {|TI1004:_messageStore.Admin.ClearAllAsync()|};
                }

                public Task DisposeAsync() => Task.CompletedTask;

                [Fact]
                public void Works() => Assert.NotNull(_messageStore);
            }
            """) { References = [Stubs.Wolverine] },

        // Wolverine's message_store_initialization_and_configuration: InitializeAsync → dropSchema().
        ["weasel_drop_schema_of_a_literal_through_a_helper"] = new("""
            public class MessageStoreInitTests : IAsyncLifetime
            {
                public async Task InitializeAsync() => await dropSchema();

                private static async Task dropSchema()
                {
                    await using var conn = Db.Open();
                    await {|TI1004:Weasel.Postgresql.SchemaObjectsExtensions.DropSchemaAsync(conn, "registry")|};
                }

                public Task DisposeAsync() => Task.CompletedTask;

                [Fact]
                public void Builds_tables() => Assert.True(true);
            }
            """ + SharedPostgres) { References = [Stubs.Weasel] },

        ["weasel_drop_schema_extension_call_in_nunit_one_time_setup"] = new("""
            [TestFixture]
            public class TenancyTests
            {
                private const string SchemaName = "tenants";

                [OneTimeSetUp]
                public async Task DropTenants()
                {
                    await using var conn = Db.Open();
                    await {|TI1004:Weasel.Postgresql.SchemaObjectsExtensions.DropSchemaAsync(conn, SchemaName)|};
                }

                [Test]
                public void Works() => Assert.Pass();
            }
            """ + SharedPostgres) { Project = TestProject.NUnit, References = [Stubs.Weasel] },

        // StackExchange.Redis suites: the test-class constructor flushes the database of the team's server.
        ["redis_flush_database_in_test_class_constructor"] = new("""
            public class RedisKeyTests
            {
                private readonly StackExchange.Redis.ConnectionMultiplexer _mux = StackExchange.Redis.ConnectionMultiplexer.Connect("localhost:6379,allowAdmin=true");

                public RedisKeyTests() => {|TI1004:_mux.GetServer("localhost", 6379).FlushDatabase()|};

                [Fact]
                public void Sets_key() => Assert.NotNull(_mux);
            }
            """) { References = [Stubs.Redis] },

        ["redis_flush_all_databases_in_fixture_dispose_async"] = new("""
            public sealed class RedisFixture : IAsyncLifetime
            {
                public StackExchange.Redis.ConnectionMultiplexer Connection { get; private set; } = null!;

                public async Task InitializeAsync() =>
                    Connection = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(Environment.GetEnvironmentVariable("REDIS_TESTS")!);

                public async Task DisposeAsync()
                {
                    var server = Connection.GetServer(Environment.GetEnvironmentVariable("REDIS_HOST")!);
                    await {|TI1004:server.FlushAllDatabasesAsync()|};
                }
            }
            """) { References = [Stubs.Redis] },

        // Quartz.NET's AdoJobStoreSmokeTest: a scheduler on the ADO job store, cleared before the test.
        ["quartz_clear_of_an_ado_job_store_scheduler_in_setup"] = new("""
            [TestFixture]
            public class AdoJobStoreSmokeTest
            {
                private Quartz.IScheduler _scheduler = null!;

                [SetUp]
                public async Task SetUp()
                {
                    var properties = new System.Collections.Specialized.NameValueCollection
                    {
                        ["quartz.jobStore.type"] = "Quartz.Impl.AdoJobStore.JobStoreTX, Quartz",
                        ["quartz.jobStore.dataSource"] = "default",
                    };
                    _scheduler = await new Quartz.Impl.StdSchedulerFactory(properties).GetScheduler();
                    await {|TI1004:_scheduler.Clear()|};
                }

                [Test]
                public void Works() => Assert.Pass();
            }
            """) { Project = TestProject.NUnit, References = [Stubs.Quartz] },

        // NEventStore.Persistence.SQL fixtures: Drop() in the constructor, Purge() in Dispose().
        ["neventstore_drop_in_fixture_constructor_and_purge_in_dispose"] = new("""
            public static class EventStores
            {
                public static NEventStore.IStoreEvents Shared { get; set; } = null!;
            }

            public sealed class PersistenceEngineFixture : IDisposable
            {
                public PersistenceEngineFixture()
                {
                    {|TI1004:EventStores.Shared.Advanced.Drop()|};
                    EventStores.Shared.Advanced.Initialize();
                }

                public void Dispose() => {|TI1004:EventStores.Shared.Advanced.Purge()|};
            }

            public class TransactionIsolationLevelTests : IClassFixture<PersistenceEngineFixture>
            {
                [Fact]
                public void Works() => Assert.True(true);
            }
            """) { References = [Stubs.NEventStore] },

        // Serilog MSSQL sink's DatabaseFixture: DROP DATABASE of a constant name through string.Format.
        ["drop_database_built_with_string_format_in_fixture_dispose"] = new("""
            public sealed class DatabaseFixture : IDisposable
            {
                private const string DatabaseName = {|TI1002:"LogTest"|};

                public void Dispose()
                {
                    using var connection = Db.Open();
                    {|TI1004:connection.Execute(string.Format("DROP DATABASE IF EXISTS {0}", DatabaseName))|};
                }
            }

            public class LogTests : IClassFixture<DatabaseFixture>
            {
                [Fact]
                public void Works() => Assert.True(true);
            }
            """ + SharedPostgres),

        // CAP's DatabaseTestHost: DROP DATABASE built with FormattableString.Invariant in the constructor.
        ["drop_database_built_with_formattable_string_invariant_in_constructor"] = new("""
            public class DatabaseTestHost
            {
                private const string DatabaseName = {|TI1002:"cap_test"|};

                public DatabaseTestHost()
                {
                    using var connection = Db.Open();
                    {|TI1004:connection.Execute(FormattableString.Invariant($"DROP DATABASE IF EXISTS \"{DatabaseName}\""))|};
                }

                [Fact]
                public void Works() => Assert.True(true);
            }
            """ + SharedPostgres),

        ["drop_schema_cascade_built_with_string_format_in_teardown"] = new("""
            [TestFixture]
            public class ReportingTests
            {
                [TearDown]
                public void DropSchema()
                {
                    using var connection = Db.Open();
                    {|TI1004:connection.Execute(string.Format("DROP SCHEMA IF EXISTS {0} CASCADE", "reporting"))|};
                }

                [Test]
                public void Works() => Assert.Pass();
            }
            """ + SharedPostgres) { Project = TestProject.NUnit },

        // NUnit's ITestAction: BeforeTest/AfterTest run around every test the attribute decorates.
        ["nunit_test_action_attribute_deletes_in_before_test"] = new("""
            [AttributeUsage(AttributeTargets.Method | AttributeTargets.Class)]
            public sealed class CleanQueueAttribute : Attribute, ITestAction
            {
                public ActionTargets Targets => ActionTargets.Test;

                public void BeforeTest(NUnit.Framework.Interfaces.ITest test)
                {
                    using var connection = Db.Open();
                    {|TI1004:connection.Execute("DELETE FROM queue_messages")|};
                }

                public void AfterTest(NUnit.Framework.Interfaces.ITest test) { }
            }

            [TestFixture]
            public class QueueTests
            {
                [Test, CleanQueue]
                public void Works() => Assert.Pass();
            }
            """ + SharedPostgres) { Project = TestProject.NUnit },

        // Quartz.NET's ClusteredPostgresTestBase: [TearDown] deletes the rows of a fixed scheduler name.
        ["quartz_teardown_deletes_by_a_fixed_scheduler_name"] = new("""
            public abstract class ClusteredPostgresTestBase
            {
                protected const string SchedulerName = "ClusteredTest";

                [TearDown]
                public async Task CleanUpDatabaseState()
                {
                    await using var connection = Db.Open();
                    await using var command = connection.CreateCommand();
                    {|TI1004:command.CommandText = "DELETE FROM qrtz_triggers WHERE sched_name = @schedulerName; DELETE FROM qrtz_job_details WHERE sched_name = @schedulerName;"|};
                    command.Parameters.AddWithValue("schedulerName", SchedulerName);
                    await command.ExecuteNonQueryAsync();
                }
            }

            [TestFixture]
            public class ClusteredTests : ClusteredPostgresTestBase
            {
                [Test]
                public void Works() => Assert.Pass();
            }
            """ + SharedPostgres) { Project = TestProject.NUnit },

        // Quartz.NET's DeleteNonExistsJobTest: [SetUp] passes unfiltered deletes to a SQL helper.
        ["setup_passes_an_unfiltered_delete_to_a_sql_helper"] = new("""
            [TestFixture]
            public class DeleteNonExistsJobTest
            {
                [SetUp]
                public async Task SetUp()
                {
                    await using var conn = Db.Open();
                    await RunDbCommand(conn, "delete from qrtz_locks");
                }

                private static async Task RunDbCommand(System.Data.Common.DbConnection conn, string sql)
                {
                    await using var cmd = conn.CreateCommand();
                    {|TI1004:cmd.CommandText = sql|};
                    await cmd.ExecuteNonQueryAsync();
                }

                [Test]
                public void Works() => Assert.Pass();
            }
            """ + SharedPostgres) { Project = TestProject.NUnit },
    };

    private static readonly Dictionary<string, Shape> NotFlagged = new()
    {
        ["marten_clean_in_a_test_body"] = new("""
            public class CleanerTests
            {
                private readonly Marten.IDocumentStore _store = Marten.DocumentStore.For(Environment.GetEnvironmentVariable("MARTEN_TESTS")!);

                [Fact]
                public async Task Removes_everything()
                {
                    await _store.Advanced.Clean.CompletelyRemoveAllAsync();
                    Assert.NotNull(_store);
                }
            }
            """) { References = [Stubs.Marten] },

        ["marten_store_on_a_postgres_container"] = new("""
            public sealed class MartenFixture : IAsyncLifetime
            {
                private readonly Testcontainers.PostgreSql.PostgreSqlContainer _postgres = new Testcontainers.PostgreSql.PostgreSqlBuilder().Build();

                public Marten.IDocumentStore Store { get; private set; } = null!;

                public async Task InitializeAsync()
                {
                    await _postgres.StartAsync();
                    Store = Marten.DocumentStore.For(_postgres.GetConnectionString());
                    await Store.Advanced.Clean.CompletelyRemoveAllAsync();
                }

                public async Task DisposeAsync() => await _postgres.DisposeAsync();
            }
            """) { References = [Stubs.Marten, Stubs.TestcontainersPostgres] },

        ["marten_store_configured_with_a_container_connection_in_a_lambda"] = new("""
            public sealed class DocumentStoreFixture : IAsyncLifetime
            {
                private readonly Testcontainers.PostgreSql.PostgreSqlContainer _postgres = new Testcontainers.PostgreSql.PostgreSqlBuilder().Build();

                public Marten.IDocumentStore Store { get; private set; } = null!;

                public async Task InitializeAsync()
                {
                    await _postgres.StartAsync();
                    Store = Marten.DocumentStore.For(opts =>
                    {
                        opts.Connection(_postgres.GetConnectionString());
                        opts.DatabaseSchemaName = "orders";
                    });
                }

                public async Task DisposeAsync()
                {
                    await Store.Advanced.Clean.CompletelyRemoveAllAsync();
                    await _postgres.DisposeAsync();
                }
            }
            """) { References = [Stubs.Marten, Stubs.TestcontainersPostgres] },

        ["marten_store_with_a_schema_named_per_run"] = new("""
            public class ProjectionTests : IAsyncLifetime
            {
                private readonly Marten.IDocumentStore _store = Marten.DocumentStore.For(opts =>
                {
                    opts.Connection(Environment.GetEnvironmentVariable("MARTEN_TESTS")!);
                    opts.DatabaseSchemaName = "t_" + Guid.NewGuid().ToString("N");
                });

                public Task InitializeAsync() => _store.Advanced.Clean.DeleteAllDocumentsAsync();

                public Task DisposeAsync() => _store.Advanced.Clean.CompletelyRemoveAllAsync();

                [Fact]
                public void Works() => Assert.NotNull(_store);
            }
            """) { References = [Stubs.Marten] },

        ["marten_store_on_a_database_named_per_run"] = new("""
            public sealed class PerRunStoreFixture : IDisposable
            {
                public Marten.IDocumentStore Store { get; } =
                    Marten.DocumentStore.For($"Host=localhost;Username=postgres;Database=orders_{Guid.NewGuid():N}");

                public void Dispose() => Store.Advanced.Clean.DeleteAllDocuments();
            }
            """) { References = [Stubs.Marten] },

        ["weasel_drop_of_a_schema_named_per_run"] = new("""
            public class PerRunSchemaTests : IAsyncLifetime
            {
                private readonly string _schema = "t_" + Guid.NewGuid().ToString("N");

                public Task InitializeAsync() => Task.CompletedTask;

                public async Task DisposeAsync()
                {
                    await using var conn = Db.Open();
                    await Weasel.Postgresql.SchemaObjectsExtensions.DropSchemaAsync(conn, _schema);
                }

                [Fact]
                public void Works() => Assert.True(true);
            }
            """ + SharedPostgres) { References = [Stubs.Weasel] },

        ["redis_flush_on_a_redis_container"] = new("""
            public sealed class RedisContainerFixture : IAsyncLifetime
            {
                private readonly Testcontainers.Redis.RedisContainer _redis = new Testcontainers.Redis.RedisBuilder().Build();
                private StackExchange.Redis.ConnectionMultiplexer _mux = null!;

                public async Task InitializeAsync()
                {
                    await _redis.StartAsync();
                    _mux = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(_redis.GetConnectionString());
                }

                public async Task DisposeAsync()
                {
                    await _mux.GetServer(_redis.GetConnectionString()).FlushDatabaseAsync();
                    await _redis.DisposeAsync();
                }
            }
            """) { References = [Stubs.Redis, Stubs.TestcontainersRedis] },

        // Quartz.NET unit tests: the default scheduler keeps its jobs in memory (RAMJobStore).
        ["quartz_clear_of_an_in_memory_scheduler_in_setup"] = new("""
            [TestFixture]
            public class SchedulerTest
            {
                private Quartz.IScheduler _scheduler = null!;

                [SetUp]
                public async Task SetUp()
                {
                    _scheduler = await new Quartz.Impl.StdSchedulerFactory().GetScheduler();
                    await _scheduler.Clear();
                }

                [Test]
                public void Works() => Assert.Pass();
            }
            """) { Project = TestProject.NUnit, References = [Stubs.Quartz] },

        ["neventstore_in_memory_persistence_purged_in_dispose"] = new("""
            public sealed class InMemoryStoreFixture : IDisposable
            {
                public NEventStore.IStoreEvents Store { get; } = NEventStore.Wireup.Init().UsingInMemoryPersistence().Build();

                public void Dispose() => Store.Advanced.Purge();
            }

            public class StreamTests : IClassFixture<InMemoryStoreFixture>
            {
                [Fact]
                public void Works() => Assert.True(true);
            }
            """) { References = [Stubs.NEventStore] },

        ["drop_database_named_per_run_with_formattable_string_invariant"] = new("""
            public sealed class PerRunDatabaseFixture : IDisposable
            {
                private readonly string _databaseName = "cap_" + Guid.NewGuid().ToString("N");

                public void Dispose()
                {
                    using var connection = Db.Open();
                    connection.Execute(FormattableString.Invariant($"DROP DATABASE IF EXISTS \"{_databaseName}\""));
                }
            }

            public class PerRunDatabaseTests : IClassFixture<PerRunDatabaseFixture>
            {
                [Fact]
                public void Works() => Assert.True(true);
            }
            """ + SharedPostgres),

        ["wolverine_clear_all_called_from_a_test_body"] = new("""
            public class InboxTests
            {
                private readonly Wolverine.Persistence.Durability.IMessageStore _messageStore;

                public InboxTests(Wolverine.Persistence.Durability.IMessageStore messageStore) => _messageStore = messageStore;

                [Fact]
                public async Task Clears_inbox()
                {
                    await _messageStore.Admin.ClearAllAsync();
                    Assert.NotNull(_messageStore);
                }
            }
            """) { References = [Stubs.Wolverine] },

        ["nunit_test_action_attribute_that_only_logs"] = new("""
            [AttributeUsage(AttributeTargets.Method)]
            public sealed class TraceAttribute : Attribute, ITestAction
            {
                public ActionTargets Targets => ActionTargets.Test;

                public void BeforeTest(NUnit.Framework.Interfaces.ITest test)
                {
                    using var connection = Db.Open();
                    connection.Execute("INSERT INTO test_log (name) VALUES (@name)", new { name = test.FullName });
                }

                public void AfterTest(NUnit.Framework.Interfaces.ITest test) { }
            }

            [TestFixture]
            public class TracedTests
            {
                [Test, Trace]
                public void Works() => Assert.Pass();
            }
            """ + SharedPostgres) { Project = TestProject.NUnit },

        ["sql_helper_given_a_delete_from_a_test_body"] = new("""
            [TestFixture]
            public class LockTableTests
            {
                [Test]
                public async Task Clears_locks()
                {
                    await using var conn = Db.Open();
                    await RunDbCommand(conn, "delete from qrtz_locks");
                    Assert.Pass();
                }

                private static async Task RunDbCommand(System.Data.Common.DbConnection conn, string sql)
                {
                    await using var cmd = conn.CreateCommand();
                    cmd.CommandText = sql;
                    await cmd.ExecuteNonQueryAsync();
                }
            }
            """ + SharedPostgres) { Project = TestProject.NUnit },

        ["drop_schema_named_per_run_in_teardown"] = new("""
            [TestFixture]
            public class PerRunSchemaReportingTests
            {
                private readonly string _schema = $"reporting_{Guid.NewGuid():N}";

                [TearDown]
                public void DropSchema()
                {
                    using var connection = Db.Open();
                    connection.Execute(string.Format("DROP SCHEMA IF EXISTS {0} CASCADE", _schema));
                }

                [Test]
                public void Works() => Assert.Pass();
            }
            """ + SharedPostgres) { Project = TestProject.NUnit },
    };

    /// <summary>The flagged case names.</summary>
    public static TheoryData<string> FlaggedNames => HeldOutCases.Names(Flagged);

    /// <summary>The not-flagged case names.</summary>
    public static TheoryData<string> NotFlaggedNames => HeldOutCases.Names(NotFlagged);

    [Theory]
    [MemberData(nameof(FlaggedNames))]
    public Task Is_flagged(string name) => Run(Flagged[name]);

    [Theory]
    [MemberData(nameof(NotFlaggedNames))]
    public Task Is_not_flagged(string name) => Run(NotFlagged[name]);
}
