using Tractatus.TestIsolation.Analyzers.Rules;

namespace Tractatus.TestIsolation.Analyzers.Tests.Rules;

/// <summary>
/// Unit tests that mock the driver (Moq, NSubstitute) touch no database: their literals are not
/// reported by TI1001, TI1002 or TI1004, while real calls next to them still are.
/// </summary>
public class MockedStoreTests
{
    private const string Source = """
        using System;
        using System.Threading;
        using MongoDB.Driver;
        using Moq;
        using NSubstitute;
        using Xunit;

        public sealed class RepositoryTests : IDisposable
        {
            private readonly Mock<IMongoClient> _client = new();
            private readonly Mock<IMongoCollection<Doc>> _docs = new();
            private readonly IMongoDatabase _substitute = Substitute.For<IMongoDatabase>();
            private readonly IMongoClient _real = new MongoClient();

            [Fact]
            public void Configures_mocks()
            {
                _client.Setup(c => c.GetDatabase("mocked_db", null)).Returns(Mock.Of());
                _docs.Object.InsertOne(new Doc { Slug = "mocked-slug" });
                _docs.Verify(c => c.InsertOne(new Doc { Slug = "verified-slug" }, null, default));
                _substitute.GetCollection<Doc>("docs").Returns(_docs.Object);
                _substitute.GetCollection<Doc>("docs").InsertOne(new Doc { Slug = "substitute-slug" });
                var client = Substitute.For<IMongoClient>();
                client.GetDatabase("substitute_db").Returns(_substitute);
                client.Received().GetDatabase("received_db");
                _real.GetDatabase(REAL_DB);
            }

            public void Dispose()
            {
                _docs.Object.DeleteMany(FilterDefinition<Doc>.Empty);
                _substitute.GetCollection<Doc>("docs").DeleteMany(d => d.Slug == "substitute-slug");
                REAL_DELETE;
            }
        }

        internal static class Mock
        {
            public static IMongoDatabase Of() => null!;
        }
        """;

    [Fact]
    public async Task TI1001_ignores_mocked_collections() =>
        await Verify<FixedTestDataIdentifierAnalyzer>(Source
            .Replace("REAL_DB", "\"real_db\"")
            .Replace("REAL_DELETE", "_real.GetDatabase(\"real_db\").GetCollection<Doc>(\"docs\").DeleteOne(d => d.Slug == {|TI1001:\"real-slug\"|})"));

    [Fact]
    public async Task TI1002_ignores_mocked_clients() =>
        await Verify<HardCodedDatabaseNameAnalyzer>(Source
            .Replace("REAL_DB", "{|TI1002:\"real_db\"|}")
            .Replace("REAL_DELETE", "_real.GetDatabase(_real.ToString()!).GetCollection<Doc>(\"docs\").DeleteOne(d => d.Slug == \"real-slug\")"));

    [Fact]
    public async Task TI1004_ignores_mocked_deletes() =>
        await Verify<UnscopedTeardownDeleteAnalyzer>(Source
            .Replace("REAL_DB", "\"real_db\"")
            .Replace("REAL_DELETE", "{|TI1004:_real.GetDatabase(\"real_db\").GetCollection<Doc>(\"docs\").DeleteOne(d => d.Slug == \"real-slug\")|}"));

    private static Task Verify<TAnalyzer>(string source)
        where TAnalyzer : Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer, new() =>
        TestDataSources.VerifyWithReferencesAsync<TAnalyzer>(source, TestDataSources.MockingLibraries);
}
