using Microsoft.CodeAnalysis.Testing;
using Tractatus.TestIsolation.Analyzers.Rules;
using Tractatus.TestIsolation.Analyzers.Tests.Verifiers;

namespace Tractatus.TestIsolation.Analyzers.Tests.Rules;

/// <summary>TI1002: hard-coded database names in test code.</summary>
public class TI1002Tests
{
    private const string Usings = """
        using System;
        using System.Threading.Tasks;
        using Dapper;
        using Microsoft.Data.Sqlite;
        using MongoDB.Driver;
        using Npgsql;
        using Xunit;

        """;

    private static Task Verify(string source, TestProject project = TestProject.Xunit, string? editorConfig = null, params DiagnosticResult[] expected) =>
        TestDataSources.VerifyAsync<HardCodedDatabaseNameAnalyzer>(Usings + source, project, editorConfig, expected);

    private static DiagnosticResult Diagnostic(int markup) =>
        new DiagnosticResult(Descriptors.HardCodedDatabaseName).WithLocation(markup);

    // ---- flagged ----

    [Fact]
    public async Task GetDatabase_literal_is_flagged_with_the_ambient_session_name_in_the_message()
    {
        const string source = """
            public class DatabaseTests
            {
                private readonly IMongoClient _client = new MongoClient();

                [Fact]
                public void Uses() => _client.GetDatabase({|#0:"tractatus_test"|});
            }
            """;

        await Verify(source, expected: Diagnostic(0).WithArguments("tractatus_test", "TestSession.Current.DatabaseName(\"tractatus_test\")"));
    }

    [Fact]
    public async Task Message_suggests_the_fixture_database_name_when_a_fixture_is_in_scope()
    {
        const string source = """
            public class DatabaseTests
            {
                private readonly MongoClient _client = new();

                [Fact]
                public void Uses(DocsFixture fixture) => _client.GetDatabase({|#0:"tractatus_test"|});
            }
            """;

        await Verify(source, expected: Diagnostic(0).WithArguments("tractatus_test", "fixture.DatabaseName"));
    }

    [Fact]
    public async Task Drops_constants_and_locals_are_flagged_once_per_literal()
    {
        const string source = """
            public class DatabaseTests
            {
                private const string DatabaseName = {|TI1002:"integration_tests"|};
                private readonly IMongoClient _client = new MongoClient();

                [Fact]
                public async Task Uses()
                {
                    var name = {|TI1002:"local_db"|};
                    _client.GetDatabase(name);
                    await _client.DropDatabaseAsync(name);
                    _client.GetDatabase(DatabaseName);
                    _client.DropDatabase(DatabaseName);
                }
            }
            """;

        await Verify(source);
    }

    [Fact]
    public async Task Mongo_uris_with_a_database_path_are_flagged()
    {
        const string source = """
            public class ConnectionTests
            {
                private const string Uri = {|TI1002:"mongodb://localhost:27017/const_db"|};

                [Fact]
                public void Connects()
                {
                    var client = new MongoClient({|TI1002:"mongodb://localhost:27017/tractatus_test"|});
                    var url = new MongoUrl({|TI1002:"mongodb://user:secret@h1:27017,h2:27017/shared_db?replicaSet=rs0"|});
                    var settings = MongoClientSettings.FromConnectionString({|TI1002:"mongodb+srv://cluster.example.net/atlas_db"|});
                    var fromEnvironment = new MongoClient(Environment.GetEnvironmentVariable("MONGODB_URI") ?? {|TI1002:"mongodb://localhost/fallback_db"|});
                    var fromConstant = new MongoClient(Uri);
                }
            }
            """;

        await Verify(source);
    }

    [Fact]
    public async Task Connection_strings_with_a_database_are_flagged()
    {
        const string source = """
            public class ConnectionTests
            {
                [Fact]
                public async Task Connects()
                {
                    await using var connection = new NpgsqlConnection({|TI1002:"Host=localhost;Database=app_test;Username=postgres"|});
                    await using var source = NpgsqlDataSource.Create({|TI1002:"Host=localhost;DB=source_test"|});
                    var other = new NpgsqlConnection();
                    other.ConnectionString = {|TI1002:"Server=localhost;Initial Catalog=Catalog_Tests"|};
                }
            }
            """;

        await Verify(source);
    }

    [Fact]
    public async Task Connection_string_builders_are_flagged()
    {
        const string source = """
            public class BuilderTests
            {
                [Fact]
                public void Builds()
                {
                    var builder = new NpgsqlConnectionStringBuilder { Host = "localhost", Database = {|TI1002:"builder_test"|} };
                    builder.Database = {|TI1002:"builder_test_2"|};
                    var sqlite = new SqliteConnectionStringBuilder { DataSource = {|TI1002:"tests.db"|} };
                }
            }
            """;

        await Verify(source);
    }

    [Fact]
    public async Task Builders_and_urls_only_read_from_are_parsing_tests_and_not_flagged()
    {
        const string source = """
            public class ParsingTests
            {
                [Fact]
                public void Parses()
                {
                    var builder = new NpgsqlConnectionStringBuilder("Host=db;Database=orders;Username=app");
                    Assert.Equal("orders", builder.Database);
                    Assert.Equal("catalog", new MongoUrl("mongodb://localhost:27017/catalog").DatabaseName);

                    var used = new NpgsqlConnectionStringBuilder({|TI1002:"Host=db;Database=used_db"|});
                    Assert.Equal("used_db", used.Database);
                    using var connection = new NpgsqlConnection(used.ConnectionString);
                    var client = new MongoClient(new MongoUrl({|TI1002:"mongodb://localhost:27017/client_db"|}));
                }
            }
            """;

        await Verify(source);
    }

    [Fact]
    public async Task Sqlite_files_are_flagged()
    {
        const string source = """
            public class SqliteTests
            {
                [Fact]
                public void Opens()
                {
                    using var connection = new SqliteConnection({|TI1002:"Data Source=integration.db"|});
                    using var other = new SqliteConnection({|TI1002:"Filename=/tmp/shared-tests"|});
                }
            }
            """;

        await Verify(source);
    }

    [Fact]
    public async Task Create_and_drop_database_sql_is_flagged()
    {
        const string source = """
            public class SqlTests
            {
                private readonly NpgsqlConnection _admin = new();

                [Fact]
                public async Task Creates()
                {
                    using var create = new NpgsqlCommand({|TI1002:"CREATE DATABASE integration_tests TEMPLATE template0"|}, _admin);
                    await _admin.ExecuteAsync({|TI1002:"DROP DATABASE IF EXISTS \"integration_tests\" WITH (FORCE)"|});
                }
            }
            """;

        await Verify(source);
    }

    [Fact]
    public async Task Ef_core_provider_options_are_flagged()
    {
        // The provider packages are not referenced here; their extension classes are declared with
        // the real names and parameter names.
        const string source = """
            using Microsoft.EntityFrameworkCore;

            namespace Microsoft.EntityFrameworkCore
            {
                public static class SqliteDbContextOptionsBuilderExtensions
                {
                    public static DbContextOptionsBuilder UseSqlite(this DbContextOptionsBuilder builder, string connectionString) => builder;
                }

                public static class NpgsqlDbContextOptionsBuilderExtensions
                {
                    public static DbContextOptionsBuilder UseNpgsql(this DbContextOptionsBuilder builder, string connectionString) => builder;
                }
            }

            public class EfTests
            {
                [Fact]
                public void Configures()
                {
                    new DbContextOptionsBuilder().UseSqlite({|TI1002:"Data Source=app_tests"|});
                    new DbContextOptionsBuilder().UseSqlite("Data Source=:memory:");
                    new DbContextOptionsBuilder().UseNpgsql({|TI1002:"Host=localhost;Database=ef_tests"|});
                }
            }
            """;

        await Verify(source);
    }

    [Fact]
    public async Task NUnit_and_MSTest_projects_are_test_code_too()
    {
        const string nunit = """
            using MongoDB.Driver;

            public class NUnitTests
            {
                [NUnit.Framework.Test]
                public void Uses() => new MongoClient().GetDatabase({|TI1002:"nunit_db"|});
            }
            """;
        const string mstest = """
            using MongoDB.Driver;

            [Microsoft.VisualStudio.TestTools.UnitTesting.TestClass]
            public class MSTestTests
            {
                [Microsoft.VisualStudio.TestTools.UnitTesting.TestMethod]
                public void Uses() => new MongoClient().GetDatabase({|TI1002:"mstest_db"|});
            }
            """;

        await TestDataSources.VerifyAsync<HardCodedDatabaseNameAnalyzer>(nunit, TestProject.NUnit);
        await TestDataSources.VerifyAsync<HardCodedDatabaseNameAnalyzer>(mstest, TestProject.MSTest);
    }

    // ---- not flagged ----

    [Fact]
    public async Task System_databases_are_not_flagged()
    {
        const string source = """
            public class AdminTests
            {
                private readonly IMongoClient _client = new MongoClient("mongodb://localhost/admin");

                [Fact]
                public void Uses()
                {
                    _client.GetDatabase("admin");
                    _client.GetDatabase("local");
                    _client.GetDatabase("config");
                    using var postgres = new NpgsqlConnection("Host=localhost;Database=postgres;Username=postgres");
                    var builder = new NpgsqlConnectionStringBuilder { Database = "template1" };
                    using var master = new NpgsqlCommand("DROP DATABASE master");
                }
            }
            """;

        await Verify(source);
    }

    [Fact]
    public async Task Session_names_and_runtime_values_are_not_flagged()
    {
        const string source = """
            public class SessionTests
            {
                private readonly DocsFixture _fixture = new();
                private readonly IMongoClient _client = new MongoClient();
                private readonly NpgsqlConnection _admin = new();

                [Fact]
                public async Task Uses()
                {
                    _client.GetDatabase(_fixture.DatabaseName);
                    _client.GetDatabase($"test_{Guid.NewGuid():N}");
                    _client.GetDatabase(Environment.GetEnvironmentVariable("TEST_DB")!);
                    var name = "db_" + Guid.NewGuid().ToString("N");
                    await _client.DropDatabaseAsync(name);
                    await _admin.ExecuteAsync($"CREATE DATABASE \"{name}\"");
                    using var connection = new NpgsqlConnection($"Host=localhost;Database={name}");
                }
            }
            """;

        await Verify(source);
    }

    [Fact]
    public async Task Uris_and_connection_strings_without_a_database_are_not_flagged()
    {
        const string source = """
            public class ServerTests
            {
                [Fact]
                public void Connects()
                {
                    var a = new MongoClient("mongodb://localhost:27017");
                    var b = new MongoClient("mongodb://localhost:27017/?replicaSet=rs0");
                    using var c = new NpgsqlConnection("Host=localhost;Username=postgres;Password=secret");
                    using var d = new NpgsqlConnection("Data Source=localhost;User ID=sa");
                }
            }
            """;

        await Verify(source);
    }

    [Fact]
    public async Task In_memory_sqlite_is_not_flagged()
    {
        const string source = """
            public class SqliteTests
            {
                [Fact]
                public void Opens()
                {
                    using var a = new SqliteConnection("Data Source=:memory:");
                    using var b = new SqliteConnection("Data Source=shared;Mode=Memory;Cache=Shared");
                    using var c = new SqliteConnection("Data Source=file::memory:?cache=shared");
                    var builder = new SqliteConnectionStringBuilder { DataSource = ":memory:" };
                }
            }
            """;

        await Verify(source);
    }

    [Fact]
    public async Task Connection_string_text_that_reaches_no_connection_is_not_flagged()
    {
        const string source = """
            public class ParsingTests
            {
                [Fact]
                public void Parses()
                {
                    var text = "Host=localhost;Database=app_test";
                    Assert.Contains("Database=app_test", text);
                    Assert.Equal("mongodb://localhost/app_test", "mongodb://localhost/app_test");
                }
            }
            """;

        await Verify(source);
    }

    [Fact]
    public async Task Clients_of_a_per_run_container_are_not_flagged_and_others_are()
    {
        // Decided per store: the container's client is the run's own, the default localhost server is shared.
        const string source = """
            using MongoDB.Driver;
            using Testcontainers.MongoDb;
            using Xunit;

            public class ContainerTests
            {
                private readonly MongoDbContainer _container = new MongoDbBuilder().Build();

                [Fact]
                public void Uses()
                {
                    new MongoClient(_container.GetConnectionString()).GetDatabase("container_db");
                    new MongoClient().GetDatabase({|TI1002:"shared_db"|});
                }
            }
            """;

        await TestDataSources.VerifyWithReferencesAsync<HardCodedDatabaseNameAnalyzer>(source, [RealWorld.Stubs.TestcontainersMongo]);
    }

    [Fact]
    public async Task Non_test_project_is_not_flagged()
    {
        const string source = """
            using MongoDB.Driver;

            public class Startup
            {
                public IMongoDatabase Database() => new MongoClient("mongodb://localhost/production").GetDatabase("production");
            }
            """;

        await TestDataSources.VerifyAsync<HardCodedDatabaseNameAnalyzer>(source, TestProject.NonTest);
    }

    // ---- options ----

    [Fact]
    public async Task Test_code_false_silences_the_rule()
    {
        const string source = """
            public class DatabaseTests
            {
                [Fact]
                public void Uses() => new MongoClient().GetDatabase("silenced_db");
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
                public IMongoDatabase Database() => new MongoClient().GetDatabase({|TI1002:"harness_db"|});
            }
            """;

        await TestDataSources.VerifyAsync<HardCodedDatabaseNameAnalyzer>(source, TestProject.NonTest, "tractatus_isolation.test_code = true\n");
    }
}
