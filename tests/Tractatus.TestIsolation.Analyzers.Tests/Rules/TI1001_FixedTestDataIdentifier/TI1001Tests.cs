using Microsoft.CodeAnalysis.Testing;
using Tractatus.TestIsolation.Analyzers.Rules;
using Tractatus.TestIsolation.Analyzers.Tests.Verifiers;

namespace Tractatus.TestIsolation.Analyzers.Tests.Rules;

/// <summary>TI1001: fixed identifiers in test data written to, or filtered from, a store.</summary>
public class TI1001Tests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Dapper;
        using MongoDB.Bson;
        using MongoDB.Driver;
        using Npgsql;
        using Xunit;

        """;

    private static Task Verify(string source, TestProject project = TestProject.Xunit, string? editorConfig = null, params DiagnosticResult[] expected) =>
        TestDataSources.VerifyAsync<FixedTestDataIdentifierAnalyzer>(Usings + source, project, editorConfig, expected);

    private static DiagnosticResult Diagnostic(int markup) =>
        new DiagnosticResult(Descriptors.FixedTestDataIdentifier).WithLocation(markup);

    // ---- flagged: data written ----

    [Fact]
    public async Task Poco_initializer_inserted_is_flagged_with_the_value_and_the_ambient_fix_in_the_message()
    {
        const string source = """
            public class DocumentTests
            {
                private readonly IMongoCollection<Doc> _docs = null!;

                [Fact]
                public void Inserts()
                {
                    _docs.InsertOne(new Doc { Slug = {|#0:"test-document-integration"|}, Title = "Test Document" });
                }
            }
            """;

        await Verify(source, expected: Diagnostic(0).WithArguments(
            "Slug", "test-document-integration", "TestSession.Current.Slug(\"test-document-integration\")"));
    }

    [Fact]
    public async Task Message_suggests_the_fixture_in_scope()
    {
        const string source = """
            public class DocumentTests
            {
                private readonly DocsFixture _fixture;
                private readonly IMongoCollection<Doc> _docs = null!;

                public DocumentTests(DocsFixture fixture) => _fixture = fixture;

                [Fact]
                public async Task Inserts()
                {
                    await _docs.InsertOneAsync(new Doc { Slug = {|#0:"test-document-integration"|} });
                }
            }
            """;

        await Verify(source, expected: Diagnostic(0).WithArguments(
            "Slug", "test-document-integration", "_fixture.Slug(\"test-document-integration\")"));
    }

    [Fact]
    public async Task Message_suggests_a_primary_constructor_fixture()
    {
        const string source = """
            public class DocumentTests(DocsFixture fixture)
            {
                private readonly IMongoCollection<Doc> _docs = null!;

                [Fact]
                public void Inserts()
                {
                    Assert.NotNull(fixture);
                    _docs.InsertOne(new Doc { Slug = {|#0:"primary"|} });
                }
            }
            """;

        await Verify(source, expected: Diagnostic(0).WithArguments("Slug", "primary", "fixture.Slug(\"primary\")"));
    }

    [Fact]
    public async Task Document_built_in_a_local_then_inserted_is_flagged_once_per_literal()
    {
        const string source = """
            public class DocumentTests
            {
                private readonly IMongoCollection<Doc> _docs = null!;

                [Fact]
                public async Task Inserts_then_reads()
                {
                    var slug = {|TI1001:"shared-slug"|};
                    var doc = new Doc { Slug = slug, Title = "Title" };
                    doc.Email = {|TI1001:"writer@example.com"|};
                    await _docs.InsertOneAsync(doc);
                    var found = await _docs.Find(d => d.Slug == slug).FirstOrDefaultAsync();
                    Assert.Equal("Title", found.Title);
                }
            }
            """;

        await Verify(source);
    }

    [Fact]
    public async Task BsonDocument_constructor_initializer_and_Add_are_flagged()
    {
        const string source = """
            public class BsonTests
            {
                private readonly IMongoCollection<BsonDocument> _raw = null!;

                [Fact]
                public void Inserts()
                {
                    _raw.InsertOne(new BsonDocument("slug", {|TI1001:"bson-ctor"|}));
                    _raw.InsertOne(new BsonDocument { { "_id", {|TI1001:"bson-init"|} }, { "title", "Title" } });
                    _raw.InsertOne(new BsonDocument("title", "Title").Add("email", {|TI1001:"a@example.com"|}));
                    var raw = new BsonDocument();
                    raw["user_name"] = {|TI1001:"alice"|};
                    _raw.InsertOne(raw);
                }
            }
            """;

        await Verify(source);
    }

    [Fact]
    public async Task InsertMany_of_arrays_and_lists_nested_objects_and_records_are_flagged()
    {
        const string source = """
            public class SeedTests
            {
                private readonly IMongoCollection<Doc> _docs = null!;
                private readonly IMongoCollection<Tag> _tags = null!;

                [Fact]
                public void Seeds()
                {
                    _docs.InsertMany(new[] { new Doc { Slug = {|TI1001:"a"|} }, new Doc { Slug = {|TI1001:"b"|} } });
                    var docs = new List<Doc> { new Doc { Author = new Author { Email = {|TI1001:"author@example.com"|}, Name = "Ann" } } };
                    docs.Add(new Doc { UserName = {|TI1001:"bob"|} });
                    _docs.InsertMany(docs);
                    _tags.InsertOne(new Tag({|TI1001:"tag-slug"|}, "Label"));
                }
            }
            """;

        await Verify(source);
    }

    [Fact]
    public async Task Const_and_static_readonly_fields_are_reported_where_they_are_used()
    {
        const string source = """
            public class ConstTests
            {
                private const string DocumentSlug = "test-document-integration";
                private static readonly string OwnerEmail = "owner@example.com";
                private readonly IMongoCollection<Doc> _docs = null!;

                [Fact]
                public void Inserts()
                {
                    _docs.InsertOne(new Doc { Slug = {|TI1001:DocumentSlug|}, Email = {|TI1001:OwnerEmail|} });
                }

                [Fact]
                public void Deletes()
                {
                    _docs.DeleteOne(d => d.Slug == {|TI1001:DocumentSlug|});
                }
            }
            """;

        await Verify(source);
    }

    [Fact]
    public async Task Replace_update_upsert_and_bulk_write_are_flagged()
    {
        const string source = """
            public class WriteTests
            {
                private readonly IMongoCollection<Doc> _docs = null!;

                [Fact]
                public void Writes()
                {
                    _docs.ReplaceOne(d => d.Id == {|TI1001:"doc-1"|}, new Doc { Slug = {|TI1001:"replaced"|} });
                    _docs.UpdateOne(
                        Builders<Doc>.Filter.Eq(d => d.Slug, {|TI1001:"upserted"|}),
                        Builders<Doc>.Update.Set(d => d.Title, "New title"),
                        new UpdateOptions { IsUpsert = true });
                    _docs.BulkWrite(new WriteModel<Doc>[]
                    {
                        new InsertOneModel<Doc>(new Doc { Slug = {|TI1001:"bulk"|} }),
                        new DeleteOneModel<Doc>(Builders<Doc>.Filter.Eq("slug", {|TI1001:"bulk-old"|})),
                    });
                }
            }
            """;

        await Verify(source);
    }

    // ---- flagged: filters ----

    [Fact]
    public async Task Builders_filters_lambdas_BsonDocument_and_json_filters_are_flagged()
    {
        const string source = """
            public class FilterTests
            {
                private readonly IMongoCollection<Doc> _docs = null!;
                private readonly IMongoCollection<BsonDocument> _raw = null!;

                [Fact]
                public async Task Filters()
                {
                    var byField = Builders<Doc>.Filter.Eq("slug", {|TI1001:"by-name"|});
                    await _docs.DeleteManyAsync(byField & Builders<Doc>.Filter.Eq(d => d.Title, "any title"));
                    _docs.Find(Builders<Doc>.Filter.And(
                        Builders<Doc>.Filter.Eq(d => d.Email, {|TI1001:"x@example.com"|}),
                        Builders<Doc>.Filter.In(d => d.Slug, new[] { {|TI1001:"in-a"|}, {|TI1001:"in-b"|} })));
                    _docs.CountDocuments(d => d.Title == "Title" && {|TI1001:"lambda"|} == d.Slug);
                    _raw.DeleteOne(new BsonDocument("slug", {|TI1001:"raw"|}));
                    _raw.Find("{ slug: {|TI1001:'json'|} }");
                }
            }
            """;

        await Verify(source);
    }

    // ---- flagged: EF Core, Dapper, SQL ----

    [Fact]
    public async Task Ef_core_DbSet_and_DbContext_adds_are_flagged()
    {
        const string source = """
            public class EfTests
            {
                private readonly AppDbContext _context = new();

                [Fact]
                public async Task Adds()
                {
                    _context.Docs.Add(new Doc { Slug = {|TI1001:"ef-slug"|} });
                    await _context.Docs.AddRangeAsync(new Doc { Email = {|TI1001:"ef@example.com"|} });
                    _context.Add(new Doc { Id = {|TI1001:"ef-id"|} });
                    await _context.SaveChangesAsync();
                }
            }
            """;

        await Verify(source);
    }

    [Fact]
    public async Task Dapper_parameter_objects_and_dictionaries_used_by_the_sql_are_flagged()
    {
        const string source = """
            public class DapperTests
            {
                private readonly NpgsqlConnection _connection = new();

                [Fact]
                public async Task Inserts()
                {
                    await _connection.ExecuteAsync(
                        "INSERT INTO docs (slug, title) VALUES (@Slug, @Title)",
                        new { Slug = {|TI1001:"dapper-slug"|}, Title = "Title" });
                    _connection.Execute(
                        "INSERT INTO users (email) VALUES (@email)",
                        new Dictionary<string, object> { ["email"] = {|TI1001:"dapper@example.com"|} });
                    _connection.Execute("DELETE FROM docs WHERE code = @Code", new { Code = {|TI1001:"C-1"|} });
                }
            }
            """;

        await Verify(source);
    }

    [Fact]
    public async Task Sql_literals_with_fixed_identifier_values_are_flagged_on_the_value()
    {
        const string source = """
            public class SqlTests
            {
                private readonly NpgsqlConnection _connection = new();

                [Fact]
                public void Inserts()
                {
                    using var insert = new NpgsqlCommand("INSERT INTO docs (slug, title) VALUES ({|TI1001:'sql-slug'|}, 'Title'), ({|TI1001:'sql-slug-2'|}, 'Other')", _connection);
                    insert.ExecuteNonQuery();
                    using var delete = _connection.CreateCommand();
                    delete.CommandText = "DELETE FROM docs WHERE title = 'T' AND slug = {|TI1001:'sql-delete'|}";
                    delete.ExecuteNonQuery();
                    _connection.Execute("UPDATE docs SET title = 'x' WHERE \"email\" = {|TI1001:'sql@example.com'|}");
                }
            }
            """;

        await Verify(source);
    }

    [Fact]
    public async Task Ado_net_parameters_of_a_writing_command_are_flagged()
    {
        const string source = """
            using Microsoft.Data.Sqlite;

            public class AdoTests
            {
                private readonly NpgsqlConnection _connection = new();

                [Fact]
                public async Task Inserts()
                {
                    await using var insert = new NpgsqlCommand("INSERT INTO docs (slug, title) VALUES (@slug, @title)", _connection);
                    insert.Parameters.AddWithValue("@slug", {|TI1001:"ado-slug"|});
                    insert.Parameters.AddWithValue("@title", "Title");
                    await insert.ExecuteNonQueryAsync();

                    await using var delete = _connection.CreateCommand();
                    delete.CommandText = "DELETE FROM users WHERE email = :email";
                    delete.Parameters.AddWithValue("email", {|TI1001:"ado@example.com"|});

                    using var sqlite = new SqliteCommand("UPDATE docs SET title = 'x' WHERE code = $code");
                    sqlite.Parameters.AddWithValue("$code", {|TI1001:"C-7"|});
                }
            }
            """;

        await Verify(source);
    }

    [Fact]
    public async Task Ado_net_parameters_of_reads_or_of_unknown_commands_are_not_flagged()
    {
        const string source = """
            public class AdoTests
            {
                private readonly NpgsqlConnection _connection = new();

                [Fact]
                public void Reads(NpgsqlCommand given)
                {
                    using var select = new NpgsqlCommand("SELECT * FROM roles WHERE code = @code", _connection);
                    select.Parameters.AddWithValue("@code", "admin");
                    given.Parameters.AddWithValue("@slug", "from-elsewhere");
                    using var reused = _connection.CreateCommand();
                    reused.CommandText = "INSERT INTO docs (slug) VALUES (@slug)";
                    reused.CommandText = "SELECT 1";
                    reused.Parameters.AddWithValue("@slug", "ambiguous");
                }
            }
            """;

        await Verify(source);
    }

    [Fact]
    public async Task Key_value_pairs_and_parsed_json_documents_are_flagged_on_the_value_not_the_key()
    {
        const string source = """
            public class PairTests
            {
                private readonly NpgsqlConnection _connection = new();
                private readonly IMongoCollection<BsonDocument> _raw = null!;

                [Fact]
                public void Inserts()
                {
                    var values = new Dictionary<string, object>(new[] { new KeyValuePair<string, object>("slug", {|TI1001:"kv-slug"|}) });
                    _connection.Execute("INSERT INTO docs (slug) VALUES (@slug)", values);
                    _raw.InsertOne(BsonDocument.Parse("{ slug: {|TI1001:'parsed'|}, title: 'Title' }"));
                }
            }
            """;

        await Verify(source);
    }

    [Fact]
    public async Task NUnit_and_MSTest_projects_are_test_code_too()
    {
        const string nunit = """
            public class NUnitTests
            {
                private readonly IMongoCollection<Doc> _docs = null!;

                [NUnit.Framework.Test]
                public void Inserts() => _docs.InsertOne(new Doc { Slug = {|TI1001:"nunit"|} });
            }
            """;
        const string mstest = """
            [Microsoft.VisualStudio.TestTools.UnitTesting.TestClass]
            public class MSTestTests
            {
                private readonly IMongoCollection<Doc> _docs = null!;

                [Microsoft.VisualStudio.TestTools.UnitTesting.TestMethod]
                public void Inserts() => _docs.InsertOne(new Doc { Slug = {|TI1001:"mstest"|} });
            }
            """;

        await VerifyWithoutXunit(nunit, TestProject.NUnit);
        await VerifyWithoutXunit(mstest, TestProject.MSTest);
    }

    // ---- not flagged ----

    [Fact]
    public async Task Non_identifier_fields_and_near_miss_names_are_not_flagged()
    {
        const string source = """
            public class DocumentTests
            {
                private readonly IMongoCollection<Doc> _docs = null!;

                [Fact]
                public void Inserts()
                {
                    _docs.InsertOne(new Doc { Title = "Test Document", CustomerId = "customer-1", Slug = "", Tags = new() { "tag" } });
                    _docs.Find(d => d.Title == "Test Document");
                }
            }
            """;

        await Verify(source);
    }

    [Fact]
    public async Task Values_unique_per_run_are_not_flagged()
    {
        const string source = """
            public class DocumentTests
            {
                private readonly DocsFixture _fixture = new();
                private readonly IMongoCollection<Doc> _docs = null!;

                [Fact]
                public void Inserts()
                {
                    var id = Guid.NewGuid().ToString("N");
                    _docs.InsertOne(new Doc
                    {
                        Id = id,
                        Slug = _fixture.Slug("test-document-integration"),
                        Email = $"user-{Guid.NewGuid():N}@example.com",
                        UserName = Environment.UserName,
                    });
                    _docs.DeleteOne(d => d.Id == id);
                }
            }
            """;

        await Verify(source);
    }

    [Fact]
    public async Task Fixed_identifiers_in_a_database_named_per_session_are_not_flagged()
    {
        const string source = """
            public class SessionDatabaseTests
            {
                private readonly DocsFixture _fixture = new();
                private readonly IMongoCollection<Doc> _docs;
                private readonly IMongoCollection<Doc> _shared;

                public SessionDatabaseTests()
                {
                    _docs = new MongoClient().GetDatabase(_fixture.DatabaseName).GetCollection<Doc>("docs");
                    _shared = new MongoClient().GetDatabase("shared_tests").GetCollection<Doc>("docs");
                }

                [Fact]
                public void Inserts()
                {
                    _docs.InsertOne(new Doc { Slug = "fixed-but-private" });
                    _fixture.Database.GetCollection<Doc>("docs").DeleteOne(d => d.Slug == "fixed-but-private");
                    _shared.InsertOne(new Doc { Slug = {|TI1001:"fixed-and-shared"|} });
                }
            }
            """;

        await Verify(source);
    }

    [Fact]
    public async Task Literals_only_in_assertions_and_in_memory_objects_are_not_flagged()
    {
        const string source = """
            public class DocumentTests
            {
                private readonly DocsFixture _fixture = new();
                private readonly IMongoCollection<Doc> _docs = null!;

                [Fact]
                public void Maps()
                {
                    var doc = new Doc { Slug = "in-memory", Email = "a@example.com" };
                    var map = new Dictionary<string, string> { ["id"] = "1", ["slug"] = "x" };
                    var bson = new BsonDocument("slug", "not-written");
                    Assert.Equal("in-memory", doc.Slug);
                    Assert.Equal("x", map["slug"]);
                    Assert.Equal("not-written", bson["slug"].AsString);
                }

                [Fact]
                public async Task Reads_back_a_per_session_document()
                {
                    var slug = _fixture.Slug("doc");
                    await _docs.InsertOneAsync(new Doc { Slug = slug });
                    var found = await _docs.Find(d => d.Slug == slug).SingleAsync();
                    Assert.Equal("doc", found.Slug.Substring(0, 3));
                }
            }
            """;

        await Verify(source);
    }

    [Fact]
    public async Task Parameters_reassigned_locals_and_mutable_fields_are_not_traced()
    {
        const string source = """
            public class TheoryTests
            {
                private readonly IMongoCollection<Doc> _docs = null!;
                public string SharedSlug = "public-field";

                [Theory]
                [InlineData({|TI1001:"theory-slug"|})]
                public void Inserts(string slug)
                {
                    _docs.InsertOne(new Doc { Slug = slug });
                    var email = "first@example.com";
                    email = Guid.NewGuid() + "@example.com";
                    _docs.InsertOne(new Doc { Email = email, Id = SharedSlug });
                }
            }
            """;

        await Verify(source);
    }

    [Fact]
    public async Task Dapper_values_the_sql_does_not_use_reads_and_parameterised_sql_are_not_flagged()
    {
        const string source = """
            public class DapperTests
            {
                private readonly DocsFixture _fixture = new();
                private readonly NpgsqlConnection _connection = new();

                [Fact]
                public void Inserts()
                {
                    _connection.Execute("INSERT INTO docs (slug, title) VALUES (@Slug, 'Fixed title')", new { Slug = _fixture.Slug("doc"), Code = "unused" });
                    _connection.Query<Doc>("SELECT * FROM docs", new { Id = "no placeholder" });
                    // Reads of seeded reference data by a fixed code do not collide.
                    _connection.Query<Doc>("SELECT * FROM roles WHERE code = @Code", new { Code = "admin" });
                    _connection.Query<Doc>("SELECT * FROM roles WHERE code = 'admin'");
                    _connection.Execute("INSERT INTO docs (title, category) VALUES ('Title', 'News')");
                }
            }
            """;

        await Verify(source);
    }

    [Fact]
    public async Task In_memory_stores_in_the_file_are_not_flagged()
    {
        const string source = """
            using Microsoft.Data.Sqlite;

            public class SqliteTests
            {
                [Fact]
                public void Inserts()
                {
                    using var connection = new SqliteConnection("Data Source=:memory:");
                    connection.Execute("INSERT INTO docs (slug) VALUES ('memory-slug')");
                    new AppDbContext().Docs.Add(new Doc { Slug = "memory" });
                }
            }
            """;

        await Verify(source);
    }

    [Fact]
    public async Task Inserts_into_a_collection_named_per_run_are_not_flagged()
    {
        const string source = """
            public class EventTests
            {
                private readonly IMongoDatabase _database = new MongoClient().GetDatabase("events");

                [Fact]
                public void Inserts()
                {
                    _database.GetCollection<Doc>("docs_" + Guid.NewGuid().ToString("N")).InsertOne(new Doc { Slug = "own-collection" });
                    _database.GetCollection<Doc>("docs").InsertOne(new Doc { Slug = {|TI1001:"shared-collection"|} });
                }
            }
            """;

        await Verify(source);
    }

    [Fact]
    public async Task Fixture_in_its_own_file_that_names_the_database_per_run_scopes_the_collection()
    {
        const string source = """
            public class DocTests
            {
                private readonly IMongoCollection<Doc> _docs;
                private readonly IMongoCollection<Doc> _shared;

                public DocTests(MongoFixture fixture)
                {
                    _docs = fixture.Database.GetCollection<Doc>("docs");
                    _shared = fixture.SharedDatabase.GetCollection<Doc>("docs");
                }

                [Fact]
                public void Inserts()
                {
                    _docs.InsertOne(new Doc { Slug = "per-run-database" });
                    _shared.InsertOne(new Doc { Slug = {|TI1001:"shared-database"|} });
                }
            }
            """;

        var test = AnalyzerVerifier<FixedTestDataIdentifierAnalyzer>.Create(Usings + source, TestProject.Xunit, editorConfig: null);
        test.TestState.Sources.Add(("/Model.cs", TestDataSources.Model));
        test.TestState.Sources.Add(("/Fixture.cs", TestDataSources.Fixture));
        test.TestState.Sources.Add(("/MongoFixture.cs", """
            using MongoDB.Driver;

            public sealed class MongoFixture
            {
                private readonly MongoClient _client = new("mongodb://localhost:27017");
                private readonly string _name = "tests_" + System.Guid.NewGuid().ToString("N");

                public MongoFixture()
                {
                    Database = _client.GetDatabase(_name);
                    SharedDatabase = _client.GetDatabase("tests");
                }

                public IMongoDatabase Database { get; }

                public IMongoDatabase SharedDatabase { get; }
            }
            """));
        await test.RunAsync();
    }

    [Fact]
    public async Task Ef_core_context_from_a_helper_file_that_sets_up_an_in_memory_store_is_not_flagged()
    {
        const string source = """
            public class QueryTests
            {
                [Fact]
                public void Adds()
                {
                    using var db = TestDb.Create();
                    db.Docs.Add(new Doc { Slug = "helper-slug" });
                    TestDb.Shared.Add(new Doc { Slug = "shared-slug" });
                }
            }
            """;

        var test = AnalyzerVerifier<FixedTestDataIdentifierAnalyzer>.Create(Usings + source, TestProject.Xunit, editorConfig: null);
        test.TestState.Sources.Add(("/Model.cs", TestDataSources.Model));
        test.TestState.Sources.Add(("/Fixture.cs", TestDataSources.Fixture));
        test.TestState.Sources.Add(("/TestDb.cs", """
            public static class TestDb
            {
                public static readonly Microsoft.Data.Sqlite.SqliteConnection Connection = new("Data Source=:memory:");

                public static AppDbContext Shared { get; } = new();

                public static AppDbContext Create() => new();
            }
            """));
        await test.RunAsync();
    }

    [Fact]
    public async Task Ef_core_context_from_a_helper_file_without_an_in_memory_store_is_flagged()
    {
        const string source = """
            public class QueryTests
            {
                [Fact]
                public void Adds()
                {
                    using var db = TestDb.Create();
                    db.Docs.Add(new Doc { Slug = {|TI1001:"helper-slug"|} });
                }
            }
            """;

        var test = AnalyzerVerifier<FixedTestDataIdentifierAnalyzer>.Create(Usings + source, TestProject.Xunit, editorConfig: null);
        test.TestState.Sources.Add(("/Model.cs", TestDataSources.Model));
        test.TestState.Sources.Add(("/Fixture.cs", TestDataSources.Fixture));
        test.TestState.Sources.Add(("/TestDb.cs", """
            public static class TestDb
            {
                public static AppDbContext Create() => new();
            }
            """));
        await test.RunAsync();
    }

    [Fact]
    public async Task Ef_core_with_only_an_in_process_provider_is_not_flagged()
    {
        const string source = """
            public class EfTests
            {
                [Fact]
                public void Adds() => new AppDbContext().Docs.Add(new Doc { Slug = "in-memory-provider" });
            }
            """;

        await TestDataSources.VerifyWithReferencesAsync<FixedTestDataIdentifierAnalyzer>(
            Usings + source, [TestDataSources.EmptyAssembly("Microsoft.EntityFrameworkCore.InMemory")]);
    }

    [Fact]
    public async Task Collections_on_a_per_run_container_are_not_flagged_and_others_are()
    {
        // Decided per store, not per project: a Testcontainers reference exempts only the container's stores.
        const string source = """
            public class ContainerTests
            {
                private readonly Testcontainers.MongoDb.MongoDbContainer _container = new Testcontainers.MongoDb.MongoDbBuilder().Build();
                private readonly IMongoCollection<Doc> _docs = null!;

                [Fact]
                public void Inserts()
                {
                    new MongoClient(_container.GetConnectionString()).GetDatabase("db").GetCollection<Doc>("docs").InsertOne(new Doc { Slug = "container-slug" });
                    _docs.InsertOne(new Doc { Slug = {|TI1001:"shared-slug"|} });
                }
            }
            """;

        await TestDataSources.VerifyWithReferencesAsync<FixedTestDataIdentifierAnalyzer>(
            Usings + source, [RealWorld.Stubs.TestcontainersMongo]);
    }

    [Fact]
    public async Task Non_test_project_is_not_flagged()
    {
        const string source = """
            using System.Collections.Generic;
            using MongoDB.Driver;

            public class SeedData
            {
                private readonly IMongoCollection<Doc> _docs = null!;

                public void Seed() => _docs.InsertOne(new Doc { Slug = "production-seed" });
            }
            """;

        await TestDataSources.VerifyAsync<FixedTestDataIdentifierAnalyzer>(source, TestProject.NonTest);
    }

    // ---- options ----

    [Fact]
    public async Task Identifier_names_option_replaces_the_default_list()
    {
        const string source = """
            public class DocumentTests
            {
                private readonly IMongoCollection<Doc> _docs = null!;

                [Fact]
                public void Inserts() =>
                    _docs.InsertOne(new Doc { Slug = "not-an-identifier-now", CustomerId = {|TI1001:"customer-1"|}, Title = {|TI1001:"Title"|} });
            }
            """;

        await Verify(source, editorConfig: "tractatus_isolation.identifier_names = customer_id, title\n");
    }

    [Fact]
    public async Task Identifier_names_option_can_extend_the_default_list()
    {
        const string source = """
            public class DocumentTests
            {
                private readonly IMongoCollection<Doc> _docs = null!;

                [Fact]
                public void Inserts() =>
                    _docs.InsertOne(new Doc { Slug = {|TI1001:"slug"|}, CustomerId = {|TI1001:"customer-1"|} });
            }
            """;

        await Verify(source, editorConfig: "tractatus_isolation.identifier_names = slug,id,_id,key,code,email,username,user_name,login,handle,externalId,CustomerId\n");
    }

    [Fact]
    public async Task Test_code_false_silences_the_rule()
    {
        const string source = """
            public class DocumentTests
            {
                private readonly IMongoCollection<Doc> _docs = null!;

                [Fact]
                public void Inserts() => _docs.InsertOne(new Doc { Slug = "silenced" });
            }
            """;

        await Verify(source, editorConfig: "tractatus_isolation.test_code = false\n");
    }

    [Fact]
    public async Task Test_code_true_enables_the_rule_in_a_project_without_a_test_framework()
    {
        const string source = """
            using MongoDB.Driver;

            public class Harness
            {
                private readonly IMongoCollection<Doc> _docs = null!;

                public void Seed() => _docs.InsertOne(new Doc { Slug = {|TI1001:"harness"|} });
            }
            """;

        await TestDataSources.VerifyAsync<FixedTestDataIdentifierAnalyzer>(source, TestProject.NonTest, "tractatus_isolation.test_code = true\n");
    }

    private static Task VerifyWithoutXunit(string source, TestProject project) =>
        TestDataSources.VerifyAsync<FixedTestDataIdentifierAnalyzer>(
            "using MongoDB.Driver;\n\n" + source, project);
}
