using Tractatus.TestIsolation.CodeFixes.Tests.Verifiers;
using Verify = Tractatus.TestIsolation.CodeFixes.Tests.Verifiers.CodeFixVerifier<
    Tractatus.TestIsolation.Analyzers.Rules.HardCodedDatabaseNameAnalyzer,
    Tractatus.TestIsolation.CodeFixes.Rules.HardCodedDatabaseNameCodeFix>;

namespace Tractatus.TestIsolation.CodeFixes.Tests.Rules;

public class HardCodedDatabaseNameCodeFixTests
{
    private const string Fixture = """

        public sealed class DbFixture : Tractatus.TestIsolation.Xunit.SessionIsolatedFixture
        {
            protected override Tractatus.TestIsolation.Databases.IIsolatedDatabaseProvider CreateProvider() => throw new System.NotSupportedException();
        }
        """;

    [Fact]
    public async Task GetDatabase_literal_becomes_the_session_database_name_with_MongoDB_rules()
    {
        const string source = """
            using MongoDB.Driver;

            public class OrderTests
            {
                [Xunit.Fact]
                public void Connects(IMongoClient client)
                {
                    var database = client.GetDatabase({|TI1002:"orders_test"|});
                    Xunit.Assert.NotNull(database);
                }
            }
            """;
        const string fixedSource = """
            using MongoDB.Driver;
            using Tractatus.TestIsolation;

            public class OrderTests
            {
                [Xunit.Fact]
                public void Connects(IMongoClient client)
                {
                    var database = client.GetDatabase(TestSession.Current.DatabaseName("orders_test", DatabaseNameRules.MongoDB));
                    Xunit.Assert.NotNull(database);
                }
            }
            """;

        await Verify.VerifyAsync(source, fixedSource);
    }

    [Fact]
    public async Task With_a_fixture_in_scope_the_fixture_database_is_used()
    {
        const string source = """
            using MongoDB.Driver;

            public class OrderTests(DbFixture fixture)
            {
                [Xunit.Fact]
                public void Connects(IMongoClient client)
                {
                    Xunit.Assert.NotNull(client.GetDatabase({|TI1002:"orders_test"|}));
                }
            }
            """;
        const string fixedSource = """
            using MongoDB.Driver;

            public class OrderTests(DbFixture fixture)
            {
                [Xunit.Fact]
                public void Connects(IMongoClient client)
                {
                    Xunit.Assert.NotNull(client.GetDatabase(fixture.DatabaseName));
                }
            }
            """;

        await Verify.VerifyAsync(source + Fixture, fixedSource + Fixture);
    }

    [Fact]
    public async Task Get_and_drop_of_one_name_share_one_value_in_fix_all()
    {
        const string source = """
            using System;
            using MongoDB.Driver;

            public sealed class OrdersFixture : IDisposable
            {
                private readonly IMongoClient _client = new MongoClient();

                public OrdersFixture() => Database = _client.GetDatabase({|TI1002:"orders_test"|});

                public IMongoDatabase Database { get; }

                public void Dispose() => _client.DropDatabase({|TI1002:"orders_test"|});
            }
            """;
        const string fixedSource = """
            using System;
            using MongoDB.Driver;
            using Tractatus.TestIsolation;

            public sealed class OrdersFixture : IDisposable
            {
                private static readonly string OrdersTestDatabaseName = TestSession.Current.DatabaseName("orders_test", DatabaseNameRules.MongoDB);
                private readonly IMongoClient _client = new MongoClient();

                public OrdersFixture() => Database = _client.GetDatabase(OrdersTestDatabaseName);

                public IMongoDatabase Database { get; }

                public void Dispose() => _client.DropDatabase(OrdersTestDatabaseName);
            }
            """;

        var test = Verify.Create(TestProject.IsolatedTests);
        test.TestCode = source;
        test.FixedCode = fixedSource;
        test.NumberOfIncrementalIterations = 1;
        await test.RunAsync();
    }

    [Fact]
    public async Task Npgsql_builder_database_uses_PostgreSql_rules()
    {
        const string source = """
            using Npgsql;

            public class PgTests
            {
                [Xunit.Fact]
                public void Builds()
                {
                    var builder = new NpgsqlConnectionStringBuilder { Host = "localhost" };
                    builder.Database = {|TI1002:"shop_test"|};
                    Xunit.Assert.NotNull(builder.ConnectionString);
                }
            }
            """;
        const string fixedSource = """
            using Npgsql;
            using Tractatus.TestIsolation;

            public class PgTests
            {
                [Xunit.Fact]
                public void Builds()
                {
                    var builder = new NpgsqlConnectionStringBuilder { Host = "localhost" };
                    builder.Database = TestSession.Current.DatabaseName("shop_test", DatabaseNameRules.PostgreSql);
                    Xunit.Assert.NotNull(builder.ConnectionString);
                }
            }
            """;

        await Verify.VerifyAsync(source, fixedSource);
    }

    [Fact]
    public async Task Connection_string_literal_gets_no_fix()
    {
        const string source = """
            using MongoDB.Driver;

            public class OrderTests
            {
                [Xunit.Fact]
                public void Connects()
                {
                    var client = new MongoClient({|TI1002:"mongodb://localhost:27017/orders_test"|});
                    Xunit.Assert.NotNull(client);
                }
            }
            """;

        await Verify.VerifyNoFixAsync(source);
    }

    [Fact]
    public async Task Fix_all_in_project_rewrites_both_documents()
    {
        const string first = """
            using MongoDB.Driver;

            public class A
            {
                [Xunit.Fact]
                public void Connects(IMongoClient client) => Xunit.Assert.NotNull(client.GetDatabase({|TI1002:"a_test"|}));
            }
            """;
        const string second = """
            using MongoDB.Driver;

            public class B
            {
                [Xunit.Fact]
                public void Connects(IMongoClient client) => Xunit.Assert.NotNull(client.GetDatabase({|TI1002:"b_test"|}));
            }
            """;
        const string firstFixed = """
            using MongoDB.Driver;
            using Tractatus.TestIsolation;

            public class A
            {
                [Xunit.Fact]
                public void Connects(IMongoClient client) => Xunit.Assert.NotNull(client.GetDatabase(TestSession.Current.DatabaseName("a_test", DatabaseNameRules.MongoDB)));
            }
            """;
        const string secondFixed = """
            using MongoDB.Driver;
            using Tractatus.TestIsolation;

            public class B
            {
                [Xunit.Fact]
                public void Connects(IMongoClient client) => Xunit.Assert.NotNull(client.GetDatabase(TestSession.Current.DatabaseName("b_test", DatabaseNameRules.MongoDB)));
            }
            """;

        var test = Verify.Create(TestProject.IsolatedTests);
        test.TestState.Sources.Add(("/0/A.cs", first));
        test.TestState.Sources.Add(("/0/B.cs", second));
        test.FixedState.Sources.Add(("/0/A.cs", firstFixed));
        test.FixedState.Sources.Add(("/0/B.cs", secondFixed));
        await test.RunAsync();
    }
}
