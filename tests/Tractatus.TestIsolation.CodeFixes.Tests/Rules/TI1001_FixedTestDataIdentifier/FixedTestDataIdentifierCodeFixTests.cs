using Microsoft.CodeAnalysis.Testing;
using Tractatus.TestIsolation.CodeFixes.Tests.Verifiers;
using Verify = Tractatus.TestIsolation.CodeFixes.Tests.Verifiers.CodeFixVerifier<
    Tractatus.TestIsolation.Analyzers.Rules.FixedTestDataIdentifierAnalyzer,
    Tractatus.TestIsolation.CodeFixes.Rules.FixedTestDataIdentifierCodeFix>;

namespace Tractatus.TestIsolation.CodeFixes.Tests.Rules;

public class FixedTestDataIdentifierCodeFixTests
{
    private const string Document = """

        public sealed class Doc
        {
            public string Slug { get; set; } = "";
            public string Title { get; set; } = "";
        }
        """;

    private const string Fixture = """

        public sealed class DocsFixture : Tractatus.TestIsolation.Xunit.SessionIsolatedFixture
        {
            protected override Tractatus.TestIsolation.Databases.IIsolatedDatabaseProvider CreateProvider() => throw new System.NotSupportedException();
        }
        """;

    [Fact]
    public async Task Single_use_with_a_fixture_in_scope_becomes_fixture_Slug()
    {
        const string source = """
            using MongoDB.Driver;

            public class DocTests
            {
                private readonly DocsFixture _fixture;
                private readonly IMongoCollection<Doc> _docs;

                public DocTests(DocsFixture fixture, IMongoCollection<Doc> docs)
                {
                    _fixture = fixture;
                    _docs = docs;
                }

                [Xunit.Fact]
                public void Inserts()
                {
                    _docs.InsertOne(new Doc { Slug = {|TI1001:"only-here"|}, Title = "T" });
                }
            }
            """;
        const string fixedSource = """
            using MongoDB.Driver;

            public class DocTests
            {
                private readonly DocsFixture _fixture;
                private readonly IMongoCollection<Doc> _docs;

                public DocTests(DocsFixture fixture, IMongoCollection<Doc> docs)
                {
                    _fixture = fixture;
                    _docs = docs;
                }

                [Xunit.Fact]
                public void Inserts()
                {
                    _docs.InsertOne(new Doc { Slug = _fixture.Slug("only-here"), Title = "T" });
                }
            }
            """;

        await Verify.VerifyAsync(source + Document + Fixture, fixedSource + Document + Fixture);
    }

    [Fact]
    public async Task Single_use_without_a_fixture_becomes_TestSession_Current_Slug_and_adds_the_using()
    {
        const string source = """
            using MongoDB.Driver;

            public class DocTests
            {
                [Xunit.Fact]
                public void Inserts(IMongoCollection<Doc> docs)
                {
                    docs.InsertOne(new Doc { Slug = {|TI1001:"only-here"|} });
                }
            }
            """;
        const string fixedSource = """
            using MongoDB.Driver;
            using Tractatus.TestIsolation;

            public class DocTests
            {
                [Xunit.Fact]
                public void Inserts(IMongoCollection<Doc> docs)
                {
                    docs.InsertOne(new Doc { Slug = TestSession.Current.Slug("only-here") });
                }
            }
            """;

        await Verify.VerifyAsync(source + Document, fixedSource + Document);
    }

    [Fact]
    public async Task Insert_filter_and_assertion_share_one_new_static_field_so_the_test_finds_its_own_data()
    {
        const string source = """
            using MongoDB.Driver;

            public class DocTests
            {
                [Xunit.Fact]
                public void Round_trip(IMongoCollection<Doc> docs)
                {
                    docs.InsertOne(new Doc { Slug = {|TI1001:"test-document-integration"|} });
                    var found = docs.Find(d => d.Slug == {|TI1001:"test-document-integration"|}).Single();
                    Xunit.Assert.Equal("test-document-integration", found.Slug);
                }
            }
            """;
        const string fixedSource = """
            using MongoDB.Driver;
            using Tractatus.TestIsolation;

            public class DocTests
            {
                private static readonly string TestDocumentIntegrationSlug = TestSession.Current.Slug("test-document-integration");

                [Xunit.Fact]
                public void Round_trip(IMongoCollection<Doc> docs)
                {
                    docs.InsertOne(new Doc { Slug = TestDocumentIntegrationSlug });
                    var found = docs.Find(d => d.Slug == TestDocumentIntegrationSlug).Single();
                    Xunit.Assert.Equal(TestDocumentIntegrationSlug, found.Slug);
                }
            }
            """;

        var test = Verify.Create(TestProject.IsolatedTests);
        test.TestCode = source + Document;
        test.FixedCode = fixedSource + Document;
        // One fix rewrites every use of the value: the second diagnostic is gone after the first fix.
        test.NumberOfIncrementalIterations = 1;
        await test.RunAsync();
    }

    [Fact]
    public async Task A_const_becomes_static_readonly_holding_the_session_value()
    {
        const string source = """
            using MongoDB.Driver;

            public class DocTests
            {
                private const string Slug = "seeded";

                [Xunit.Fact]
                public void Round_trip(IMongoCollection<Doc> docs)
                {
                    docs.InsertOne(new Doc { Slug = {|TI1001:Slug|} });
                    docs.DeleteOne(d => d.Slug == {|TI1001:Slug|});
                }
            }
            """;
        const string fixedSource = """
            using MongoDB.Driver;
            using Tractatus.TestIsolation;

            public class DocTests
            {
                private static readonly string Slug = TestSession.Current.Slug("seeded");

                [Xunit.Fact]
                public void Round_trip(IMongoCollection<Doc> docs)
                {
                    docs.InsertOne(new Doc { Slug = Slug });
                    docs.DeleteOne(d => d.Slug == Slug);
                }
            }
            """;

        var test = Verify.Create(TestProject.IsolatedTests);
        test.TestCode = source + Document;
        test.FixedCode = fixedSource + Document;
        test.NumberOfIncrementalIterations = 1;
        await test.RunAsync();
    }

    [Fact]
    public async Task Email_values_use_plus_addressing()
    {
        const string source = """
            using MongoDB.Driver;
            using MongoDB.Bson;

            public class UserTests
            {
                [Xunit.Fact]
                public void Inserts(IMongoCollection<BsonDocument> users)
                {
                    users.InsertOne(new BsonDocument("email", {|TI1001:"alice@example.com"|}));
                }
            }
            """;
        const string fixedSource = """
            using MongoDB.Driver;
            using MongoDB.Bson;
            using Tractatus.TestIsolation;

            public class UserTests
            {
                [Xunit.Fact]
                public void Inserts(IMongoCollection<BsonDocument> users)
                {
                    users.InsertOne(new BsonDocument("email", TestSession.Current.Email("alice@example.com")));
                }
            }
            """;

        await Verify.VerifyAsync(source, fixedSource);
    }

    [Fact]
    public async Task No_fix_when_the_value_is_also_needed_as_a_constant()
    {
        const string source = """
            using MongoDB.Driver;

            public class DocTests
            {
                [Xunit.Theory]
                [Xunit.InlineData("seeded")]
                public void Finds(string expected, IMongoCollection<Doc> docs)
                {
                    docs.InsertOne(new Doc { Slug = {|TI1001:"seeded"|} });
                    Xunit.Assert.NotNull(expected);
                }
            }
            """;

        await Verify.VerifyNoFixAsync(source + Document);
    }

    [Fact]
    public async Task No_fix_without_the_runtime_reference()
    {
        const string source = """
            using MongoDB.Driver;

            public class DocTests
            {
                [Xunit.Fact]
                public void Inserts(IMongoCollection<Doc> docs)
                {
                    docs.InsertOne(new Doc { Slug = {|TI1001:"only-here"|} });
                }
            }
            """;

        await Verify.VerifyNoFixAsync(source + Document, TestProject.Xunit);
    }

    [Fact]
    public async Task Uses_in_two_documents_share_one_internal_field_in_fix_all_project_scope()
    {
        const string fixtureSource = """
            using MongoDB.Driver;

            public sealed class Seeder
            {
                public void Seed(IMongoCollection<Doc> docs)
                {
                    docs.InsertOne(new Doc { Slug = {|TI1001:"shared-doc"|} });
                    docs.DeleteOne(d => d.Slug == {|TI1001:"shared-doc"|});
                }
            }
            """;
        const string testsSource = """
            using MongoDB.Driver;

            public class DocTests
            {
                [Xunit.Fact]
                public void Finds(IMongoCollection<Doc> docs)
                {
                    Xunit.Assert.NotNull(docs.Find(d => d.Slug == {|TI1001:"shared-doc"|}).FirstOrDefault());
                }
            }
            """;
        const string fixedFixture = """
            using MongoDB.Driver;
            using Tractatus.TestIsolation;

            public sealed class Seeder
            {
                internal static readonly string SharedDocSlug = TestSession.Current.Slug("shared-doc");

                public void Seed(IMongoCollection<Doc> docs)
                {
                    docs.InsertOne(new Doc { Slug = SharedDocSlug });
                    docs.DeleteOne(d => d.Slug == SharedDocSlug);
                }
            }
            """;
        const string fixedTests = """
            using MongoDB.Driver;

            public class DocTests
            {
                [Xunit.Fact]
                public void Finds(IMongoCollection<Doc> docs)
                {
                    Xunit.Assert.NotNull(docs.Find(d => d.Slug == Seeder.SharedDocSlug).FirstOrDefault());
                }
            }
            """;

        var test = Verify.Create(TestProject.IsolatedTests);
        test.TestState.Sources.Add(("/0/Seeder.cs", fixtureSource));
        test.TestState.Sources.Add(("/0/Tests.cs", testsSource));
        test.TestState.Sources.Add(("/0/Doc.cs", Document));
        test.FixedState.Sources.Add(("/0/Seeder.cs", fixedFixture));
        test.FixedState.Sources.Add(("/0/Tests.cs", fixedTests));
        test.FixedState.Sources.Add(("/0/Doc.cs", Document));
        test.NumberOfIncrementalIterations = 1;
        await test.RunAsync();
    }

    [Fact]
    public async Task Local_const_loses_const_and_uses_the_fixture_parameter()
    {
        const string source = """
            using MongoDB.Driver;

            public class DocTests(DocsFixture fixture)
            {
                [Xunit.Fact]
                public void Round_trip(IMongoCollection<Doc> docs)
                {
                    const string slug = "local-doc";
                    docs.InsertOne(new Doc { Slug = {|TI1001:slug|} });
                    Xunit.Assert.NotNull(docs.Find(d => d.Slug == {|TI1001:slug|}).FirstOrDefault());
                }
            }
            """;
        const string fixedSource = """
            using MongoDB.Driver;

            public class DocTests(DocsFixture fixture)
            {
                [Xunit.Fact]
                public void Round_trip(IMongoCollection<Doc> docs)
                {
                    string slug = fixture.Slug("local-doc");
                    docs.InsertOne(new Doc { Slug = slug });
                    Xunit.Assert.NotNull(docs.Find(d => d.Slug == slug).FirstOrDefault());
                }
            }
            """;

        var test = Verify.Create(TestProject.IsolatedTests);
        test.TestCode = source + Document + Fixture;
        test.FixedCode = fixedSource + Document + Fixture;
        test.NumberOfIncrementalIterations = 1;
        await test.RunAsync();
    }

    [Fact]
    public async Task A_member_returning_the_same_literal_refers_to_the_one_shared_value()
    {
        const string source = """
            using MongoDB.Driver;

            public class DocTests
            {
                private static string ExpectedSlug => "seed-doc";

                [Xunit.Fact]
                public void Round_trip(IMongoCollection<Doc> docs)
                {
                    docs.InsertOne(new Doc { Slug = {|TI1001:"seed-doc"|} });
                    Xunit.Assert.Equal(ExpectedSlug, docs.Find(Builders<Doc>.Filter.Empty).First().Slug);
                }
            }
            """;
        const string fixedSource = """
            using MongoDB.Driver;
            using Tractatus.TestIsolation;

            public class DocTests
            {
                private static readonly string SeedDocSlug = TestSession.Current.Slug("seed-doc");

                private static string ExpectedSlug => SeedDocSlug;

                [Xunit.Fact]
                public void Round_trip(IMongoCollection<Doc> docs)
                {
                    docs.InsertOne(new Doc { Slug = SeedDocSlug });
                    Xunit.Assert.Equal(ExpectedSlug, docs.Find(Builders<Doc>.Filter.Empty).First().Slug);
                }
            }
            """;

        await Verify.VerifyAsync(source + Document, fixedSource + Document);
    }

    [Fact]
    public async Task No_fix_when_the_same_text_also_names_a_collection()
    {
        const string source = """
            using MongoDB.Driver;

            public class DocTests
            {
                [Xunit.Fact]
                public void Inserts(IMongoDatabase database)
                {
                    var docs = database.GetCollection<Doc>("docs");
                    docs.InsertOne(new Doc { Slug = {|TI1001:"docs"|} });
                }
            }
            """;

        await Verify.VerifyNoFixAsync(source + Document);
    }

    [Fact]
    public async Task A_static_readonly_field_keeps_its_name_and_gets_the_session_value()
    {
        const string source = """
            using MongoDB.Driver;

            public class DocTests
            {
                private static readonly string Seeded = "seeded";

                [Xunit.Fact]
                public void Round_trip(IMongoCollection<Doc> docs)
                {
                    docs.InsertOne(new Doc { Slug = {|TI1001:Seeded|} });
                    docs.DeleteOne(d => d.Slug == {|TI1001:Seeded|});
                }
            }
            """;
        const string fixedSource = """
            using MongoDB.Driver;
            using Tractatus.TestIsolation;

            public class DocTests
            {
                private static readonly string Seeded = TestSession.Current.Slug("seeded");

                [Xunit.Fact]
                public void Round_trip(IMongoCollection<Doc> docs)
                {
                    docs.InsertOne(new Doc { Slug = Seeded });
                    docs.DeleteOne(d => d.Slug == Seeded);
                }
            }
            """;

        var test = Verify.Create(TestProject.IsolatedTests);
        test.TestCode = source + Document;
        test.FixedCode = fixedSource + Document;
        test.NumberOfIncrementalIterations = 1;
        await test.RunAsync();
    }

    [Fact]
    public async Task A_static_initializer_declared_before_the_const_reads_a_field_initialized_first()
    {
        // Static fields initialize in declaration order: turning Slug into static readonly in place
        // would leave Seed.Slug null. The new field goes first, so both see the same value.
        const string source = """
            using MongoDB.Driver;

            public class DocTests
            {
                private static readonly Doc Seed = new Doc { Slug = {|TI1001:"seeded"|} };
                private const string Slug = "seeded";

                [Xunit.Fact]
                public void Round_trip(IMongoCollection<Doc> docs)
                {
                    docs.InsertOne(Seed);
                    docs.DeleteOne(d => d.Slug == {|TI1001:Slug|});
                }
            }
            """;
        const string fixedSource = """
            using MongoDB.Driver;
            using Tractatus.TestIsolation;

            public class DocTests
            {
                private static readonly string SeededSlug = TestSession.Current.Slug("seeded");
                private static readonly Doc Seed = new Doc { Slug = SeededSlug };
                private static readonly string Slug = SeededSlug;

                [Xunit.Fact]
                public void Round_trip(IMongoCollection<Doc> docs)
                {
                    docs.InsertOne(Seed);
                    docs.DeleteOne(d => d.Slug == Slug);
                }
            }
            """;

        var test = Verify.Create(TestProject.IsolatedTests);
        test.TestCode = source + Document;
        test.FixedCode = fixedSource + Document;
        test.NumberOfIncrementalIterations = 1;
        // TI1001 reports the literal in Seed's initializer while analyzing the insert in another member
        // (a non-local diagnostic); the fix itself does not depend on where it was found.
        test.CodeFixTestBehaviors |= CodeFixTestBehaviors.SkipLocalDiagnosticCheck;
        await test.RunAsync();
    }
}
