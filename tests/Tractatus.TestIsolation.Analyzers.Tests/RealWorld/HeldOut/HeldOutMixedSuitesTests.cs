using static Tractatus.TestIsolation.Analyzers.Tests.RealWorld.RealWorldVerifier;

namespace Tractatus.TestIsolation.Analyzers.Tests.RealWorld.HeldOut;

/// <summary>
/// Held-out shapes from storage-provider and application suites (job stores, outbox tables,
/// identity seeds, sagas in MongoDB, base classes that own the connection), with near misses.
/// </summary>
public class HeldOutMixedSuitesTests
{
    private const string Shared = """

        public class Saga
        {
            public Guid CorrelationId { get; set; }
            public string Id { get; set; } = "";
            public string State { get; set; } = "";
        }

        public abstract class MongoTestBase
        {
            protected IMongoDatabase Database { get; } = SharedMongo.Database;

            protected IMongoCollection<T> Collection<T>() => Database.GetCollection<T>(typeof(T).Name.ToLowerInvariant());
        }

        public static class SharedMongo
        {
            public static IMongoDatabase Database { get; set; } = null!;
        }

        public abstract class PgTestBase
        {
            protected NpgsqlConnection Connection { get; } = new(Environment.GetEnvironmentVariable("PG_TESTS"));
        }
        """;

    [Fact]
    public Task P3_flagged_saga_upsert_through_a_base_class_collection() => Test("""
        public class SagaRepositoryTests : MongoTestBase
        {
            [Fact]
            public Task Saves() =>
                Collection<Saga>().ReplaceOneAsync(s => s.Id == {|TI1001:"saga-1"|}, new Saga { Id = {|TI1001:"saga-1"|}, State = "Started" }, new ReplaceOptions { IsUpsert = true });
        }
        """ + Shared);

    [Fact]
    public Task P3_flagged_insert_many_of_an_array_of_bson_documents() => Test("""
        public class LookupSeedTests : MongoTestBase
        {
            [Fact]
            public Task Seeds() => Collection<BsonDocument>().InsertManyAsync(new[]
            {
                new BsonDocument { { "code", {|TI1001:"EUR"|} }, { "name", "Euro" } },
                new BsonDocument { { "code", {|TI1001:"USD"|} }, { "name", "Dollar" } },
            });
        }
        """ + Shared);

    [Fact]
    public Task P3_flagged_update_many_by_a_filter_on_a_const_handle() => Test("""
        public class HandleTests : MongoTestBase
        {
            private const string Handle = "@tester";

            [Fact]
            public Task Marks() =>
                Collection<BsonDocument>().UpdateManyAsync(Builders<BsonDocument>.Filter.Eq("handle", {|TI1001:Handle|}), Builders<BsonDocument>.Update.Set("seen", true));
        }
        """ + Shared);

    [Fact]
    public Task P3_flagged_find_by_a_fixed_id_from_a_helper_method_argument() => Test("""
        public class LoaderTests : MongoTestBase
        {
            private Task<Saga> Load(string id) => Collection<Saga>().Find(s => s.Id == id).FirstOrDefaultAsync();

            [Fact]
            public async Task Loads() => Assert.Null(await Load({|TI1001:"missing-saga"|}));
        }
        """ + Shared);

    [Fact]
    public Task P1_flagged_outbox_insert_through_a_base_class_connection() => Test("""
        public class OutboxTests : PgTestBase
        {
            [Fact]
            public Task Stores() =>
                Connection.ExecuteAsync("INSERT INTO outbox (id, payload) VALUES (@id, @payload)", new { id = {|TI1001:"msg-1"|}, payload = "{}" });
        }
        """ + Shared);

    [Fact]
    public Task P1_flagged_merge_upsert_with_fixed_key() => Test("""
        public class MergeTests : PgTestBase
        {
            [Fact]
            public void Upserts() =>
                Connection.Execute("INSERT INTO hash (key, field, value) VALUES (@key, @field, @value) ON CONFLICT (key, field) DO UPDATE SET value = excluded.value",
                    new { key = {|TI1001:"recurring-job:daily"|}, field = "Cron", value = "0 0 * * *" });
        }
        """ + Shared);

    [Fact]
    public Task P2_flagged_seed_helper_called_with_fixed_keys() => Test("""
        public class ListTests : PgTestBase
        {
            private void Push(string key, string value) =>
                Connection.Execute("INSERT INTO list (key, value) VALUES (@key, @value)", new { key, value });

            [Fact]
            public void Pushes()
            {
                Push({|TI1001:"queue:default"|}, "a");
                Push({|TI1001:"queue:critical"|}, "b");
            }
        }
        """ + Shared);

    [Fact]
    public Task P2_flagged_identity_seed_in_a_shared_helper_class() => Run(new("""
        public class AccountTests : PgTestBase
        {
            [Fact]
            public Task Registers() => Seeds.InsertUser(Connection, {|TI1001:"alice"|});
        }
        """ + Shared)
    {
        Files = [("Seeds.cs", """
            public static class Seeds
            {
                public static Task InsertUser(NpgsqlConnection connection, string username) =>
                    connection.ExecuteAsync("INSERT INTO users (username) VALUES (@username)", new { username });
            }
            """)],
    });

    [Fact]
    public Task P3_flagged_guid_parsed_id_written_into_a_collection() => Test("""
        public class Tracked { public Guid Id { get; set; } }

        public class TrackedTests : MongoTestBase
        {
            private static readonly Guid KnownId = Guid.Parse("0b8a1c7e-4a57-4c59-9a5b-3c2f0f6b1a11");

            [Fact]
            public Task Inserts() => Collection<Tracked>().InsertOneAsync(new Tracked { Id = {|TI1001:KnownId|} });
        }
        """ + Shared);

    [Fact]
    public Task P4_flagged_seed_entities_from_a_static_array_field() => Run(new("""
        public class Tag { public string Slug { get; set; } = ""; }

        public class TagDb : DbContext
        {
            public TagDb(DbContextOptions<TagDb> options) : base(options) { }
            public DbSet<Tag> Tags => Set<Tag>();
        }

        public class TagTests
        {
            private static readonly Tag[] Seed = [new Tag { Slug = {|TI1001:"csharp"|} }, new Tag { Slug = {|TI1001:"fsharp"|} }];

            [Fact]
            public async Task Seeds()
            {
                await using var db = new TagDb(new DbContextOptionsBuilder<TagDb>().UseNpgsql(Environment.GetEnvironmentVariable("PG_TESTS")!).Options);
                await db.Tags.AddRangeAsync(Seed);
                await db.SaveChangesAsync();
            }
        }
        """)
    {
        References = [Stubs.NpgsqlEf],
    });

    [Fact]
    public Task P8_flagged_database_name_const_concatenated_into_a_connection_string() => Test("""
        public class ConcatFixture
        {
            private const string DatabaseName = {|TI1002:"hangfire_tests"|};

            public NpgsqlConnection Open() => new(Environment.GetEnvironmentVariable("PG_SERVER") + ";Database=" + DatabaseName);
        }
        """);

    [Fact]
    public Task P6_flagged_respawn_on_a_fixed_database_of_a_shared_server() => Test("""
        public class SharedDbFixture
        {
            public string ConnectionString { get; } =
                new NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable("PG_SERVER")) { Database = {|TI1002:"shop_it"|} }.ConnectionString;
        }
        """);

    // ---- not flagged ----

    [Fact]
    public Task P3_not_flagged_saga_with_a_new_correlation_id() => Test("""
        public class NewSagaTests : MongoTestBase
        {
            [Fact]
            public Task Saves()
            {
                var id = Guid.NewGuid();
                return Collection<Saga>().InsertOneAsync(new Saga { CorrelationId = id, Id = id.ToString(), State = "Started" });
            }
        }
        """ + Shared);

    [Fact]
    public Task P2_not_flagged_seed_helper_called_with_per_test_keys() => Test("""
        public class UniqueListTests : PgTestBase
        {
            private readonly string _key = "queue:" + Guid.NewGuid().ToString("N");

            private void Push(string key) => Connection.Execute("INSERT INTO list (key) VALUES (@key)", new { key });

            [Fact]
            public void Pushes() => Push(_key);
        }
        """ + Shared);

    [Fact]
    public Task P1_not_flagged_select_through_a_base_class_connection() => Test("""
        public class ReadTests : PgTestBase
        {
            [Fact]
            public Task Reads() => Connection.QueryAsync<string>("SELECT value FROM hash WHERE key = @key", new { key = "recurring-job:daily" });
        }
        """ + Shared);

    [Fact]
    public Task P3_not_flagged_mongo_find_of_fixed_values_in_unit_tests_without_a_store() => Test("""
        public class FilterRenderTests
        {
            [Fact]
            public void Renders()
            {
                var filter = Builders<BsonDocument>.Filter.Eq("_id", "x");
                Assert.NotNull(filter);
            }
        }
        """);

    [Fact]
    public Task P4_not_flagged_entities_only_built_for_a_mapper_test() => Run(new("""
        public class Tag { public string Slug { get; set; } = ""; }

        public class MapperTests
        {
            [Fact]
            public void Maps()
            {
                var tags = new List<Tag> { new() { Slug = "csharp" } };
                Assert.Single(tags);
            }
        }
        """)
    {
        References = [Stubs.NpgsqlEf],
    });

    [Fact]
    public Task P8_not_flagged_template_database_names() => Test("""
        public class TemplateTests
        {
            [Fact]
            public void Connects() => Assert.NotNull(new NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable("PG_SERVER")) { Database = "template1" });
        }
        """);

    [Fact]
    public Task P2_not_flagged_helper_that_only_reads() => Test("""
        public class ReadHelperTests : PgTestBase
        {
            private Task<IEnumerable<string>> Values(string key) => Connection.QueryAsync<string>("SELECT value FROM list WHERE key = @key", new { key });

            [Fact]
            public async Task Reads() => Assert.Empty(await Values("queue:default"));
        }
        """ + Shared);
}
