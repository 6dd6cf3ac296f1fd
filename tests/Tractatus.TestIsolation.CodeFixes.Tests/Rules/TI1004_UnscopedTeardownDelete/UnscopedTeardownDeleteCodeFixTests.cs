using Tractatus.TestIsolation.CodeFixes.Tests.Verifiers;
using Verify = Tractatus.TestIsolation.CodeFixes.Tests.Verifiers.CodeFixVerifier<
    Tractatus.TestIsolation.Analyzers.Rules.UnscopedTeardownDeleteAnalyzer,
    Tractatus.TestIsolation.CodeFixes.Rules.UnscopedTeardownDeleteCodeFix>;

namespace Tractatus.TestIsolation.CodeFixes.Tests.Rules;

public class UnscopedTeardownDeleteCodeFixTests
{
    private const string Document = """

        public sealed class Doc
        {
            public string Slug { get; set; } = "";
        }
        """;

    [Fact]
    public async Task Delete_of_a_slug_this_fixture_inserted_is_scoped_to_the_session_value()
    {
        const string source = """
            using System;
            using MongoDB.Driver;

            public sealed class DocFixture : IDisposable
            {
                private readonly IMongoCollection<Doc> _docs;

                public DocFixture(IMongoCollection<Doc> docs)
                {
                    _docs = docs;
                    _docs.InsertOne(new Doc { Slug = "seeded-doc" });
                }

                public void Dispose()
                {
                    {|TI1004:_docs.DeleteOne(d => d.Slug == "seeded-doc")|};
                }
            }
            """;
        const string fixedSource = """
            using System;
            using MongoDB.Driver;
            using Tractatus.TestIsolation;

            public sealed class DocFixture : IDisposable
            {
                private static readonly string SeededDocSlug = TestSession.Current.Slug("seeded-doc");
                private readonly IMongoCollection<Doc> _docs;

                public DocFixture(IMongoCollection<Doc> docs)
                {
                    _docs = docs;
                    _docs.InsertOne(new Doc { Slug = SeededDocSlug });
                }

                public void Dispose()
                {
                    _docs.DeleteOne(d => d.Slug == SeededDocSlug);
                }
            }
            """;

        await Verify.VerifyAsync(source + Document, fixedSource + Document);
    }

    [Fact]
    public async Task Parameterized_sql_delete_of_a_slug_this_fixture_inserted_is_scoped_to_the_session_value()
    {
        const string source = """
            using System;
            using Npgsql;

            public sealed class DocFixture : IDisposable
            {
                private readonly NpgsqlConnection _connection;

                public DocFixture(NpgsqlConnection connection)
                {
                    _connection = connection;
                    using var insert = new NpgsqlCommand("INSERT INTO docs (slug) VALUES (@slug)", _connection);
                    insert.Parameters.AddWithValue("slug", "seeded-doc");
                    insert.ExecuteNonQuery();
                }

                public void Dispose()
                {
                    using var delete = {|TI1004:new NpgsqlCommand("DELETE FROM docs WHERE slug = @slug", _connection)|};
                    delete.Parameters.AddWithValue("slug", "seeded-doc");
                    delete.ExecuteNonQuery();
                }
            }
            """;
        const string fixedSource = """
            using System;
            using Npgsql;
            using Tractatus.TestIsolation;

            public sealed class DocFixture : IDisposable
            {
                private static readonly string SeededDocSlug = TestSession.Current.Slug("seeded-doc");
                private readonly NpgsqlConnection _connection;

                public DocFixture(NpgsqlConnection connection)
                {
                    _connection = connection;
                    using var insert = new NpgsqlCommand("INSERT INTO docs (slug) VALUES (@slug)", _connection);
                    insert.Parameters.AddWithValue("slug", SeededDocSlug);
                    insert.ExecuteNonQuery();
                }

                public void Dispose()
                {
                    using var delete = new NpgsqlCommand("DELETE FROM docs WHERE slug = @slug", _connection);
                    delete.Parameters.AddWithValue("slug", SeededDocSlug);
                    delete.ExecuteNonQuery();
                }
            }
            """;

        await Verify.VerifyAsync(source, fixedSource);
    }

    [Fact]
    public async Task Sql_delete_with_the_identifier_inside_the_sql_text_gets_no_fix()
    {
        const string source = """
            using System;
            using Npgsql;

            public sealed class DocFixture : IDisposable
            {
                private readonly NpgsqlConnection _connection;

                public DocFixture(NpgsqlConnection connection) => _connection = connection;

                public void Dispose()
                {
                    using var delete = {|TI1004:new NpgsqlCommand("DELETE FROM docs WHERE slug = 'seeded-doc'", _connection)|};
                    delete.ExecuteNonQuery();
                }
            }
            """;

        await Verify.VerifyNoFixAsync(source);
    }

    [Fact]
    public async Task Empty_filter_gets_no_fix()
    {
        const string source = """
            using System;
            using MongoDB.Driver;

            public sealed class DocFixture : IDisposable
            {
                private readonly IMongoCollection<Doc> _docs;

                public DocFixture(IMongoCollection<Doc> docs) => _docs = docs;

                public void Dispose()
                {
                    {|TI1004:_docs.DeleteMany(FilterDefinition<Doc>.Empty)|};
                }
            }
            """;

        await Verify.VerifyNoFixAsync(source + Document);
    }

    [Fact]
    public async Task Delete_of_a_value_this_code_never_wrote_gets_no_fix()
    {
        const string source = """
            using System;
            using MongoDB.Driver;

            public sealed class DocFixture : IDisposable
            {
                private readonly IMongoCollection<Doc> _docs;

                public DocFixture(IMongoCollection<Doc> docs) => _docs = docs;

                public void Dispose()
                {
                    {|TI1004:_docs.DeleteOne(d => d.Slug == "left-by-someone-else")|};
                }
            }
            """;

        await Verify.VerifyNoFixAsync(source + Document);
    }

    [Fact]
    public async Task Fix_all_in_project_scopes_the_deletes_of_both_documents()
    {
        const string first = """
            using System;
            using MongoDB.Driver;

            public sealed class AFixture(IMongoCollection<Doc> docs) : IDisposable
            {
                public void Seed() => docs.InsertOne(new Doc { Slug = "a-doc" });

                public void Dispose() => {|TI1004:docs.DeleteOne(d => d.Slug == "a-doc")|};
            }
            """;
        const string second = """
            using System;
            using MongoDB.Driver;

            public sealed class BFixture(IMongoCollection<Doc> docs) : IDisposable
            {
                public void Seed() => docs.InsertOne(new Doc { Slug = "b-doc" });

                public void Dispose() => {|TI1004:docs.DeleteMany(d => d.Slug == "b-doc")|};
            }
            """;
        const string firstFixed = """
            using System;
            using MongoDB.Driver;
            using Tractatus.TestIsolation;

            public sealed class AFixture(IMongoCollection<Doc> docs) : IDisposable
            {
                private static readonly string ADocSlug = TestSession.Current.Slug("a-doc");

                public void Seed() => docs.InsertOne(new Doc { Slug = ADocSlug });

                public void Dispose() => docs.DeleteOne(d => d.Slug == ADocSlug);
            }
            """;
        const string secondFixed = """
            using System;
            using MongoDB.Driver;
            using Tractatus.TestIsolation;

            public sealed class BFixture(IMongoCollection<Doc> docs) : IDisposable
            {
                private static readonly string BDocSlug = TestSession.Current.Slug("b-doc");

                public void Seed() => docs.InsertOne(new Doc { Slug = BDocSlug });

                public void Dispose() => docs.DeleteMany(d => d.Slug == BDocSlug);
            }
            """;

        var test = Verify.Create(TestProject.IsolatedTests);
        test.TestState.Sources.Add(("/0/A.cs", first));
        test.TestState.Sources.Add(("/0/B.cs", second));
        test.TestState.Sources.Add(("/0/Doc.cs", Document));
        test.FixedState.Sources.Add(("/0/A.cs", firstFixed));
        test.FixedState.Sources.Add(("/0/B.cs", secondFixed));
        test.FixedState.Sources.Add(("/0/Doc.cs", Document));
        await test.RunAsync();
    }
}
