using static Tractatus.TestIsolation.Analyzers.Tests.RealWorld.RealWorldVerifier;

namespace Tractatus.TestIsolation.Analyzers.Tests.RealWorld.HeldOut;

/// <summary>
/// Held-out shapes of MongoDB.Driver suites (repository libraries, storage providers, app
/// integration tests): upserts, filters, repository helpers one call up, converted documents, and
/// the near misses (generated ids, per-run databases, Mongo2Go runners, assertions).
/// </summary>
public class HeldOutMongoTests
{
    private const string Shared = """

        public class Account
        {
            public string Id { get; set; } = "";
            public string Email { get; set; } = "";
            public string Name { get; set; } = "";
        }

        public record Tenant(string Code, string Name);

        public static class SharedMongo
        {
            // Set once per run by an assembly fixture from MONGO_URL: the team's shared server.
            public static IMongoDatabase Database { get; set; } = null!;

            public static IMongoCollection<T> Collection<T>(string name) => Database.GetCollection<T>(name);
        }
        """;

    [Fact]
    public Task P3_flagged_replace_one_upsert_of_a_fixed_document() => Test("""
        public class AccountUpsertTests
        {
            [Fact]
            public async Task Upserts()
            {
                var accounts = SharedMongo.Collection<Account>("accounts");
                var account = new Account { Id = {|TI1001:"acc-1"|}, Name = "First" };
                await accounts.ReplaceOneAsync(a => a.Id == {|TI1001:"acc-1"|}, account, new ReplaceOptions { IsUpsert = true });
            }
        }
        """ + Shared);

    [Fact]
    public Task P3_flagged_update_one_with_a_builder_filter_on_a_fixed_id() => Test("""
        public class AccountRenameTests
        {
            [Fact]
            public void Renames()
            {
                var accounts = SharedMongo.Collection<Account>("accounts");
                accounts.UpdateOne(Builders<Account>.Filter.Eq(x => x.Id, {|TI1001:"acc-7"|}), Builders<Account>.Update.Set(x => x.Name, "Renamed"));
            }
        }
        """ + Shared);

    [Fact]
    public Task P3_flagged_insert_through_a_generic_repository_helper() => Test("""
        public class Repository
        {
            public Task Insert<T>(T item) => SharedMongo.Collection<T>(typeof(T).Name).InsertOneAsync(item);
        }

        public class AccountRepositoryTests
        {
            private readonly Repository _repository = new();

            [Fact]
            public async Task Inserts() => await _repository.Insert(new Account { Id = {|TI1001:"acc-repo"|}, Name = "Repo" });
        }
        """ + Shared);

    [Fact]
    public Task P3_flagged_list_of_entities_then_insert_many() => Test("""
        public class AccountSeedTests
        {
            [Fact]
            public async Task Seeds()
            {
                var seed = new List<Account>
                {
                    new() { Id = {|TI1001:"seed-1"|}, Name = "One" },
                    new() { Id = {|TI1001:"seed-2"|}, Name = "Two" },
                };
                await SharedMongo.Collection<Account>("accounts").InsertManyAsync(seed);
            }
        }
        """ + Shared);

    [Fact]
    public Task P3_flagged_list_filled_with_add_then_insert_many() => Test("""
        public class AccountBatchTests
        {
            [Fact]
            public void Seeds()
            {
                var batch = new List<Account>();
                batch.Add(new Account { Email = {|TI1001:"first@example.com"|} });
                batch.Add(new Account { Email = {|TI1001:"second@example.com"|} });
                SharedMongo.Collection<Account>("accounts").InsertMany(batch);
            }
        }
        """ + Shared);

    [Fact]
    public Task P3_flagged_object_id_parsed_from_fixed_hex() => Test("""
        public class ObjectIdTests
        {
            [Fact]
            public async Task Inserts()
            {
                var doc = new BsonDocument { { "_id", ObjectId.Parse({|TI1001:"5f1b2c3d4e5f6a7b8c9d0e1f"|}) }, { "name", "fixed" } };
                await SharedMongo.Collection<BsonDocument>("things").InsertOneAsync(doc);
            }
        }
        """ + Shared);

    [Fact]
    public Task P3_flagged_record_with_a_positional_code() => Test("""
        public class TenantTests
        {
            [Fact]
            public void Creates() => SharedMongo.Collection<Tenant>("tenants").InsertOne(new Tenant({|TI1001:"acme"|}, "Acme Corporation"));
        }
        """ + Shared);

    [Fact]
    public Task P3_flagged_bson_document_parse_of_a_local_json() => Test("""
        public class ProfileTests
        {
            [Fact]
            public async Task Seeds()
            {
                var json = "{ \"_id\": {|TI1001:\"profile-main\"|}, \"theme\": \"dark\" }";
                await SharedMongo.Collection<BsonDocument>("profiles").InsertOneAsync(BsonDocument.Parse(json));
            }
        }
        """ + Shared);

    [Fact]
    public Task P3_flagged_delete_filter_by_a_const_key_in_a_test_body() => Test("""
        public class SessionStoreTests
        {
            private const string SessionKey = "session-abc";

            [Fact]
            public async Task Stores_and_removes()
            {
                var sessions = SharedMongo.Collection<BsonDocument>("sessions");
                await sessions.InsertOneAsync(new BsonDocument("key", {|TI1001:SessionKey|}));
                await sessions.DeleteOneAsync(Builders<BsonDocument>.Filter.Eq("key", {|TI1001:SessionKey|}));
            }
        }
        """ + Shared);

    [Fact]
    public Task P2_flagged_email_from_a_static_test_users_class_in_another_file() => Run(new("""
        public class LoginTests
        {
            [Fact]
            public Task Registers() =>
                SharedMongo.Collection<Account>("accounts").InsertOneAsync(new Account { Email = {|TI1001:TestUsers.Admin|}, Name = "Admin" });
        }
        """ + Shared)
    {
        Files = [("TestUsers.cs", """
            public static class TestUsers
            {
                public static readonly string Admin = "admin@example.com";
            }
            """)],
    });

    [Fact]
    public Task P2_flagged_id_from_a_helper_property() => Test("""
        public class FixtureIdTests
        {
            private static string KnownId => "known-account";

            [Fact]
            public void Inserts() => SharedMongo.Collection<Account>("accounts").InsertOne(new Account { Id = {|TI1001:KnownId|} });
        }
        """ + Shared);

    [Fact]
    public Task P2_flagged_database_from_get_database_with_a_helper_name() => Test("""
        public class MongoFixture
        {
            private static string DatabaseName() => {|TI1002:"inventory_it"|};

            public IMongoDatabase Database { get; } = new MongoClient(Environment.GetEnvironmentVariable("MONGO_URL")).GetDatabase(DatabaseName());
        }
        """);

    [Fact]
    public Task P6_flagged_shared_mongo_next_to_a_mongo2go_runner() => Run(new("""
        public class MixedTests
        {
            private static readonly Mongo2Go.MongoDbRunner Runner = Mongo2Go.MongoDbRunner.Start();

            [Fact]
            public void Uses_both()
            {
                var local = new MongoClient(Runner.ConnectionString).GetDatabase("scratch");
                local.GetCollection<BsonDocument>("items").InsertOne(new BsonDocument("_id", "local-1"));
                var shared = new MongoClient(Environment.GetEnvironmentVariable("MONGO_URL")).GetDatabase({|TI1002:"reports"|});
                shared.GetCollection<BsonDocument>("items").InsertOne(new BsonDocument("_id", {|TI1001:"shared-1"|}));
            }
        }
        """)
    {
        References = [Stubs.Mongo2Go],
    });

    [Fact]
    public Task P6_flagged_reused_mongo_container_database() => Run(new("""
        public class ReusedContainerTests
        {
            private static readonly Testcontainers.MongoDb.MongoDbContainer Container = new Testcontainers.MongoDb.MongoDbBuilder().WithReuse(true).Build();

            [Fact]
            public void Inserts()
            {
                var db = new MongoClient(Container.GetConnectionString()).GetDatabase({|TI1002:"catalog"|});
                db.GetCollection<BsonDocument>("products").InsertOne(new BsonDocument("slug", {|TI1001:"chair"|}));
            }
        }
        """)
    {
        References = [Stubs.TestcontainersMongo],
    });

    // ---- not flagged ----

    [Fact]
    public Task P3_not_flagged_generated_object_id() => Test("""
        public class GeneratedIdTests
        {
            [Fact]
            public void Inserts() => SharedMongo.Collection<Account>("accounts").InsertOne(new Account { Id = ObjectId.GenerateNewId().ToString(), Name = "x" });
        }
        """ + Shared);

    [Fact]
    public Task P3_not_flagged_fixed_values_only_in_assertions() => Test("""
        public class ReadBackTests
        {
            [Fact]
            public async Task Reads()
            {
                var id = Guid.NewGuid().ToString();
                var accounts = SharedMongo.Collection<Account>("accounts");
                await accounts.InsertOneAsync(new Account { Id = id, Name = "Jane" });
                var found = await accounts.Find(a => a.Id == id).FirstAsync();
                Assert.Equal("Jane", found.Name);
            }
        }
        """ + Shared);

    [Fact]
    public Task P3_not_flagged_integer_ids_in_a_collection() => Test("""
        public class Numbered { public int Id { get; set; } public string Text { get; set; } = ""; }

        public class NumberedTests
        {
            [Fact]
            public void Replaces() =>
                SharedMongo.Collection<Numbered>("numbered").ReplaceOne(d => true, new Numbered { Id = 8, Text = "updated" }, new ReplaceOptions { IsUpsert = true });
        }
        """ + Shared);

    [Fact]
    public Task P3_not_flagged_repository_helper_given_a_per_test_id() => Test("""
        public class Repository
        {
            public Task Insert<T>(T item) => SharedMongo.Collection<T>(typeof(T).Name).InsertOneAsync(item);
        }

        public class PerTestIdTests
        {
            [Fact]
            public Task Inserts() => new Repository().Insert(new Account { Id = Guid.NewGuid().ToString("N") });
        }
        """ + Shared);

    [Fact]
    public Task P3_not_flagged_bson_document_built_for_a_serializer_test() => Test("""
        public class SerializerTests
        {
            [Fact]
            public void Round_trips()
            {
                var doc = new BsonDocument { { "_id", "fixed" }, { "name", "n" } };
                Assert.Equal("fixed", doc["_id"].AsString);
            }
        }
        """);

    [Fact]
    public Task P2_not_flagged_database_name_from_configuration_only() => Test("""
        public class ConfiguredTests
        {
            [Fact]
            public void Opens()
            {
                var db = new MongoClient(Environment.GetEnvironmentVariable("MONGO_URL")).GetDatabase(Environment.GetEnvironmentVariable("MONGO_DB"));
                Assert.NotNull(db);
            }
        }
        """);

    [Fact]
    public Task P6_not_flagged_mongo2go_runner_database() => Run(new("""
        public class RunnerTests : IDisposable
        {
            private readonly Mongo2Go.MongoDbRunner _runner = Mongo2Go.MongoDbRunner.Start();

            [Fact]
            public void Inserts()
            {
                var db = new MongoClient(_runner.ConnectionString).GetDatabase("IntegrationTest");
                db.GetCollection<Account>("accounts").InsertOne(new Account { Id = "acc-1" });
            }

            public void Dispose() => _runner.Dispose();
        }

        public class Account { public string Id { get; set; } = ""; }
        """)
    {
        References = [Stubs.Mongo2Go],
    });

    [Fact]
    public Task P6_not_flagged_container_without_reuse_in_a_fixture() => Run(new("""
        public sealed class MongoFixture : IAsyncLifetime
        {
            private readonly Testcontainers.MongoDb.MongoDbContainer _container = new Testcontainers.MongoDb.MongoDbBuilder().WithImage("mongo:7").Build();

            public IMongoDatabase Database { get; private set; } = null!;

            public async Task InitializeAsync()
            {
                await _container.StartAsync();
                Database = new MongoClient(_container.GetConnectionString()).GetDatabase("shop");
                await Database.GetCollection<BsonDocument>("products").InsertOneAsync(new BsonDocument("slug", "chair"));
            }

            public Task DisposeAsync() => _container.DisposeAsync().AsTask();
        }
        """)
    {
        References = [Stubs.TestcontainersMongo],
    });

    [Fact]
    public Task P2_not_flagged_database_named_per_run() => Test("""
        public class PerRunDatabaseTests
        {
            private static readonly string Name = "orders_" + Guid.NewGuid().ToString("N");

            [Fact]
            public void Inserts()
            {
                var db = new MongoClient(Environment.GetEnvironmentVariable("MONGO_URL")).GetDatabase(Name);
                db.GetCollection<BsonDocument>("orders").InsertOne(new BsonDocument("_id", "order-1"));
            }
        }
        """);

    [Fact]
    public Task P3_not_flagged_application_seeder_not_in_a_test_project() => Tool("""
        public class CatalogSeeder
        {
            private readonly IMongoCollection<BsonDocument> _products;

            public CatalogSeeder(IMongoDatabase database) => _products = database.GetCollection<BsonDocument>("products");

            public Task SeedAsync() => _products.InsertOneAsync(new BsonDocument { { "slug", "default" }, { "name", "Default" } });
        }
        """);
}
