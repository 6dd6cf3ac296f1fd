using static Tractatus.TestIsolation.Analyzers.Tests.RealWorld.RealWorldVerifier;

namespace Tractatus.TestIsolation.Analyzers.Tests.RealWorld.HeldOut;

/// <summary>
/// Held-out shapes of database names handed to libraries that wrap the driver (MongoDB.Entities,
/// Hangfire.Mongo, RavenDB) and set through connection-string builder indexers or a provider
/// factory's connection, with the near misses: per-run names, per-run servers, system databases,
/// look-alike types of the suite's own.
/// </summary>
public class HeldOutWrapperNamesTests
{
    [Fact]
    public Task Flagged_mongodb_entities_init_with_a_literal_name() => Test("""
        using MongoDB.Entities;

        public class InitTests
        {
            [Fact]
            public async Task Init() => await DB.InitAsync({|TI1002:"mongodb-entities-test"|});
        }
        """, Stubs.MongoDbEntities);

    [Fact]
    public Task Flagged_mongodb_entities_const_through_a_forwarding_helper() => Test("""
        using MongoDB.Entities;

        public static class TestDb
        {
            public static Task<DB> InitTestDatabase(string databaseName) => DB.InitAsync(databaseName);
        }

        public class MultiDbTests
        {
            const string DbName = {|TI1002:"mongodb-entities-test-multi"|};

            [Fact]
            public async Task Saves() => await TestDb.InitTestDatabase(DbName);
        }
        """, Stubs.MongoDbEntities);

    [Fact]
    public Task Flagged_mongodb_entities_db_context_on_localhost() => Test("""
        using MongoDB.Entities;

        public class ContextTests
        {
            [Fact]
            public void Creates()
            {
                var context = new DBContext({|TI1002:"entities-context-tests"|}, "localhost");
            }
        }
        """, Stubs.MongoDbEntities);

    [Fact]
    public Task Flagged_hangfire_mongo_storage_with_a_constant_fallback() => Test("""
        using Hangfire.Mongo;

        public static class ConnectionUtils
        {
            private const string DefaultDatabaseName = {|TI1002:"Hangfire-Mongo-Tests"|};

            public static MongoStorage CreateStorage(string? databaseName = null) =>
                new MongoStorage(MongoClientSettings.FromConnectionString("mongodb://localhost:27017"), databaseName ?? DefaultDatabaseName, new MongoStorageOptions());
        }

        public class StorageFacts
        {
            [Fact]
            public void Creates() => ConnectionUtils.CreateStorage();
        }
        """, Stubs.HangfireMongo);

    [Fact]
    public Task Flagged_hangfire_mongo_db_context() => Test("""
        using Hangfire.Mongo.Database;

        public class DbContextFacts
        {
            [Fact]
            public void Connects()
            {
                var context = new HangfireDbContext("mongodb://localhost:27017", {|TI1002:"Hangfire-Mongo-Context-Tests"|});
            }
        }
        """, Stubs.HangfireMongo);

    [Fact]
    public Task Flagged_raven_document_store_database_in_an_initializer() => Test("""
        using Raven.Client.Documents;

        public class RavenFixture : IDisposable
        {
            public IDocumentStore Store { get; } = new DocumentStore { Urls = new[] { "http://localhost:8080" }, Database = {|TI1002:"Northwind"|} }.Initialize();

            public void Dispose() => Store.Dispose();
        }
        """, Stubs.RavenClient);

    [Fact]
    public Task Flagged_raven_document_store_database_set_afterwards() => Test("""
        using Raven.Client.Documents;

        public class RavenTests
        {
            [Fact]
            public void Stores()
            {
                var store = new DocumentStore { Urls = new[] { Environment.GetEnvironmentVariable("RAVEN_URL")! } };
                store.Database = {|TI1002:"orders-tests"|};
                store.Initialize();
            }
        }
        """, Stubs.RavenClient);

    [Fact]
    public Task Flagged_builder_indexer_database_and_initial_catalog() => Test("""
        public class BuilderIndexerTests
        {
            [Fact]
            public void Npgsql_builder()
            {
                var b = new NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable("TEST_PG")!);
                b["Database"] = {|TI1002:"orleans_stream_test"|};
                using var conn = new NpgsqlConnection(b.ConnectionString);
            }

            [Fact]
            public void Common_builder()
            {
                var c = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = Environment.GetEnvironmentVariable("TEST_PG")! };
                c["Initial Catalog"] = {|TI1002:"OrleansReminderTest"|};
                using var conn = new NpgsqlConnection(c.ConnectionString);
            }
        }
        """);

    [Fact]
    public Task Flagged_provider_factory_connection_string_setter() => Test("""
        public class FactoryTests
        {
            [Fact]
            public void Opens()
            {
                using var conn = NpgsqlFactory.Instance.CreateConnection()!;
                conn.ConnectionString = {|TI1002:"Host=localhost;Database=dappertest;Username=test"|};
                conn.Open();
            }
        }
        """);

    [Fact]
    public Task Not_flagged_mongodb_entities_on_a_per_run_container() => Test("""
        using MongoDB.Entities;
        using Testcontainers.MongoDb;

        public class ContainerInitTests : IAsyncLifetime
        {
            private readonly MongoDbContainer _mongo = new MongoDbBuilder().Build();

            public async Task InitializeAsync()
            {
                await _mongo.StartAsync();
                await DB.InitAsync("mongodb-entities-test", MongoClientSettings.FromConnectionString(_mongo.GetConnectionString()));
            }

            public Task DisposeAsync() => _mongo.DisposeAsync().AsTask();

            [Fact]
            public void Works() { }
        }
        """, Stubs.MongoDbEntities, Stubs.TestcontainersMongo);

    [Fact]
    public Task Not_flagged_mongodb_entities_with_a_per_run_name() => Test("""
        using MongoDB.Entities;

        public class PerRunInitTests
        {
            [Fact]
            public async Task Init() => await DB.InitAsync($"entities-{Guid.NewGuid():N}");
        }
        """, Stubs.MongoDbEntities);

    [Fact]
    public Task Not_flagged_raven_database_with_a_guid() => Test("""
        using Raven.Client.Documents;

        public class ReusableDb
        {
            [Fact]
            public void Stores()
            {
                var databaseName = Guid.NewGuid().ToString("N");
                using var store = new DocumentStore { Urls = new[] { "http://localhost:8080" }, Database = databaseName };
                store.Initialize();
            }
        }
        """, Stubs.RavenClient);

    [Fact]
    public Task Not_flagged_builder_indexer_with_a_per_run_name_or_a_system_database() => Test("""
        public class PerRunBuilderTests
        {
            [Fact]
            public void Uses_guid_database()
            {
                var b = new NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable("TEST_PG")!);
                b["Database"] = $"sql_tests_{Guid.NewGuid():N}";
                using var conn = new NpgsqlConnection(b.ConnectionString);
            }

            [Fact]
            public void Connects_to_the_maintenance_database()
            {
                var b = new NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable("TEST_PG")!);
                b["Database"] = "postgres";
                using var conn = new NpgsqlConnection(b.ConnectionString);
            }
        }
        """);

    [Fact]
    public Task Not_flagged_builder_indexer_of_another_key() => Test("""
        public class BuilderOtherKeyTests
        {
            [Fact]
            public void Sets_timeout()
            {
                var b = new NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable("TEST_PG")!);
                b["Application Name"] = "orders-tests";
                using var conn = new NpgsqlConnection(b.ConnectionString);
            }
        }
        """);

    [Fact]
    public Task Not_flagged_look_alike_types_of_the_suites_own() => Test("""
        namespace Acme.Testing
        {
            public static class DB
            {
                public static Task InitAsync(string database) => Task.CompletedTask;
            }

            public class DocumentStore
            {
                public string Database { get; set; } = "";
            }

            public class LookAlikeTests
            {
                [Fact]
                public async Task Init()
                {
                    await DB.InitAsync("not-a-store");
                    var store = new DocumentStore { Database = "just-a-label" };
                }
            }
        }
        """);

    [Fact]
    public Task Not_flagged_hangfire_mongo_storage_on_mongo2go() => Test("""
        using Hangfire.Mongo;
        using Mongo2Go;

        public class RunnerStorageFacts
        {
            [Fact]
            public void Creates()
            {
                using var runner = MongoDbRunner.Start();
                var storage = new MongoStorage(MongoClientSettings.FromConnectionString(runner.ConnectionString), "Hangfire-Mongo-Tests", new MongoStorageOptions());
            }
        }
        """, Stubs.HangfireMongo, Stubs.Mongo2Go);

    [Fact]
    public Task Not_flagged_hangfire_mongo_storage_in_a_fixture_whose_client_comes_from_its_container() => Test("""
        using Hangfire.Mongo;
        using Testcontainers.MongoDb;

        public sealed class MongoIntegrationFixture : IAsyncLifetime
        {
            private const string DefaultDatabaseName = "Hangfire-Mongo-Tests";
            private readonly MongoDbContainer _container = new MongoDbBuilder().WithImage("mongo:7.0").Build();

            public Task InitializeAsync() => _container.StartAsync();

            public Task DisposeAsync() => _container.DisposeAsync().AsTask();

            public MongoStorage CreateStorage(string? databaseName = null)
            {
                var client = GetMongoClient();
                return new MongoStorage(client, databaseName ?? DefaultDatabaseName, new MongoStorageOptions());
            }

            private MongoClient GetMongoClient()
            {
                var connectionString = _container.GetConnectionString();
                var settings = MongoClientSettings.FromConnectionString(connectionString);
                return new MongoClient(settings);
            }
        }

        public class FilledDatabaseFacts(MongoIntegrationFixture fixture) : IClassFixture<MongoIntegrationFixture>
        {
            [Fact]
            public void Fills() => fixture.CreateStorage("Mongo-Hangfire-Filled");
        }
        """, Stubs.HangfireMongo, Stubs.TestcontainersMongo);

    [Fact]
    public Task Not_flagged_hangfire_mongo_storage_only_formatted_or_expected_to_throw() => Test("""
        using Hangfire.Mongo;

        public class MongoStorageToStringFacts
        {
            [Fact]
            public void ToString_hides_credentials()
            {
                var settings = MongoClientSettings.FromConnectionString("mongodb://localhost:27017");
                var storage = new MongoStorage(settings, "testdb", new MongoStorageOptions());

                Assert.DoesNotContain(":pass@", storage.ToString());
            }

            [Fact]
            public void Ctor_throws_when_the_connection_string_is_empty() =>
                Assert.Throws<ArgumentException>(() => new MongoStorage(MongoClientSettings.FromConnectionString(""), "database", new MongoStorageOptions()));
        }
        """, Stubs.HangfireMongo);

    [Fact]
    public Task Flagged_hangfire_mongo_storage_that_is_used_not_only_formatted() => Test("""
        using Hangfire.Mongo;

        public class MongoStorageFacts
        {
            [Fact]
            public void Creates_and_keeps_the_storage()
            {
                var settings = MongoClientSettings.FromConnectionString("mongodb://localhost:27017");
                var storage = new MongoStorage(settings, {|TI1002:"hangfire-facts"|}, new MongoStorageOptions());

                Assert.NotNull(storage);
                Assert.Contains("localhost", storage.ToString());
            }
        }
        """, Stubs.HangfireMongo);

    // A builder's ToString() is its connection string (Hangfire.PostgreSql's ConnectionUtils connects with csb.ToString()),
    // so only a wrapper's ToString() counts as formatting for display.
    [Fact]
    public Task Flagged_builder_whose_to_string_is_connected_with() => Test("""
        public class ConnectionFacts
        {
            [Fact]
            public void Connects()
            {
                var builder = new NpgsqlConnectionStringBuilder({|TI1002:"Host=localhost;Database=orders_tests"|});
                using var connection = new NpgsqlConnection(builder.ToString());
            }
        }
        """);
}
