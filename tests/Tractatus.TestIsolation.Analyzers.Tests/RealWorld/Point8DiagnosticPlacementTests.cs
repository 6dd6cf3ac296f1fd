using static Tractatus.TestIsolation.Analyzers.Tests.RealWorld.RealWorldVerifier;

namespace Tractatus.TestIsolation.Analyzers.Tests.RealWorld;

/// <summary>
/// Issue 8, point 8: TI1002 is reported once, on the literal (or constant initializer) that holds
/// the database name — not at every place the constant or field is used.
/// </summary>
public class Point8DiagnosticPlacementTests
{
    private const string Pending = "Pending: issue 8 point 8 — ";

    // Modelled on Dapper-style IntegrationTests classes with a const ConnectionString used by every test.
    [Fact]
    public Task Const_connection_string_used_twice_is_flagged_once_on_the_literal() => Test("""
        public class OrderQueryTests
        {
            private const string ConnectionString = {|TI1002:"Host=localhost;Username=postgres;Database=orders_tests"|};

            [Fact]
            public async Task Counts()
            {
                await using var connection = new NpgsqlConnection(ConnectionString);
                await connection.OpenAsync();
            }

            [Fact]
            public async Task Lists()
            {
                await using var connection = new NpgsqlConnection(ConnectionString);
                await connection.OpenAsync();
            }
        }
        """);

    [Fact]
    public Task Static_readonly_field_with_a_fallback_used_twice_is_flagged_once() => Test("""
        public class InvoiceTests
        {
            private static readonly string ConnectionString =
                Environment.GetEnvironmentVariable("INVOICES_DB") ?? {|TI1002:"Host=localhost;Database=invoices_tests"|};

            [Fact]
            public void Opens() => Assert.NotNull(new NpgsqlConnection(ConnectionString));

            [Fact]
            public void Builds() => Assert.NotNull(new NpgsqlConnectionStringBuilder(ConnectionString));
        }
        """);

    [Fact]
    public Task Const_database_name_used_by_two_classes_is_flagged_once() => Test("""
        public static class TestDatabase
        {
            public const string Name = {|TI1002:"inventory_tests"|};
        }

        public class StockTests
        {
            [Fact]
            public void Opens() => Assert.NotNull(new MongoClient(Environment.GetEnvironmentVariable("MONGO_URL")).GetDatabase(TestDatabase.Name));
        }

        public class WarehouseTests
        {
            [Fact]
            public void Opens() => Assert.NotNull(new MongoClient(Environment.GetEnvironmentVariable("MONGO_URL")).GetDatabase(TestDatabase.Name));
        }
        """);

    [Fact]
    public Task Const_mongo_uri_used_twice_is_flagged_once() => Test("""
        public class CartTests
        {
            private const string MongoUri = {|TI1002:"mongodb://localhost:27017/carts_tests"|};

            [Fact]
            public void Connects() => Assert.NotNull(new MongoClient(MongoUri));

            [Fact]
            public void Parses() => Assert.NotNull(new MongoClient(new MongoUrl(MongoUri)));
        }
        """);

    [Fact]
    public Task Const_database_assigned_to_builders_in_two_places_is_flagged_once() => Test("""
        public class MigrationTests
        {
            private const string DatabaseName = {|TI1002:"migrations_tests"|};

            [Fact]
            public void Up() => Assert.NotNull(new NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable("PG_TESTS")) { Database = DatabaseName });

            [Fact]
            public void Down()
            {
                var builder = new NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable("PG_TESTS"));
                builder.Database = DatabaseName;
                Assert.NotNull(builder);
            }
        }
        """);

    [Fact]
    public Task Const_connection_string_in_another_file_is_flagged_on_its_literal() => Run(new("""
        public class PaymentTests
        {
            [Fact]
            public void Opens() => Assert.NotNull(new NpgsqlConnection(TestSettings.ConnectionString));
        }
        """)
    {
        Files = [("TestSettings.cs", """
            public static class TestSettings
            {
                public const string ConnectionString = {|TI1002:"Server=localhost;Database=payments_tests;User Id=sa"|};
            }
            """)],
    });

    // ---- not flagged ---------------------------------------------------------------------------

    [Fact]
    public Task Const_server_part_with_a_per_run_database_is_not_flagged() => Test("""
        public class PerRunTests
        {
            private const string Server = "Host=localhost;Username=postgres";
            private static readonly string ConnectionString = $"{Server};Database=it_{Guid.NewGuid():N}";

            [Fact]
            public void Opens() => Assert.NotNull(new NpgsqlConnection(ConnectionString));

            [Fact]
            public void Builds() => Assert.NotNull(new NpgsqlConnectionStringBuilder(ConnectionString));
        }
        """);

    [Fact]
    public Task Const_maintenance_connection_to_the_postgres_database_is_not_flagged() => Test("""
        public class AdminTests
        {
            private const string Maintenance = "Host=localhost;Username=postgres;Database=postgres";

            [Fact]
            public void Opens() => Assert.NotNull(new NpgsqlConnection(Maintenance));

            [Fact]
            public void Builds() => Assert.NotNull(new NpgsqlConnectionStringBuilder(Maintenance));
        }
        """);

    [Fact]
    public Task Const_database_name_used_only_in_parsing_assertions_is_not_flagged() => Test("""
        public class ParsingTests
        {
            private const string Expected = "orders";

            [Fact]
            public void Parses() => Assert.Equal(Expected, new NpgsqlConnectionStringBuilder("Host=db;Database=orders").Database);

            [Fact]
            public void Parses_the_url() => Assert.Equal(Expected, new MongoUrl("mongodb://db/orders").DatabaseName);
        }
        """);

    [Fact]
    public Task Const_connection_string_in_application_code_is_not_flagged() => Tool("""
        public static class Defaults
        {
            public const string ConnectionString = "Host=localhost;Database=shop;Username=shop";

            public static NpgsqlConnection Open() => new(ConnectionString);

            public static NpgsqlConnectionStringBuilder Builder() => new(ConnectionString);
        }
        """);

    [Fact]
    public Task Const_sqlite_memory_connection_string_used_twice_is_not_flagged() => Test("""
        public class SqliteTests
        {
            private const string Memory = "Data Source=:memory:";

            [Fact]
            public void Opens() => Assert.NotNull(new SqliteConnection(Memory));

            [Fact]
            public void Opens_again() => Assert.NotNull(new SqliteConnection(Memory));
        }
        """);

    [Fact]
    public Task Const_prefix_of_a_per_run_database_name_is_not_flagged() => Test("""
        public class PrefixTests
        {
            private const string Prefix = "catalog_tests_";

            [Fact]
            public void Opens()
            {
                var client = new MongoClient(Environment.GetEnvironmentVariable("MONGO_URL"));
                Assert.NotNull(client.GetDatabase(Prefix + Guid.NewGuid().ToString("N")));
                Assert.NotNull(client.GetDatabase($"{Prefix}{Guid.NewGuid():N}"));
            }
        }
        """);

    // Modelled on a message-bus suite's MySQL test host: the database name from a helper is spliced into
    // DROP and CREATE of one script, and the test host's Dispose truncates the tables.
    [Fact]
    public Task Name_spliced_twice_into_one_script_is_flagged_once_on_its_constant() => Test("""
        public static class ConnectionUtil
        {
            private const string DefaultDatabaseName = {|TI1002:"cap_test"|};
            private const string DefaultConnectionString = {|TI1002:"Host=localhost;Database=cap_test;Username=root"|};

            public static string GetDatabaseName() => DefaultDatabaseName;

            public static string GetConnectionString() => Environment.GetEnvironmentVariable("CAP_PG") ?? DefaultConnectionString;

            public static string GetMasterConnectionString() => GetConnectionString().Replace(DefaultDatabaseName, "postgres");

            public static NpgsqlConnection CreateConnection(string? connectionString = null)
            {
                connectionString ??= GetConnectionString();
                var connection = new NpgsqlConnection(connectionString);
                connection.Open();
                return connection;
            }
        }

        public abstract class DatabaseTestHost : IDisposable
        {
            protected DatabaseTestHost()
            {
                var databaseName = ConnectionUtil.GetDatabaseName();
                using var connection = ConnectionUtil.CreateConnection(ConnectionUtil.GetMasterConnectionString());
                {|TI1004:connection.Execute($@"
                    DROP DATABASE IF EXISTS ""{databaseName}"";
                    CREATE DATABASE ""{databaseName}"";")|};
            }

            public void Dispose()
            {
                using var connection = ConnectionUtil.CreateConnection(ConnectionUtil.GetConnectionString());
                {|TI1004:connection.Execute("TRUNCATE TABLE cap.published; TRUNCATE TABLE cap.received;")|};
            }
        }

        public class StorageTests : DatabaseTestHost
        {
            [Fact]
            public void Works() { }
        }
        """);
}
