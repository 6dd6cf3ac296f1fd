using Tractatus.TestIsolation.CodeFixes.Tests.Verifiers;
using Verify = Tractatus.TestIsolation.CodeFixes.Tests.Verifiers.CodeFixVerifier<
    Tractatus.TestIsolation.Analyzers.Rules.FixedTestDataIdentifierAnalyzer,
    Tractatus.TestIsolation.CodeFixes.Rules.FixedTestDataIdentifierCodeFix>;

namespace Tractatus.TestIsolation.CodeFixes.Tests.Rules;

/// <summary>The incident's shape (samples/NaiveSuite): a collection fixture seeds and deletes a slug that a test class finds.</summary>
public class NaiveSampleShapeTests
{
    private const string Document = """
        using MongoDB.Bson;

        namespace NaiveSuite;

        public sealed class Document
        {
            public ObjectId Id { get; set; }
            public string Slug { get; set; } = "";
            public string Body { get; set; } = "";
        }
        """;

    [Fact]
    public async Task Fixture_and_tests_in_two_files_share_one_per_session_slug()
    {
        const string fixture = """
            using System;
            using System.Threading.Tasks;
            using MongoDB.Driver;
            using Xunit;

            namespace NaiveSuite;

            public sealed class DocumentFixture : IAsyncLifetime
            {
                public DocumentFixture()
                {
                    Client = new MongoClient(Environment.GetEnvironmentVariable("MONGODB_URI") ?? "mongodb://127.0.0.1:27017");
                    Documents = Client.GetDatabase("x").GetCollection<Document>("documents");
                }

                public IMongoClient Client { get; }

                public IMongoCollection<Document> Documents { get; }

                public async Task InitializeAsync()
                {
                    await Documents.InsertOneAsync(new Document
                    {
                        Slug = {|TI1001:"test-document-integration"|}, // expect: TI1001
                        Body = "Seeded.",
                    });
                }

                public async Task DisposeAsync()
                {
                    await Documents.DeleteOneAsync(d => d.Slug == {|TI1001:"test-document-integration"|});
                }
            }

            [CollectionDefinition(Name)]
            public sealed class DocumentCollection : ICollectionFixture<DocumentFixture>
            {
                public const string Name = "documents";
            }
            """;
        const string tests = """
            using System.Threading.Tasks;
            using MongoDB.Driver;
            using Xunit;

            namespace NaiveSuite;

            [Collection(DocumentCollection.Name)]
            public sealed class DocumentTests
            {
                private readonly DocumentFixture _fixture;

                public DocumentTests(DocumentFixture fixture) => _fixture = fixture;

                [Fact]
                public async Task Found()
                {
                    var found = await _fixture.Documents
                        .Find(d => d.Slug == {|TI1001:"test-document-integration"|}) // expect: TI1001
                        .SingleOrDefaultAsync();
                    Assert.NotNull(found);
                }

                [Fact]
                public async Task Has_body()
                {
                    var found = await _fixture.Documents.Find(Builders<Document>.Filter.Empty).ToListAsync();
                    Assert.Contains(found, d => d.Slug == "test-document-integration" && d.Body.Length > 0);
                }
            }
            """;
        var fixedFixture = fixture
            .Replace("using Xunit;\n", "using Tractatus.TestIsolation;\nusing Xunit;\n")
            .Replace("public sealed class DocumentFixture : IAsyncLifetime\n{\n", "public sealed class DocumentFixture : IAsyncLifetime\n{\n    internal static readonly string TestDocumentIntegrationSlug = TestSession.Current.Slug(\"test-document-integration\");\n\n")
            .Replace("{|TI1001:\"test-document-integration\"|}", "TestDocumentIntegrationSlug");
        var fixedTests = tests
            .Replace("{|TI1001:\"test-document-integration\"|}", "DocumentFixture.TestDocumentIntegrationSlug")
            .Replace("\"test-document-integration\"", "DocumentFixture.TestDocumentIntegrationSlug");

        var test = Verify.Create(TestProject.IsolatedTests);
        test.TestState.Sources.Add(("/0/DocumentFixture.cs", fixture));
        test.TestState.Sources.Add(("/0/DocumentTests.cs", tests));
        test.TestState.Sources.Add(("/0/Document.cs", Document));
        test.FixedState.Sources.Add(("/0/DocumentFixture.cs", fixedFixture));
        test.FixedState.Sources.Add(("/0/DocumentTests.cs", fixedTests));
        test.FixedState.Sources.Add(("/0/Document.cs", Document));
        test.NumberOfIncrementalIterations = 1;
        await test.RunAsync();
    }
}
