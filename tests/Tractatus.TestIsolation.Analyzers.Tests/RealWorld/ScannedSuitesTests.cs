using static Tractatus.TestIsolation.Analyzers.Tests.RealWorld.RealWorldVerifier;

namespace Tractatus.TestIsolation.Analyzers.Tests.RealWorld;

/// <summary>
/// Shapes found by running every rule over real open-source integration suites (Dapper, Npgsql,
/// MongoDB.Driver, Hangfire and Quartz storages) and judging each finding by hand: the false
/// positives that scan showed, and the misses, each as a small case of the same shape.
/// </summary>
public class ScannedSuitesTests
{
    // A database created per run as a literal prefix plus a name from a random helper in the same
    // compilation: the prefix alone is no database name.
    [Fact]
    public Task Database_created_from_a_prefix_and_a_random_helper_is_not_flagged() => Test("""
        public static class RandomText
        {
            private static readonly Random Source = new();

            public static string Letters()
            {
                var chars = new char[8];
                for (var i = 0; i < chars.Length; i++)
                {
                    chars[i] = (char)('a' + Source.Next(26));
                }

                return new string(chars);
            }
        }

        public sealed class ServerFixture : IDisposable
        {
            private readonly string _database = "itest_" + RandomText.Letters();
            private readonly string _server = $"Host=localhost;Username=postgres;Password={Environment.GetEnvironmentVariable("PGPASSWORD")}";

            public ServerFixture()
            {
                using var admin = new NpgsqlConnection(_server);
                admin.Execute($"CREATE DATABASE {_database};");
            }

            public void Dispose()
            {
                using var admin = new NpgsqlConnection(_server);
                admin.Execute($"DROP DATABASE IF EXISTS {_database};");
            }
        }

        public class RepositoryTests : IClassFixture<ServerFixture>
        {
            [Fact]
            public void Runs() => Assert.True(true);
        }
        """);

    // A fixture that starts its own MongoDB container and hands out contexts through factory
    // helpers (client helper → settings → container connection string); its setup wipe runs on
    // that container.
    [Fact]
    public Task Wipe_through_factory_helpers_of_a_container_fixture_is_not_flagged() => Run(new(ContainerFixture + """
        public class JobTests : IClassFixture<JobsFixture>
        {
            public JobTests(JobsFixture fixture) => fixture.Wipe();

            [Fact]
            public void Runs() => Assert.True(true);
        }
        """) { References = [Stubs.TestcontainersMongo] });

    // A helper taking the store as a parameter, called only with the container fixture's store.
    [Fact]
    public Task Fixed_key_written_by_a_helper_given_the_container_store_is_not_flagged() => Run(new(ContainerFixture + """
        public class HashTests : IClassFixture<JobsFixture>
        {
            private readonly IMongoDatabase _database;

            public HashTests(JobsFixture fixture) => _database = fixture.Database();

            [Fact]
            public void Expires()
            {
                Seed(_database, "hash-1");
                Seed(_database, "hash-2");
            }

            private static void Seed(IMongoDatabase database, string key) =>
                database.GetCollection<BsonDocument>("jobGraph").InsertOne(new BsonDocument { ["Key"] = key, ["_t"] = "Hash" });
        }
        """) { References = [Stubs.TestcontainersMongo] });

    // The same helper called with a store on the team's server is reported where the key is given.
    [Fact]
    public Task Fixed_key_written_by_a_helper_given_a_shared_store_is_flagged() => Test("""
        public class HashTests
        {
            private readonly IMongoDatabase _database = new MongoClient("mongodb://localhost:27017").GetDatabase({|TI1002:"jobs_tests"|});

            [Fact]
            public void Expires() => Seed(_database, {|TI1001:"hash-1"|});

            private static void Seed(IMongoDatabase database, string key) =>
                database.GetCollection<BsonDocument>("jobGraph").InsertOne(new BsonDocument { ["Key"] = key, ["_t"] = "Hash" });
        }
        """);

    // A fixed database name held by a constant and used in constant interpolations for CREATE and
    // DROP: one TI1002, on the constant's literal (the interpolation is itself a constant), and
    // TI1004 for the teardown drop.
    [Fact]
    public Task Database_constant_used_in_constant_interpolations_is_flagged_once_on_its_literal() => Test("""
        public sealed class MySqlFixture : IDisposable
        {
            private const string Name = {|TI1002:"repo_tests"|};
            private readonly NpgsqlConnection _server = new(Environment.GetEnvironmentVariable("SERVER_URL"));

            public MySqlFixture()
            {
                _server.Execute($"CREATE DATABASE IF NOT EXISTS \"{Name}\";");
                _server.Execute($"SET search_path = {Name}");
            }

            public void Dispose() => {|TI1004:_server.Execute($"DROP DATABASE IF EXISTS {Name}")|};
        }

        public class UserTests : IClassFixture<MySqlFixture>
        {
            [Fact]
            public void Runs() => Assert.True(true);
        }
        """);

    // An assembly setup starts a container and publishes its connection string in an environment
    // variable; tests read it with a literal fallback. The variable is always set when they run.
    [Fact]
    public Task Fallback_of_a_variable_the_suite_sets_from_a_container_is_not_flagged() => Run(new("""
        public static class ServerSetup
        {
            private static readonly Testcontainers.PostgreSql.PostgreSqlContainer Container = new Testcontainers.PostgreSql.PostgreSqlBuilder().Build();

            public static async Task StartAsync()
            {
                await Container.StartAsync();
                Environment.SetEnvironmentVariable("STORE_CONNECTION", Container.GetConnectionString());
            }
        }

        public class PagingTests
        {
            [Fact]
            public void Pages()
            {
                var connectionString = Environment.GetEnvironmentVariable("STORE_CONNECTION") ?? "Host=localhost;Database=scheduler;Username=app";
                using var connection = new NpgsqlConnection(connectionString);
                connection.Execute("INSERT INTO triggers (key, state) VALUES ('nightly', 'waiting')");
            }
        }
        """) { References = [Stubs.TestcontainersPostgres] });

    // A variable the suite sets to a fixed text (or never sets) leaves the fallback in use.
    [Fact]
    public Task Fallback_of_a_variable_the_suite_sets_to_a_fixed_text_is_flagged() => Test("""
        public static class ServerSetup
        {
            public static void Configure() => Environment.SetEnvironmentVariable("STORE_CONNECTION", "Host=db;Database=shared");
        }

        public class PagingTests
        {
            [Fact]
            public void Pages()
            {
                var connectionString = Environment.GetEnvironmentVariable("STORE_CONNECTION") ?? {|TI1002:"Host=localhost;Database=scheduler;Username=app"|};
                using var connection = new NpgsqlConnection(connectionString);
            }
        }
        """);

    private const string ContainerFixture = """
        public sealed class JobsFixture : IAsyncLifetime
        {
            private const string DatabaseName = "jobs";
            private readonly Testcontainers.MongoDb.MongoDbContainer _container = new Testcontainers.MongoDb.MongoDbBuilder().WithImage("mongo:7").Build();

            public Task InitializeAsync() => _container.StartAsync();

            public Task DisposeAsync() => _container.DisposeAsync().AsTask();

            public IMongoDatabase Database(string? name = null) => Client().GetDatabase(name ?? DatabaseName);

            public void Wipe()
            {
                var database = Database();
                database.GetCollection<BsonDocument>("locks").DeleteMany(new BsonDocument());
                database.GetCollection<BsonDocument>("servers").DeleteMany(new BsonDocument());
            }

            private MongoClient Client()
            {
                var connectionString = _container.GetConnectionString();
                var settings = MongoClientSettings.FromConnectionString(connectionString);
                return new MongoClient(settings);
            }
        }


        """;
}
