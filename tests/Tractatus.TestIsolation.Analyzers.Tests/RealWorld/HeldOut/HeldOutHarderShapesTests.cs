using Tractatus.TestIsolation.Analyzers.Tests.Verifiers;
using static Tractatus.TestIsolation.Analyzers.Tests.RealWorld.RealWorldVerifier;

namespace Tractatus.TestIsolation.Analyzers.Tests.RealWorld.HeldOut;

/// <summary>
/// Held-out shapes that combine several steps (a factory one call up, theory data from constants,
/// upserting write models, INSERT ... RETURNING through a query method) and near misses that only
/// differ by a per-run part (temporary tables, per-run files and collections).
/// </summary>
public class HeldOutHarderShapesTests
{
    private const string Shared = """

        public class Order
        {
            public string Id { get; set; } = "";
            public string Status { get; set; } = "";
        }

        public static class SharedMongo
        {
            public static IMongoDatabase Database { get; set; } = null!;
        }

        public static class Pg
        {
            public static NpgsqlConnection Open() => new(Environment.GetEnvironmentVariable("PG_TESTS"));
        }
        """;

    [Fact]
    public Task P2_flagged_inline_data_of_a_const_from_another_file() => Run(new("""
        public class CouponTests
        {
            [Theory]
            [InlineData({|TI1001:Coupons.Welcome|})]
            public void Redeems(string code)
            {
                using var connection = Pg.Open();
                connection.Execute("INSERT INTO coupons (code) VALUES (@code)", new { code });
            }
        }
        """ + Shared)
    {
        Files = [("Coupons.cs", """
            public static class Coupons
            {
                public const string Welcome = "WELCOME10";
            }
            """)],
    });

    [Fact]
    public Task P2_flagged_order_factory_in_another_file_with_a_fixed_id() => Run(new("""
        public class OrderTests
        {
            [Fact]
            public Task Inserts() => SharedMongo.Database.GetCollection<Order>("orders").InsertOneAsync(OrderFactory.Create({|TI1001:"order-42"|}));
        }
        """ + Shared)
    {
        Files = [("OrderFactory.cs", """
            public static class OrderFactory
            {
                public static Order Create(string id) => new() { Id = id, Status = "new" };
            }
            """)],
    });

    [Fact]
    public Task P3_flagged_bulk_write_with_upserting_replace_models() => Test("""
        public class OrderSyncTests
        {
            [Fact]
            public Task Syncs()
            {
                var orders = SharedMongo.Database.GetCollection<Order>("orders");
                var models = new List<WriteModel<Order>>
                {
                    new ReplaceOneModel<Order>(Builders<Order>.Filter.Eq(o => o.Id, {|TI1001:"o-1"|}), new Order { Id = {|TI1001:"o-1"|} }) { IsUpsert = true },
                };
                return orders.BulkWriteAsync(models);
            }
        }
        """ + Shared);

    [Fact]
    public Task P3_flagged_find_one_and_update_upsert_by_fixed_id() => Test("""
        public class CounterTests
        {
            [Fact]
            public Task Counts() =>
                SharedMongo.Database.GetCollection<BsonDocument>("counters").FindOneAndUpdateAsync(
                    Builders<BsonDocument>.Filter.Eq("_id", {|TI1001:"invoice-seq"|}),
                    Builders<BsonDocument>.Update.Inc("value", 1),
                    new FindOneAndUpdateOptions<BsonDocument> { IsUpsert = true });
        }
        """ + Shared);

    [Fact]
    public Task P3_flagged_dictionary_document_with_an_id_key() => Test("""
        public class DictionaryTests
        {
            [Fact]
            public void Inserts()
            {
                var values = new Dictionary<string, object> { ["_id"] = {|TI1001:"dict-1"|}, ["n"] = 1 };
                SharedMongo.Database.GetCollection<BsonDocument>("things").InsertOne(new BsonDocument(values));
            }
        }
        """ + Shared);

    [Fact]
    public Task P1_flagged_insert_returning_through_query_single() => Test("""
        public class ReturningTests
        {
            [Fact]
            public void Inserts()
            {
                using var connection = Pg.Open();
                var id = connection.QuerySingle<int>("INSERT INTO customers (email, name) VALUES (@email, @name) RETURNING id", new { email = {|TI1001:"buyer@example.com"|}, name = "Buyer" });
                Assert.True(id > 0);
            }
        }
        """ + Shared);

    [Fact]
    public Task P1_flagged_sql_in_a_local_then_execute_async() => Test("""
        public class LocalSqlTests
        {
            [Fact]
            public async Task Inserts()
            {
                const string sql = "INSERT INTO api_keys (key, owner) VALUES (@key, @owner)";
                await using var connection = Pg.Open();
                await connection.ExecuteAsync(sql, new { key = {|TI1001:"test-api-key"|}, owner = "ci" });
            }
        }
        """ + Shared);

    [Fact]
    public Task P1_flagged_command_definition_with_parameters() => Test("""
        public class DefinitionTests
        {
            [Fact]
            public async Task Inserts()
            {
                await using var connection = Pg.Open();
                await connection.ExecuteAsync(new CommandDefinition("INSERT INTO slugs (slug) VALUES (@slug)", new { slug = {|TI1001:"about-us"|} }));
            }
        }
        """ + Shared);

    [Fact]
    public Task P4_flagged_attach_through_set_of_t() => Run(new("""
        public class Widget { public string Key { get; set; } = ""; }

        public class WidgetDb : DbContext
        {
            public WidgetDb(DbContextOptions<WidgetDb> options) : base(options) { }
        }

        public class WidgetTests
        {
            [Fact]
            public void Attaches()
            {
                using var db = new WidgetDb(new DbContextOptionsBuilder<WidgetDb>().UseNpgsql(Environment.GetEnvironmentVariable("PG_TESTS")!).Options);
                db.Set<Widget>().Attach(new Widget { Key = {|TI1001:"w-1"|} });
                db.SaveChanges();
            }
        }
        """)
    {
        References = [Stubs.NpgsqlEf],
    });

    [Fact]
    public Task P4_flagged_database_execute_sql_formattable() => Run(new("""
        public class PlanDb : DbContext
        {
            public PlanDb(DbContextOptions<PlanDb> options) : base(options) { }
        }

        public class PlanTests
        {
            [Fact]
            public async Task Seeds()
            {
                await using var db = new PlanDb(new DbContextOptionsBuilder<PlanDb>().UseNpgsql(Environment.GetEnvironmentVariable("PG_TESTS")!).Options);
                var code = {|TI1001:"pro"|};
                await db.Database.ExecuteSqlAsync($"INSERT INTO plans (code, price) VALUES ({code}, {10})");
            }
        }
        """)
    {
        References = [Stubs.NpgsqlEf, Stubs.EfRelational],
    });

    [Fact]
    public Task P2_flagged_plain_sqlite_file_connection() => Test("""
        public class LocalFileTests
        {
            [Fact]
            public void Opens()
            {
                using var connection = new SqliteConnection({|TI1002:"Data Source=tests.db"|});
                connection.Open();
            }
        }
        """);

    [Fact]
    public Task P2_flagged_localdb_connection_string_in_a_fixture_constant() => Run(new("""
        public class BloggingFixture
        {
            private const string ConnectionString = {|TI1002:@"Server=(localdb)\mssqllocaldb;Database=Blogging_Test;Trusted_Connection=True"|};

            public DbContextOptions Options { get; } = new DbContextOptionsBuilder().UseSqlServer(ConnectionString).Options;
        }
        """)
    {
        References = [Stubs.SqlServerEf],
    });

    [Fact]
    public Task P2_flagged_mongo_url_builder_database_name() => Test("""
        public class UrlFixture
        {
            public IMongoDatabase Database { get; }

            public UrlFixture()
            {
                var url = new MongoUrlBuilder(Environment.GetEnvironmentVariable("MONGO_URL")) { DatabaseName = {|TI1002:"events_it"|} }.ToMongoUrl();
                Database = new MongoClient(url).GetDatabase(url.DatabaseName);
            }
        }
        """);

    // ---- not flagged ----

    [Fact]
    public Task P1_not_flagged_insert_into_a_temporary_table() => Test("""
        public class TempTableTests
        {
            [Fact]
            public void Uses_a_temp_table()
            {
                using var connection = Pg.Open();
                connection.Open();
                connection.Execute("CREATE TEMP TABLE staging (key text primary key)");
                connection.Execute("INSERT INTO staging (key) VALUES ('a')");
            }
        }
        """ + Shared);

    [Fact]
    public Task P1_not_flagged_insert_into_a_sql_server_temp_table() => Test("""
        public class HashTempTableTests
        {
            [Fact]
            public void Uses_a_temp_table()
            {
                using var connection = Pg.Open();
                connection.Execute("INSERT INTO #staging (code) VALUES ('a')");
            }
        }
        """ + Shared);

    [Fact]
    public Task P2_not_flagged_sqlite_file_named_per_run() => Test("""
        public class PerRunFileTests
        {
            [Fact]
            public void Opens()
            {
                var path = Path.Combine(Path.GetTempPath(), Guid.NewGuid() + ".db");
                using var connection = new SqliteConnection($"Data Source={path}");
                connection.Open();
                connection.Execute("INSERT INTO items (key) VALUES ('a')");
            }
        }
        """);

    [Fact]
    public Task P2_not_flagged_sqlite_temp_file_name() => Test("""
        public class TempFileTests
        {
            [Fact]
            public void Opens()
            {
                using var connection = new SqliteConnection("Data Source=" + Path.GetTempFileName());
                connection.Open();
                connection.Execute("INSERT INTO items (key) VALUES ('a')");
            }
        }
        """);

    [Fact]
    public Task P3_not_flagged_collection_named_per_run() => Test("""
        public class PerRunCollectionTests
        {
            [Fact]
            public void Inserts()
            {
                var orders = SharedMongo.Database.GetCollection<Order>("orders_" + Guid.NewGuid().ToString("N"));
                orders.InsertOne(new Order { Id = "order-1" });
            }
        }
        """ + Shared);

    [Fact]
    public Task P2_not_flagged_factory_given_a_generated_id() => Run(new("""
        public class FactoryTests
        {
            [Fact]
            public Task Inserts() => SharedMongo.Database.GetCollection<Order>("orders").InsertOneAsync(OrderFactory.Create(ObjectId.GenerateNewId().ToString()));
        }
        """ + Shared)
    {
        Files = [("OrderFactory.cs", """
            public static class OrderFactory
            {
                public static Order Create(string id) => new() { Id = id, Status = "new" };
            }
            """)],
    });

    [Fact]
    public Task P4_not_flagged_sqlite_file_named_per_run_in_ef() => Run(new("""
        public class Note { public string Slug { get; set; } = ""; }

        public class NoteDb : DbContext
        {
            public NoteDb(DbContextOptions<NoteDb> options) : base(options) { }
            public DbSet<Note> Notes => Set<Note>();
        }

        public class NoteTests
        {
            [Fact]
            public void Adds()
            {
                using var db = new NoteDb(new DbContextOptionsBuilder<NoteDb>().UseSqlite($"Data Source={Guid.NewGuid():N}.db").Options);
                db.Notes.Add(new Note { Slug = "first" });
                db.SaveChanges();
            }
        }
        """)
    {
        References = [Stubs.SqliteEf],
    });

    [Fact]
    public Task P2_not_flagged_localdb_master_database() => Run(new("""
        public class MasterFixture
        {
            private const string ConnectionString = @"Server=(localdb)\mssqllocaldb;Database=master;Trusted_Connection=True";

            public DbContextOptions Options { get; } = new DbContextOptionsBuilder().UseSqlServer(ConnectionString).Options;
        }
        """)
    {
        References = [Stubs.SqlServerEf],
    });
}
