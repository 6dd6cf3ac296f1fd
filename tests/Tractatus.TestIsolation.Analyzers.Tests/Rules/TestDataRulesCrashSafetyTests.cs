using Tractatus.TestIsolation.Analyzers.Rules;
using Tractatus.TestIsolation.Analyzers.Tests.Verifiers;

namespace Tractatus.TestIsolation.Analyzers.Tests.Rules;

/// <summary>
/// TI1001, TI1002 and TI1004 over code as it is while being typed: no analyzer exception (AD0001)
/// on half-written invocations, missing arguments, unknown types or broken SQL.
/// </summary>
public class TestDataRulesCrashSafetyTests
{
    private const string Prelude = """
        using System;
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Dapper;
        using Microsoft.Data.Sqlite;
        using MongoDB.Bson;
        using MongoDB.Driver;
        using Npgsql;
        using Xunit;

        public class Doc { public string Slug { get; set; } = ""; public string Id { get; set; } = ""; }

        """;

    // Each source is free of anything the rules should report: VerifyNoCrashAsync expects no diagnostics.
    public static TheoryData<string> IncompleteSources() => new()
    {
        // Half-typed object initializer passed to an insert.
        """
        public class T : IDisposable
        {
            private readonly IMongoCollection<Doc> _docs = null!;
            [Fact] public void A() { _docs.InsertOne(new Doc { Slug = 
        """,
        // Missing arguments and unclosed calls.
        """
        public class T : IDisposable
        {
            private readonly IMongoClient _client = null!;
            private readonly IMongoCollection<Doc> _docs = null!;
            public void Dispose() { _client.GetDatabase(; _client.DropDatabase(); _docs.DeleteMany(); _docs.DeleteOne(d => ); }
            [Fact] public void A() { _docs.InsertOne(); _docs.Find(Builders<Doc>.Filter.Eq(d => d.Slug, )); _docs.ReplaceOne(, new Doc()); }
        }
        """,
        // Unknown types and members.
        """
        public class T : IAsyncLifetime
        {
            private readonly IMongoCollection<Unknown> _docs = null!;
            public Task InitializeAsync() => _docs.InsertOneAsync(new Unknown { Slug = "x", Id = Missing.Value });
            public Task DisposeAsync() => _docs.DeleteManyAsync(x => x.Slug == "x" && y.Id == );
            [Fact] public void A() { var c = new MongoClient(UnknownConst); c.GetDatabase(UnknownName); new NpgsqlConnection(Nope + "Database=x"); }
        }
        """,
        // Locals used before assignment, assigned in odd ways, self-referential.
        """
        public class T : IDisposable
        {
            private readonly IMongoCollection<Doc> _docs = null!;
            private readonly string _slug = _slug;
            [Fact] public void A()
            {
                string slug;
                _docs.InsertOne(new Doc { Slug = slug });
                var doc = doc;
                _docs.InsertOne(doc);
                var (a, b) = ("x", "y");
                _docs.DeleteOne(d => d.Slug == a);
                ref var r = ref slug;
                _docs.InsertMany(new[] { new Doc { Slug = _slug }, null, });
            }
            public void Dispose() { _docs.DeleteMany(_ => ); _docs.DeleteMany(Builders<Doc>.Filter.Where()); }
        }
        """,
        // Broken SQL and broken connection strings.
        """
        [NUnit.Framework.TestFixture]
        public class T
        {
            private readonly NpgsqlConnection _c = new("Host=;Database=;;=;Database");
            [NUnit.Framework.TearDown] public void D()
            {
                _c.Execute("TRUNCATE");
                _c.Execute("DELETE FROM");
                _c.Execute("INSERT INTO docs (slug, VALUES ('x'");
                _c.Execute("INSERT INTO docs (slug) VALUES ('unterminated");
                _c.Execute("DROP DATABASE");
                _c.Execute("/* unterminated comment");
                _c.Execute("'");
                _c.Execute(null);
                _c.Execute("CREATE DATABASE ;");
                new SqliteConnection("Data Source=");
                new MongoClient("mongodb://");
                new MongoClient("mongodb://@/");
                var b = new NpgsqlConnectionStringBuilder { Database = };
            }
        }
        """,
        // Statements at top level, lambdas without bodies, generic errors.
        """
        var client = new MongoClient(args[0]);
        client.GetDatabase(args[1]).GetCollection<Doc>("docs").InsertOne(new Doc { Slug = args[2] });
        Func<Doc, bool> f = d => d.Slug == ;
        client.GetDatabase().GetCollection<>("docs").DeleteMany(FilterDefinition<>.Empty);
        """,
        // Teardown with bodiless members and attributes on the wrong things.
        """
        public abstract class T : IDisposable
        {
            public abstract void Dispose();
            [NUnit.Framework.TearDown] public extern void Cleanup();
            [NUnit.Framework.TearDown] public int Property => 1;
            public ValueTask DisposeAsync() =>
        }
        """,
        // BsonDocument, dictionaries and anonymous objects cut off mid-way.
        """
        public class T
        {
            private readonly IMongoCollection<BsonDocument> _raw = null!;
            private readonly NpgsqlConnection _c = new();
            [Fact] public void A()
            {
                _raw.InsertOne(new BsonDocument { { "slug", } , { } });
                _raw.InsertOne(new BsonDocument("slug"));
                _raw.InsertOne(new BsonDocument().Add("slug", ));
                _c.Execute("INSERT INTO docs (slug) VALUES (@Slug)", new { Slug = , });
                _c.Execute("INSERT INTO docs (slug) VALUES (@slug)", new Dictionary<string, object> { ["slug"] = });
                _raw.BulkWrite(new WriteModel<BsonDocument>[] { new InsertOneModel<BsonDocument>(), new DeleteOneModel<BsonDocument>( });
            }
        }
        """,
    };

    [Theory]
    [MemberData(nameof(IncompleteSources))]
    public Task TI1001_does_not_throw_on_incomplete_code(string source) =>
        AnalyzerVerifier<FixedTestDataIdentifierAnalyzer>.VerifyNoCrashAsync(Prelude + source, ProjectFor(source));

    [Theory]
    [MemberData(nameof(IncompleteSources))]
    public Task TI1002_does_not_throw_on_incomplete_code(string source) =>
        AnalyzerVerifier<HardCodedDatabaseNameAnalyzer>.VerifyNoCrashAsync(Prelude + source, ProjectFor(source));

    [Theory]
    [MemberData(nameof(IncompleteSources))]
    public Task TI1004_does_not_throw_on_incomplete_code(string source) =>
        AnalyzerVerifier<UnscopedTeardownDeleteAnalyzer>.VerifyNoCrashAsync(Prelude + source, ProjectFor(source));

    private static TestProject ProjectFor(string source) =>
        source.Contains("NUnit.Framework", StringComparison.Ordinal) ? TestProject.NUnit : TestProject.Xunit;
}
