using Microsoft.CodeAnalysis.Testing;
using Tractatus.TestIsolation.Analyzers.Rules;

namespace Tractatus.TestIsolation.Analyzers.Tests.Rules;

/// <summary>
/// The fixture from the incident (a fixed slug in a fixed database, deleted by that slug in
/// DisposeAsync), and the same fixture made per-session: each rule reports exactly its part of
/// the first and nothing in the second.
/// </summary>
public class IncidentShapeTests
{
    private const string NaiveFixture = """
        using System.Threading.Tasks;
        using MongoDB.Driver;
        using Xunit;

        public sealed class DocumentFixture : IAsyncLifetime
        {
            private const string DocumentSlug = "test-document-integration";
            private readonly IMongoClient _client = new MongoClient("mongodb://localhost:27017");
            private IMongoCollection<Doc> _documents = null!;

            public async Task InitializeAsync()
            {
                var database = _client.GetDatabase({|#1:"tractatus_test"|});
                _documents = database.GetCollection<Doc>("documents");
                await _documents.InsertOneAsync(new Doc { Slug = {|#0:DocumentSlug|}, Title = "Test Document" });
            }

            public async Task DisposeAsync()
            {
                await {|#2:_documents.DeleteOneAsync(d => d.Slug == {|#3:DocumentSlug|})|};
            }
        }
        """;

    private const string IsolatedFixture = """
        using System.Threading.Tasks;
        using MongoDB.Driver;
        using Xunit;

        public sealed class DocumentFixture : IAsyncLifetime
        {
            private readonly DocsFixture _session = new();
            private readonly IMongoClient _client = new MongoClient("mongodb://localhost:27017");
            private IMongoCollection<Doc> _documents = null!;
            private string _slug = null!;

            public async Task InitializeAsync()
            {
                _slug = _session.Slug("test-document-integration");
                _documents = _client.GetDatabase(_session.DatabaseName).GetCollection<Doc>("documents");
                await _documents.InsertOneAsync(new Doc { Slug = _slug, Title = "Test Document" });
            }

            public async Task DisposeAsync()
            {
                await _documents.DeleteOneAsync(d => d.Slug == _slug);
                await _documents.DeleteManyAsync(FilterDefinition<Doc>.Empty);
                await _client.DropDatabaseAsync(_session.DatabaseName);
            }
        }
        """;

    [Fact]
    public async Task Naive_fixture_gets_TI1001_on_both_uses_of_the_slug()
    {
        await TestDataSources.VerifyAsync<FixedTestDataIdentifierAnalyzer>(
            Strip(NaiveFixture, 1, 2),
            expected:
            [
                new DiagnosticResult(Descriptors.FixedTestDataIdentifier).WithLocation(0)
                    .WithArguments("Slug", "test-document-integration", "TestSession.Current.Slug(\"test-document-integration\")"),
                new DiagnosticResult(Descriptors.FixedTestDataIdentifier).WithLocation(3)
                    .WithArguments("Slug", "test-document-integration", "TestSession.Current.Slug(\"test-document-integration\")"),
            ]);
    }

    [Fact]
    public async Task Naive_fixture_gets_TI1002_on_the_database_name() =>
        await TestDataSources.VerifyAsync<HardCodedDatabaseNameAnalyzer>(
            Strip(NaiveFixture, 0, 2, 3),
            expected: new DiagnosticResult(Descriptors.HardCodedDatabaseName).WithLocation(1)
                .WithArguments("tractatus_test", "TestSession.Current.DatabaseName(\"tractatus_test\")"));

    [Fact]
    public async Task Naive_fixture_gets_TI1004_on_the_teardown_delete() =>
        await TestDataSources.VerifyAsync<UnscopedTeardownDeleteAnalyzer>(
            Strip(NaiveFixture, 0, 1, 3),
            expected: new DiagnosticResult(Descriptors.UnscopedTeardownDelete).WithLocation(2)
                .WithArguments("deletes by the fixed Slug \"test-document-integration\""));

    [Fact]
    public async Task Isolated_fixture_gets_nothing()
    {
        await TestDataSources.VerifyAsync<FixedTestDataIdentifierAnalyzer>(IsolatedFixture);
        await TestDataSources.VerifyAsync<HardCodedDatabaseNameAnalyzer>(IsolatedFixture);
        await TestDataSources.VerifyAsync<UnscopedTeardownDeleteAnalyzer>(IsolatedFixture);
    }

    // Removes the markup of locations another rule reports, keeping the text in between.
    private static string Strip(string source, params int[] markers)
    {
        foreach (var marker in markers)
        {
            var open = "{|#" + marker + ":";
            var start = source.IndexOf(open, StringComparison.Ordinal);
            var depth = 0;
            var end = start + open.Length;
            for (; end < source.Length; end++)
            {
                if (source.AsSpan(end).StartsWith("{|"))
                {
                    depth++;
                }
                else if (source.AsSpan(end).StartsWith("|}"))
                {
                    if (depth-- == 0)
                    {
                        break;
                    }
                }
            }

            source = source[..start] + source[(start + open.Length)..end] + source[(end + 2)..];
        }

        return source;
    }
}
