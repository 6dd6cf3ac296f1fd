using static Tractatus.TestIsolation.Analyzers.Tests.RealWorld.RealWorldVerifier;

namespace Tractatus.TestIsolation.Analyzers.Tests.RealWorld;

/// <summary>
/// Issue 8, point 3: documents converted before they are written — <c>ToBsonDocument()</c>,
/// <c>BsonDocument.Parse</c> of a constant or local JSON string, <c>JsonSerializer.Serialize</c>,
/// dictionaries built over several statements, lists of documents built in a loop over literal
/// arrays — then <c>InsertMany</c>/<c>BulkWrite</c>.
/// </summary>
public class Point3ConvertedDocumentsTests
{
    private const string Pending = "Pending: issue 8 point 3 — ";

    private const string Collections = """

        public class User
        {
            public string Id { get; set; } = "";
            public string DisplayName { get; set; } = "";
            public string Status { get; set; } = "";
        }

        public static class SharedMongo
        {
            // Set once per run by an assembly-level fixture from MONGO_URL: the team's shared server.
            public static IMongoDatabase Database { get; set; } = null!;

            public static IMongoCollection<BsonDocument> Raw(string name) => Database.GetCollection<BsonDocument>(name);
        }
        """;

    // Modelled on mongo-csharp-driver users that store POCOs in BsonDocument collections.
    [Fact]
    public Task Poco_converted_with_ToBsonDocument_is_flagged() => Test("""
        public class UserImportTests
        {
            [Fact]
            public async Task Imports()
            {
                var user = new User { Id = {|TI1001:"u-admin"|}, DisplayName = "Admin" };
                await SharedMongo.Raw("users").InsertOneAsync(user.ToBsonDocument());
            }
        }
        """ + Collections);

    // Modelled on mongo-csharp-driver's own tests, which build documents with BsonDocument.Parse.
    [Fact]
    public Task Document_parsed_from_constant_json_is_flagged() => Test("""
        public class SettingsDocumentTests
        {
            private const string Seed = "{ _id: {|TI1001:'settings-main'|}, theme: 'dark' }";

            [Fact]
            public async Task Seeds() => await SharedMongo.Raw("settings").InsertOneAsync(BsonDocument.Parse(Seed));
        }
        """ + Collections);

    [Fact]
    public Task Anonymous_object_serialized_to_json_then_parsed_is_flagged() => Test("""
        public class OrderDocumentTests
        {
            [Fact]
            public async Task Stores()
            {
                var json = JsonSerializer.Serialize(new { id = {|TI1001:"order-1"|}, total = 42 });
                await SharedMongo.Raw("orders").InsertOneAsync(BsonDocument.Parse(json));
            }
        }
        """ + Collections);

    // Modelled on suites that assemble a document field by field before writing it.
    [Fact]
    public Task Dictionary_built_over_statements_is_flagged() => Test("""
        public class PageTests
        {
            [Fact]
            public async Task Creates()
            {
                var fields = new Dictionary<string, object>();
                fields["slug"] = {|TI1001:"about-us"|};
                fields["title"] = "About us";
                await SharedMongo.Raw("pages").InsertOneAsync(new BsonDocument(fields));
            }
        }
        """ + Collections);

    // Modelled on seeders that build reference data from a literal array.
    [Fact]
    public Task Documents_built_in_a_loop_over_a_literal_array_are_flagged() => Test("""
        public class CurrencyTests
        {
            [Fact]
            public async Task Seeds()
            {
                var documents = new List<BsonDocument>();
                foreach (var code in new[] { {|TI1001:"usd"|}, {|TI1001:"eur"|} })
                {
                    documents.Add(new BsonDocument { { "code", code }, { "enabled", true } });
                }

                await SharedMongo.Raw("currencies").InsertManyAsync(documents);
            }
        }
        """ + Collections);

    [Fact]
    public Task Bulk_write_upsert_of_a_parsed_document_is_flagged() => Test("""
        public class FeatureFlagTests
        {
            [Fact]
            public async Task Upserts()
            {
                var json = "{ key: {|TI1001:'new-checkout'|}, enabled: true }";
                var document = BsonDocument.Parse(json);
                var model = new ReplaceOneModel<BsonDocument>(Builders<BsonDocument>.Filter.Eq("key", {|TI1001:"new-checkout"|}), document) { IsUpsert = true };
                await SharedMongo.Raw("flags").BulkWriteAsync(new[] { model });
            }
        }
        """ + Collections);

    // ---- not flagged ---------------------------------------------------------------------------

    [Fact]
    public Task Poco_with_a_per_run_id_converted_with_ToBsonDocument_is_not_flagged() => Test("""
        public class UserImportTests
        {
            [Fact]
            public async Task Imports()
            {
                var user = new User { Id = Guid.NewGuid().ToString("N"), DisplayName = "Admin", Status = "active" };
                await SharedMongo.Raw("users").InsertOneAsync(user.ToBsonDocument());
            }
        }
        """ + Collections);

    [Fact]
    public Task Parsed_documents_used_only_to_compare_are_not_flagged() => Test("""
        public class ProjectionTests
        {
            [Fact]
            public void Projects()
            {
                var expected = BsonDocument.Parse("{ _id: 'settings-main', theme: 'dark' }");
                var actual = new BsonDocument { { "_id", "settings-main" }, { "theme", "dark" } };
                Assert.Equal(expected, actual);
            }
        }
        """ + Collections);

    [Fact]
    public Task Serialized_json_sent_over_http_is_not_a_store_write() => Test("""
        public class ApiTests
        {
            private readonly System.Net.Http.HttpClient _client = new() { BaseAddress = new Uri("http://localhost") };

            [Fact]
            public async Task Posts()
            {
                var json = JsonSerializer.Serialize(new { id = "order-1", total = 42 });
                using var content = new System.Net.Http.StringContent(json);
                var response = await _client.PostAsync("/orders", content);
                Assert.NotNull(response);
            }
        }
        """ + Collections);

    [Fact]
    public Task Loop_over_literal_statuses_with_per_run_ids_is_not_flagged() => Test("""
        public class StatusTests
        {
            [Fact]
            public async Task Seeds()
            {
                var run = Guid.NewGuid().ToString("N");
                var documents = new List<BsonDocument>();
                foreach (var status in new[] { "new", "pending", "done" })
                {
                    documents.Add(new BsonDocument { { "_id", $"{run}-{status}" }, { "status", status } });
                }

                await SharedMongo.Raw("tasks").InsertManyAsync(documents);
            }
        }
        """ + Collections);

    [Fact]
    public Task Document_parsed_from_a_fixture_file_is_not_flagged() => Test("""
        public class FixtureFileTests
        {
            [Fact]
            public async Task Loads()
            {
                var json = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "fixtures", "order.json"));
                await SharedMongo.Raw("orders").InsertOneAsync(BsonDocument.Parse(json));
            }
        }
        """ + Collections);

    [Fact]
    public Task Dictionary_documents_kept_in_memory_are_not_flagged() => Test("""
        public class MappingTests
        {
            [Fact]
            public void Maps()
            {
                var fields = new Dictionary<string, object>();
                fields["slug"] = "about-us";
                var documents = new List<BsonDocument> { new BsonDocument(fields), BsonDocument.Parse("{ _id: 'x' }") };
                Assert.Equal(2, documents.Count);
            }
        }
        """ + Collections);
}
