using Tractatus.TestIsolation.Analyzers.Rules;
using Tractatus.TestIsolation.Analyzers.Tests.Verifiers;

namespace Tractatus.TestIsolation.Analyzers.Tests.Rules;

/// <summary>
/// TI1004 shapes from storage libraries' suites: dropping every collection a database lists, and
/// ADO.NET deletes whose WHERE parameter gets a fixed identifier.
/// </summary>
public class TI1004ListedDropsAndAdoParametersTests
{
    private const string Usings = """
        using System;
        using System.Linq;
        using System.Threading.Tasks;
        using MongoDB.Bson;
        using MongoDB.Driver;
        using Npgsql;

        public static class Pg
        {
            public static NpgsqlConnection Open() => new(Environment.GetEnvironmentVariable("PG_TESTS"));
        }

        """;

    private static Task Verify(string source, TestProject project = TestProject.Xunit) =>
        TestDataSources.VerifyAsync<UnscopedTeardownDeleteAnalyzer>(Usings + source, project);

    // ---- dropping every listed collection: flagged ----

    [Fact]
    public Task Foreach_over_ListCollectionNames_of_a_fixed_database_in_a_fixture_constructor_is_flagged() => Verify("""
        public sealed class MongoFixture
        {
            public MongoFixture()
            {
                var database = new MongoClient("mongodb://localhost").GetDatabase("store_tests");
                foreach (var name in database.ListCollectionNames().ToList())
                {
                    {|TI1004:database.DropCollection(name)|};
                }
            }
        }

        public class StoreTests : Xunit.IClassFixture<MongoFixture>
        {
            [Xunit.Fact]
            public void Works() { }
        }
        """);

    [Fact]
    public Task Async_cursor_of_listed_names_dropped_in_DisposeAsync_is_flagged() => Verify("""
        public sealed class EventsTests : Xunit.IAsyncLifetime
        {
            private readonly IMongoDatabase _database = new MongoClient().GetDatabase("events_tests");

            public Task InitializeAsync() => Task.CompletedTask;

            public async Task DisposeAsync()
            {
                using var cursor = await _database.ListCollectionNamesAsync();
                while (await cursor.MoveNextAsync())
                {
                    foreach (var name in cursor.Current)
                    {
                        if (!name.StartsWith("system."))
                        {
                            await {|TI1004:_database.DropCollectionAsync(name)|};
                        }
                    }
                }
            }
        }
        """);

    [Fact]
    public Task ForEachAsync_over_listed_names_in_NUnit_setup_is_flagged() => Verify("""
        [NUnit.Framework.TestFixture]
        public class OrderTests
        {
            private static readonly IMongoDatabase Database = new MongoClient().GetDatabase("orders_tests");

            [NUnit.Framework.SetUp]
            public async Task Clean()
            {
                var names = await Database.ListCollectionNamesAsync();
                await names.ForEachAsync(name => {|TI1004:Database.DropCollectionAsync(name)|});
            }
        }
        """, TestProject.NUnit);

    [Fact]
    public Task Listed_names_filtered_by_a_constant_prefix_are_still_flagged() => Verify("""
        public sealed class CatalogTests : IDisposable
        {
            private readonly IMongoDatabase _database = new MongoClient().GetDatabase("catalog_tests");

            public void Dispose()
            {
                foreach (var name in _database.ListCollectionNames().ToList().Where(n => n.StartsWith("catalog_")))
                {
                    {|TI1004:_database.DropCollection(name)|};
                }
            }
        }
        """);

    // ---- dropping every listed collection: not flagged ----

    [Fact]
    public Task Listed_collections_of_a_database_named_per_run_are_not_flagged() => Verify("""
        public sealed class MongoFixture : IDisposable
        {
            private readonly IMongoDatabase _database = new MongoClient().GetDatabase($"store_tests_{Guid.NewGuid():N}");

            public void Dispose()
            {
                foreach (var name in _database.ListCollectionNames().ToList())
                {
                    _database.DropCollection(name);
                }
            }
        }
        """);

    [Fact]
    public Task Listed_collections_filtered_by_the_run_prefix_are_not_flagged() => Verify("""
        public sealed class MongoFixture : IDisposable
        {
            private readonly string _prefix = $"run_{Guid.NewGuid():N}_";
            private readonly IMongoDatabase _database = new MongoClient().GetDatabase("store_tests");

            public void Dispose()
            {
                foreach (var name in _database.ListCollectionNames().ToList())
                {
                    if (name.StartsWith(_prefix))
                    {
                        _database.DropCollection(name);
                    }
                }

                foreach (var name in _database.ListCollectionNames().ToList().Where(n => n.StartsWith(_prefix)))
                {
                    _database.DropCollection(name);
                }
            }
        }
        """);

    [Fact]
    public Task Dropping_listed_collections_inside_a_test_body_is_not_flagged() => Verify("""
        public class AdminTests
        {
            [Xunit.Fact]
            public void Drops_everything()
            {
                var database = new MongoClient().GetDatabase("admin_tests");
                foreach (var name in database.ListCollectionNames().ToList())
                {
                    database.DropCollection(name);
                }
            }
        }
        """);

    // ---- ADO.NET parameterized deletes: flagged ----

    [Fact]
    public Task AddWithValue_with_an_at_prefixed_name_in_a_test_class_constructor_is_flagged() => Verify("""
        public class ArticleTests
        {
            public ArticleTests()
            {
                using var connection = Pg.Open();
                using var command = {|TI1004:new NpgsqlCommand("DELETE FROM articles WHERE slug = @slug", connection)|};
                command.Parameters.AddWithValue("@slug", "welcome-article");
                command.ExecuteNonQuery();
            }

            [Xunit.Fact]
            public void Works() { }
        }
        """);

    [Fact]
    public Task NpgsqlParameter_added_to_a_command_from_CreateCommand_in_teardown_is_flagged() => Verify("""
        [NUnit.Framework.TestFixture]
        public class TenantTests
        {
            private const string Tenant = "acme";

            [NUnit.Framework.TearDown]
            public void Clean()
            {
                using var connection = Pg.Open();
                using var command = connection.CreateCommand();
                {|TI1004:command.CommandText = "DELETE FROM tenants WHERE code = @code"|};
                command.Parameters.Add(new NpgsqlParameter("code", Tenant));
                command.ExecuteNonQuery();
            }
        }
        """, TestProject.NUnit);

    // ---- ADO.NET parameterized deletes: not flagged ----

    [Fact]
    public Task AddWithValue_with_a_per_run_value_is_not_flagged() => Verify("""
        public sealed class ArticleFixture : IDisposable
        {
            private readonly string _slug = "article-" + Guid.NewGuid().ToString("N");

            public void Dispose()
            {
                using var connection = Pg.Open();
                using var command = new NpgsqlCommand("DELETE FROM articles WHERE slug = @slug", connection);
                command.Parameters.AddWithValue("@slug", _slug);
                command.Parameters.Add(new NpgsqlParameter("slug", _slug));
                command.ExecuteNonQuery();
            }
        }
        """);

    [Fact]
    public Task Fixed_parameter_that_is_not_an_identifier_column_is_not_flagged() => Verify("""
        public sealed class ArticleFixture : IDisposable
        {
            private readonly string _slug = "article-" + Guid.NewGuid().ToString("N");

            public void Dispose()
            {
                using var connection = Pg.Open();
                using var command = new NpgsqlCommand("DELETE FROM articles WHERE slug = @slug AND state = @state", connection);
                command.Parameters.AddWithValue("@slug", _slug);
                command.Parameters.Add(new NpgsqlParameter("state", "draft"));
                command.ExecuteNonQuery();
            }
        }
        """);
}
