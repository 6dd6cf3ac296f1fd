using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Tractatus.TestIsolation.Analyzers.Rules;
using Tractatus.TestIsolation.Analyzers.Tests.SelfAnalysis;
using Tractatus.TestIsolation.Analyzers.Tests.Verifiers;

namespace Tractatus.TestIsolation.Analyzers.Tests.Rules;

/// <summary>
/// TI1004's <c>Value</c> property, which its code fix reads instead of recomputing the filter: set to
/// the one fixed identifier a delete filters on, absent when there is none or more than one.
/// </summary>
public class TI1004ValuePropertyTests
{
    private const string Usings = """
        using System;
        using System.Threading.Tasks;
        using Dapper;
        using MongoDB.Driver;
        using Npgsql;

        public sealed class Doc
        {
            public string Slug { get; set; } = "";
            public string Email { get; set; } = "";
        }

        """;

    [Theory]
    [InlineData("_docs.DeleteOne(d => d.Slug == \"seeded-doc\");", "seeded-doc")]
    [InlineData("_docs.DeleteMany(Builders<Doc>.Filter.Eq(\"slug\", \"seeded-doc\"));", "seeded-doc")]
    [InlineData("_docs.DeleteMany(d => d.Slug == \"a-doc\" || d.Slug == \"a-doc\");", "a-doc")]
    [InlineData("Db.Open().Execute(\"DELETE FROM docs WHERE slug = @slug\", new { slug = \"seeded-doc\" });", "seeded-doc")]
    public async Task A_delete_by_one_fixed_identifier_carries_that_value(string delete, string value)
    {
        var diagnostic = await SingleDiagnosticAsync(delete);

        diagnostic.Properties.ShouldContainKeyAndValue(UnscopedTeardownDeleteAnalyzer.ValueProperty, value);
    }

    [Theory]
    [InlineData("_docs.DeleteMany(FilterDefinition<Doc>.Empty);")]
    [InlineData("_docs.DeleteMany(d => d.Slug == \"a-doc\" || d.Email == \"b@example.com\");")]
    [InlineData("Db.Open().Execute(\"TRUNCATE docs\");")]
    [InlineData("Db.Open().Execute(\"DELETE FROM docs WHERE slug = 'seeded-doc'\");")]
    [InlineData("_database.DropCollection(\"docs\");")]
    public async Task A_delete_without_exactly_one_fixed_identifier_carries_no_value(string delete)
    {
        var diagnostic = await SingleDiagnosticAsync(delete);

        diagnostic.Properties.ShouldNotContainKey(UnscopedTeardownDeleteAnalyzer.ValueProperty);
    }

    private static async Task<Diagnostic> SingleDiagnosticAsync(string delete)
    {
        var source = Usings + """
            public static class Db
            {
                public static NpgsqlConnection Open() => new(Environment.GetEnvironmentVariable("PG_TESTS"));
            }

            public sealed class DocFixture : IDisposable
            {
                private readonly IMongoDatabase _database = new MongoClient().GetDatabase("shared_tests");
                private readonly IMongoCollection<Doc> _docs;

                public DocFixture() => _docs = _database.GetCollection<Doc>("docs");

                public void Dispose()
                {
            """ + delete + """

                }
            }
            """;
        var run = await AnalyzerRunner.RunAsync(
            [AnalyzerRunner.Parse(source)],
            TestReferences.Framework.AddRange(TestReferences.Libraries).AddRange(TestReferences.Xunit),
            ImmutableArray.Create<DiagnosticAnalyzer>(new UnscopedTeardownDeleteAnalyzer()));

        run.ShouldHaveNoAnalyzerExceptions();
        run.Compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ShouldBeEmpty();
        return run.Diagnostics.ShouldHaveSingleItem();
    }
}
