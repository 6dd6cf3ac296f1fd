using Microsoft.CodeAnalysis.Testing;
using Tractatus.TestIsolation.Analyzers.Rules;
using Tractatus.TestIsolation.Analyzers.Tests.Verifiers;

namespace Tractatus.TestIsolation.Analyzers.Tests.Rules;

/// <summary>TI1004: teardown deletes that also match other sessions' data.</summary>
public class TI1004Tests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Dapper;
        using MongoDB.Bson;
        using MongoDB.Driver;
        using Npgsql;

        """;

    private const string TUnitStub = """
        namespace TUnit.Core
        {
            public enum HookType { Test, Class, Assembly }

            [System.AttributeUsage(System.AttributeTargets.Method)]
            public class AfterAttribute : System.Attribute
            {
                public AfterAttribute(HookType scope = HookType.Test) { }
            }
        }

        """;

    private static Task Verify(string source, TestProject project = TestProject.Xunit, string? editorConfig = null, params DiagnosticResult[] expected) =>
        TestDataSources.VerifyAsync<UnscopedTeardownDeleteAnalyzer>(Usings + source, project, editorConfig, expected);

    private static DiagnosticResult Diagnostic(int markup) =>
        new DiagnosticResult(Descriptors.UnscopedTeardownDelete).WithLocation(markup);

    // ---- flagged ----

    [Fact]
    public async Task Xunit_DisposeAsync_deleting_every_document_is_flagged_on_the_call()
    {
        const string source = """
            public sealed class DocsTests : Xunit.IAsyncLifetime
            {
                private readonly IMongoCollection<Doc> _docs = null!;

                public Task InitializeAsync() => Task.CompletedTask;

                public async Task DisposeAsync()
                {
                    await {|#0:_docs.DeleteManyAsync(FilterDefinition<Doc>.Empty)|};
                }
            }
            """;

        await Verify(source, expected: Diagnostic(0).WithArguments("deletes every document in the collection"));
    }

    [Fact]
    public async Task Fixed_identifier_delete_names_the_identifier_in_the_message()
    {
        const string source = """
            public sealed class DocsTests : Xunit.IAsyncLifetime
            {
                private const string Slug = "test-document-integration";
                private readonly IMongoCollection<Doc> _docs = null!;

                public Task InitializeAsync() => _docs.InsertOneAsync(new Doc { Slug = Slug });

                public Task DisposeAsync() => {|#0:_docs.DeleteOneAsync(d => d.Slug == Slug)|};
            }
            """;

        await Verify(source, expected: Diagnostic(0).WithArguments("deletes by the fixed Slug \"test-document-integration\""));
    }

    [Fact]
    public async Task Empty_filter_shapes_in_Dispose_are_flagged()
    {
        const string source = """
            public sealed class DocsTests : IDisposable
            {
                private readonly IMongoCollection<Doc> _docs = null!;
                private readonly IMongoCollection<BsonDocument> _raw = null!;

                public void Dispose()
                {
                    {|TI1004:_docs.DeleteMany(_ => true)|};
                    {|TI1004:_docs.DeleteOne(Builders<Doc>.Filter.Empty)|};
                    {|TI1004:_raw.DeleteMany(new BsonDocument())|};
                    {|TI1004:_raw.DeleteMany("{ }")|};
                    var everything = Builders<Doc>.Filter.Empty;
                    {|TI1004:_docs.DeleteMany(everything)|};
                    {|TI1004:_docs.DeleteMany(Builders<Doc>.Filter.Eq("email", "fixed@example.com"))|};
                }
            }
            """;

        await Verify(source);
    }

    [Fact]
    public async Task Dropping_a_fixed_collection_or_database_is_flagged()
    {
        const string source = """
            public sealed class DocsFixture2 : IAsyncDisposable
            {
                private readonly IMongoClient _client;
                private readonly IMongoDatabase _database;

                public DocsFixture2()
                {
                    _client = new MongoClient();
                    _database = _client.GetDatabase("tractatus_test");
                }

                public async ValueTask DisposeAsync()
                {
                    await {|TI1004:_database.DropCollectionAsync("documents")|};
                    {|TI1004:_client.DropDatabase("tractatus_test")|};
                }
            }
            """;

        await Verify(source);
    }

    [Fact]
    public async Task NUnit_teardown_sql_truncate_and_delete_without_where_are_flagged()
    {
        const string source = """
            using NUnit.Framework;

            public class SqlTests
            {
                private readonly NpgsqlConnection _connection = new();

                [TearDown]
                public void TearDown()
                {
                    using var truncate = {|TI1004:new NpgsqlCommand("TRUNCATE TABLE docs RESTART IDENTITY CASCADE", _connection)|};
                    truncate.ExecuteNonQuery();
                }

                [OneTimeTearDown]
                public async Task OneTimeTearDown()
                {
                    await {|TI1004:_connection.ExecuteAsync("DELETE FROM docs")|};
                    await using var command = _connection.CreateCommand();
                    {|TI1004:command.CommandText = "DELETE FROM audit WHERE 1 = 1"|};
                }
            }
            """;

        await Verify(source, TestProject.NUnit);
    }

    [Fact]
    public async Task MSTest_cleanup_methods_are_teardown()
    {
        const string source = """
            using Microsoft.VisualStudio.TestTools.UnitTesting;

            [TestClass]
            public class SqlTests
            {
                private static readonly NpgsqlConnection Connection = new();
                private readonly IMongoCollection<Doc> _docs = null!;

                [TestCleanup]
                public void Cleanup() => {|TI1004:Connection.Execute("DELETE FROM docs WHERE slug = 'mstest-doc'")|};

                [ClassCleanup]
                public static void ClassCleanup() => {|TI1004:Connection.Execute("DROP DATABASE IF EXISTS mstest_db")|};

                [AssemblyCleanup]
                public static void AssemblyCleanup() => Connection.Dispose();
            }
            """;

        await Verify(source, TestProject.MSTest);
    }

    [Fact]
    public async Task TUnit_After_hooks_lambdas_local_functions_and_explicit_Dispose_count_as_teardown()
    {
        const string source = TUnitStub + """
            public class HookTests : IDisposable
            {
                private readonly IMongoCollection<Doc> _docs = null!;

                [TUnit.Core.After(TUnit.Core.HookType.Test)]
                public async Task After()
                {
                    await Task.Run(() => {|TI1004:_docs.DeleteMany(d => d.Id == "tunit-doc")|});
                }

                void IDisposable.Dispose()
                {
                    Clean();

                    void Clean() => {|TI1004:_docs.DeleteMany(FilterDefinition<Doc>.Empty)|};
                }
            }
            """;

        await Verify(source);
    }

    [Fact]
    public async Task Dispose_bool_pattern_is_teardown()
    {
        const string source = """
            public class DocsBase : IDisposable
            {
                protected readonly IMongoCollection<Doc> Docs = null!;

                public void Dispose()
                {
                    Dispose(true);
                    GC.SuppressFinalize(this);
                }

                protected virtual void Dispose(bool disposing)
                {
                    if (disposing)
                    {
                        {|TI1004:Docs.DeleteMany(Builders<Doc>.Filter.Empty)|};
                    }
                }
            }
            """;

        await Verify(source);
    }

    [Fact]
    public async Task Identifier_names_option_applies_to_fixed_filters()
    {
        const string source = """
            public sealed class DocsTests : IDisposable
            {
                private readonly IMongoCollection<Doc> _docs = null!;

                public void Dispose()
                {
                    {|TI1004:_docs.DeleteMany(d => d.Title == "Fixture title")|};
                    _docs.DeleteMany(d => d.Slug == "no-longer-an-identifier");
                }
            }
            """;

        await Verify(source, editorConfig: "tractatus_isolation.identifier_names = title\n");
    }

    // ---- not flagged ----

    [Fact]
    public async Task Deletes_scoped_to_session_values_are_not_flagged()
    {
        const string source = """
            public sealed class DocsTests : Xunit.IAsyncLifetime
            {
                private readonly DocsFixture _fixture = new();
                private readonly IMongoCollection<Doc> _docs = null!;
                private readonly List<string> _createdIds = new();
                private readonly string _slug;

                public DocsTests() => _slug = _fixture.Slug("doc");

                public Task InitializeAsync() => Task.CompletedTask;

                public async Task DisposeAsync()
                {
                    await _docs.DeleteOneAsync(d => d.Slug == _slug);
                    await _docs.DeleteManyAsync(Builders<Doc>.Filter.In(d => d.Id, _createdIds));
                    await _docs.DeleteManyAsync(d => d.Title == "Test Document");
                }
            }
            """;

        await Verify(source);
    }

    [Fact]
    public async Task Dropping_the_session_database_is_not_flagged()
    {
        const string source = """
            public sealed class SessionTests : IAsyncDisposable
            {
                private readonly DocsFixture _fixture = new();
                private readonly IMongoClient _client = new MongoClient();
                private readonly NpgsqlConnection _admin = new();
                private readonly string _databaseName = $"test_{Guid.NewGuid():N}";

                public async ValueTask DisposeAsync()
                {
                    await _client.DropDatabaseAsync(_fixture.DatabaseName);
                    await _client.DropDatabaseAsync(_databaseName);
                    await _admin.ExecuteAsync($"DROP DATABASE IF EXISTS \"{_databaseName}\"");
                    await _admin.ExecuteAsync("DELETE FROM runs WHERE session_id = @Session", new { Session = _databaseName });
                }
            }
            """;

        await Verify(source);
    }

    [Fact]
    public async Task Emptying_a_collection_of_a_per_session_database_is_not_flagged()
    {
        const string source = """
            public sealed class SessionDatabaseTests : IDisposable
            {
                private readonly DocsFixture _fixture = new();
                private readonly IMongoCollection<Doc> _docs;
                private readonly IMongoCollection<Doc> _fixtureDocs;
                private readonly IMongoDatabase _database;

                public SessionDatabaseTests()
                {
                    _database = new MongoClient().GetDatabase($"test_{Guid.NewGuid():N}");
                    _docs = _database.GetCollection<Doc>("docs");
                    _fixtureDocs = _fixture.Database.GetCollection<Doc>("docs");
                }

                public void Dispose()
                {
                    _docs.DeleteMany(FilterDefinition<Doc>.Empty);
                    _fixtureDocs.DeleteMany(_ => true);
                    _database.DropCollection("docs");
                }
            }
            """;

        await Verify(source);
    }

    [Fact]
    public async Task Deletes_outside_teardown_and_non_deletes_in_teardown_are_not_flagged()
    {
        const string source = """
            public sealed class DocsTests : IDisposable
            {
                private readonly IMongoCollection<Doc> _docs = null!;

                [Xunit.Fact]
                public void Resets_the_collection() => _docs.DeleteMany(FilterDefinition<Doc>.Empty);

                public void Dispose()
                {
                    var count = _docs.CountDocuments(FilterDefinition<Doc>.Empty);
                    _docs.InsertOne(new Doc { Slug = "audit" });
                }

                public void Dispose(string reason) => _docs.DeleteMany(FilterDefinition<Doc>.Empty);
            }
            """;

        await Verify(source);
    }

    [Fact]
    public async Task Scoped_sql_in_teardown_is_not_flagged()
    {
        const string source = """
            using NUnit.Framework;

            public class SqlTests
            {
                private readonly NpgsqlConnection _connection = new();
                private string _slug = Guid.NewGuid().ToString();

                [TearDown]
                public void TearDown()
                {
                    _connection.Execute("DELETE FROM docs WHERE slug = @slug", new { slug = _slug });
                    _connection.Execute("DELETE FROM docs WHERE created_by = 'tests' AND title = 'T'");
                    _connection.Execute("SELECT count(*) FROM docs");
                }
            }
            """;

        await Verify(source, TestProject.NUnit);
    }

    [Fact]
    public async Task Sql_cleanup_of_an_in_memory_sqlite_database_is_not_flagged()
    {
        const string source = """
            using Microsoft.Data.Sqlite;
            using NUnit.Framework;

            public class RepositoryTests
            {
                private SqliteConnection _connection = null!;

                [SetUp]
                public void SetUp() => _connection = new SqliteConnection("DataSource=:memory:");

                [TearDown]
                public void TearDown()
                {
                    _connection.Execute("DELETE FROM users");
                    _connection.Execute("DELETE FROM docs WHERE slug = 'fixed'");
                }
            }
            """;

        await Verify(source, TestProject.NUnit);
    }

    [Fact]
    public async Task Sql_cleanup_on_a_connection_from_an_in_memory_helper_file_is_not_flagged()
    {
        const string source = """
            using NUnit.Framework;

            public class RepositoryTests
            {
                [TearDown]
                public void TearDown() => TestDatabase.Connection.Execute("DELETE FROM users");

                [OneTimeTearDown]
                public void OneTimeTearDown() => {|#0:Shared.Connection.Execute("DELETE FROM users")|};
            }

            public static class Shared
            {
                public static readonly NpgsqlConnection Connection = new();
            }
            """;

        var test = AnalyzerVerifier<UnscopedTeardownDeleteAnalyzer>.Create(Usings + source, TestProject.NUnit, editorConfig: null);
        test.TestState.Sources.Add(("/Model.cs", TestDataSources.Model));
        test.TestState.Sources.Add(("/Fixture.cs", TestDataSources.Fixture));
        test.TestState.Sources.Add(("/TestDatabase.cs", """
            public static class TestDatabase
            {
                public static readonly Microsoft.Data.Sqlite.SqliteConnection Connection = new("Data Source=:memory:");
            }
            """));
        test.ExpectedDiagnostics.Add(Diagnostic(0).WithArguments("deletes every row of table \"users\""));
        await test.RunAsync();
    }

    [Fact]
    public async Task Emptying_a_collection_named_per_run_in_a_shared_database_is_not_flagged()
    {
        const string source = """
            public sealed class EventTests : System.IDisposable
            {
                private readonly IMongoDatabase _database = new MongoClient().GetDatabase("events");
                private readonly string _name = $"events_{Guid.NewGuid():N}";
                private readonly IMongoCollection<Doc> _events;
                private readonly IMongoCollection<Doc> _shared;

                public EventTests()
                {
                    _events = _database.GetCollection<Doc>(_name);
                    _shared = _database.GetCollection<Doc>("events_" + nameof(EventTests));
                }

                public void Dispose()
                {
                    _events.DeleteMany(FilterDefinition<Doc>.Empty);
                    {|#0:_shared.DeleteMany(FilterDefinition<Doc>.Empty)|};
                }
            }
            """;

        await Verify(source, expected: Diagnostic(0).WithArguments("deletes every document in the collection"));
    }

    [Fact]
    public async Task Non_test_project_is_not_flagged()
    {
        const string source = """
            using System;
            using MongoDB.Driver;

            public sealed class Cache : IDisposable
            {
                private readonly IMongoCollection<Doc> _docs = null!;

                public void Dispose() => _docs.DeleteMany(FilterDefinition<Doc>.Empty);
            }
            """;

        await TestDataSources.VerifyAsync<UnscopedTeardownDeleteAnalyzer>(source, TestProject.NonTest);
    }

    [Fact]
    public async Task Wipes_on_a_per_run_server_are_not_flagged_and_on_a_shared_one_are()
    {
        // Decided per store: the Mongo2Go runner's collection is the run's own, the other is not.
        const string source = """
            using System;
            using MongoDB.Driver;

            public sealed class RunnerTests : IDisposable
            {
                private readonly Mongo2Go.MongoDbRunner _runner = Mongo2Go.MongoDbRunner.Start();
                private readonly IMongoCollection<Doc> _local;
                private readonly IMongoCollection<Doc> _shared = null!;

                public RunnerTests() => _local = new MongoClient(_runner.ConnectionString).GetDatabase("db").GetCollection<Doc>("docs");

                public void Dispose()
                {
                    _local.DeleteMany(FilterDefinition<Doc>.Empty);
                    {|TI1004:_shared.DeleteMany(FilterDefinition<Doc>.Empty)|};
                }
            }
            """;

        await TestDataSources.VerifyWithReferencesAsync<UnscopedTeardownDeleteAnalyzer>(source, [RealWorld.Stubs.Mongo2Go]);
    }

    // ---- options ----

    [Fact]
    public async Task Test_code_false_silences_the_rule()
    {
        const string source = """
            public sealed class DocsTests : IDisposable
            {
                private readonly IMongoCollection<Doc> _docs = null!;

                public void Dispose() => _docs.DeleteMany(FilterDefinition<Doc>.Empty);
            }
            """;

        await Verify(source, editorConfig: "tractatus_isolation.test_code = false\n");
    }

    [Fact]
    public async Task Test_code_true_enables_the_rule_in_a_project_without_a_test_framework()
    {
        const string source = """
            public sealed class Harness : IDisposable
            {
                private readonly IMongoCollection<Doc> _docs = null!;

                public void Dispose() => {|TI1004:_docs.DeleteMany(FilterDefinition<Doc>.Empty)|};
            }
            """;

        await Verify(source, TestProject.NonTest, "tractatus_isolation.test_code = true\n");
    }
}
