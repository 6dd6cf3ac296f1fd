using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using Tractatus.TestIsolation.Analyzers.Rules;
using Tractatus.TestIsolation.Analyzers.Tests.Verifiers;

namespace Tractatus.TestIsolation.Analyzers.Tests.Rules;

/// <summary>
/// Code in the style of popular open-source .NET repositories, run through all six rules at once:
/// each test states every diagnostic the snippet should get (usually none). Most shapes are ones a
/// noisy rule would wrongly flag; the last group pins the incident shapes so they stay flagged.
/// </summary>
public class RealWorldShapesTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Linq;
        using System.Net.Http;
        using System.Net.Http.Json;
        using System.Text.Json;
        using System.Threading;
        using System.Threading.Tasks;
        using Dapper;
        using Microsoft.Data.Sqlite;
        using Microsoft.EntityFrameworkCore;
        using MongoDB.Bson;
        using MongoDB.Driver;
        using Npgsql;

        """;

    private const string XunitUsings = Usings + "using Xunit;\n\n";

    /// <summary>All six analyzers over one compilation, so a snippet is checked against every rule.</summary>
    private sealed class AllRulesTest : CSharpAnalyzerTest<FixedTestDataIdentifierAnalyzer, DefaultVerifier>
    {
        protected override IEnumerable<DiagnosticAnalyzer> GetDiagnosticAnalyzers() =>
        [
            new FixedTestDataIdentifierAnalyzer(),
            new HardCodedDatabaseNameAnalyzer(),
            new StaticSessionIdAnalyzer(),
            new UnscopedTeardownDeleteAnalyzer(),
            new UnlockedSharedStateWriteAnalyzer(),
            new UnlockedReadModifyWriteAnalyzer(),
        ];
    }

    private static Task Verify(string source, TestProject project, MetadataReference[] references, params (string Name, string Text)[] files)
    {
        var test = new AllRulesTest
        {
            TestCode = (project == TestProject.Xunit ? XunitUsings : Usings) + source,
        };
        VerifierSetup.Configure(test, project);
        test.TestState.AdditionalReferences.AddRange(references);
        test.TestState.Sources.Add(("/SharedStateFile.cs", SharedStateTestSources.SharedStateFile));
        foreach (var file in files)
        {
            test.TestState.Sources.Add(("/" + file.Name, (project == TestProject.Xunit ? XunitUsings : Usings) + file.Text));
        }

        return test.RunAsync();
    }

    private static Task VerifyTest(string source, params MetadataReference[] references) => Verify(source, TestProject.Xunit, references);

    private static Task VerifyTool(string source, params MetadataReference[] references) => Verify(source, TestProject.NonTest, references);

    // EF Core provider entry points the test project does not carry, in assemblies with the real names.
    private static MetadataReference EfProvider(string assembly, string method) => Library(assembly, $$"""
        namespace Microsoft.EntityFrameworkCore
        {
            public static class {{method}}Extensions
            {
                public static DbContextOptionsBuilder<T> {{method}}<T>(this DbContextOptionsBuilder<T> builder, string connectionStringOrName) where T : DbContext => builder;
            }
        }
        """);

    /// <summary>Compiles a stand-in library against the framework and the store libraries.</summary>
    private static MetadataReference Library(string name, string source)
    {
        var compilation = CSharpCompilation.Create(
            name,
            [CSharpSyntaxTree.ParseText(source)],
            AnalyzerVerifier<FixedTestDataIdentifierAnalyzer>.ReferencesFor(TestProject.NonTest),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        if (!result.Success)
        {
            throw new InvalidOperationException("Could not build the stand-in " + name + ": " + string.Join("; ", result.Diagnostics));
        }

        return MetadataReference.CreateFromImage(stream.ToArray());
    }

    private const string UserModel = """

        public class User
        {
            public string Id { get; set; } = "";
            public string Email { get; set; } = "";
            public string UserName { get; set; } = "";
            public string Status { get; set; } = "";
            public string TenantId { get; set; } = "";
        }

        public interface IUserRepository
        {
            Task AddAsync(User user);
            Task<User?> FindAsync(string id);
        }

        public class UserService
        {
            private readonly IUserRepository _repository;
            public UserService(IUserRepository repository) => _repository = repository;
            public Task RegisterAsync(User user) => _repository.AddAsync(user);
        }

        public class AppDb : DbContext
        {
            public AppDb(DbContextOptions<AppDb> options) : base(options) { }
            public DbSet<User> Users => Set<User>();
        }
        """;

    // ---- unit tests with in-memory objects and fixed ids --------------------------------------

    [Fact]
    public async Task Fixed_ids_in_a_list_and_dictionary_backed_fake_repository_are_not_flagged()
    {
        await VerifyTest("""
            public sealed class InMemoryUserRepository : IUserRepository
            {
                private readonly Dictionary<string, User> _users = new();
                public Task AddAsync(User user) { _users[user.Id] = user; return Task.CompletedTask; }
                public Task<User?> FindAsync(string id) => Task.FromResult(_users.TryGetValue(id, out var u) ? u : null);
            }

            public class UserServiceTests
            {
                private readonly List<User> _seed = new();

                [Fact]
                public async Task Register_stores_the_user()
                {
                    var repository = new InMemoryUserRepository();
                    var service = new UserService(repository);
                    _seed.Add(new User { Id = "u1", Email = "a@b.c" });

                    await service.RegisterAsync(new User { Id = "u1", Email = "a@b.c", UserName = "alice" });

                    var stored = await repository.FindAsync("u1");
                    Assert.Equal("a@b.c", stored!.Email);
                }
            }
            """ + UserModel);
    }

    [Fact]
    public async Task Moq_setup_returning_an_entity_with_fixed_ids_is_not_flagged()
    {
        await VerifyTest("""
            public class UserServiceMoqTests
            {
                [Fact]
                public async Task Finds_the_user()
                {
                    var repository = new Moq.Mock<IUserRepository>();
                    repository.Setup(r => r.FindAsync("u1")).Returns(Task.FromResult<User?>(new User { Id = "u1", Email = "a@b.c" }));
                    var user = await repository.Object.FindAsync("u1");
                    Assert.Equal("u1", user!.Id);
                }
            }
            """ + UserModel, [.. TestDataSources.MockingLibraries]);
    }

    [Fact]
    public async Task Posting_json_to_a_web_application_factory_client_is_not_a_store_write()
    {
        await VerifyTest("""
            public class UsersApiTests
            {
                private readonly HttpClient _client = new() { BaseAddress = new Uri("http://localhost") };

                [Fact]
                public async Task Creates_a_user()
                {
                    var response = await _client.PostAsJsonAsync("/api/users", new { username = "bob", email = "bob@example.com", id = "u1" });
                    response.EnsureSuccessStatusCode();
                    var created = await response.Content.ReadFromJsonAsync<User>();
                    Assert.Equal("bob", created!.UserName);
                }
            }
            """ + UserModel);
    }

    [Fact]
    public async Task Json_deserialization_tests_with_fixed_slugs_are_not_flagged()
    {
        await VerifyTest("""
            public class Article { public string Slug { get; set; } = ""; public string Id { get; set; } = ""; }

            public class SerializationTests
            {
                [Fact]
                public void Reads_the_slug()
                {
                    var doc = JsonSerializer.Deserialize<Article>("{\"slug\":\"test-slug\",\"id\":\"a1\"}")!;
                    Assert.Equal("test-slug", doc.Slug);
                    var json = JsonSerializer.Serialize(new Article { Slug = "test-slug", Id = "a1" });
                    Assert.Contains("test-slug", json);
                    var bson = new BsonDocument { { "slug", "test-slug" } };
                    Assert.Equal("test-slug", bson["slug"].AsString);
                }
            }
            """);
    }

    [Fact]
    public async Task Test_data_builder_with_fixed_email_passed_to_a_service_is_not_flagged()
    {
        await VerifyTest("""
            public sealed class UserBuilder
            {
                private string _email = "default@example.com";
                private string _id = "u-default";
                public UserBuilder WithEmail(string email) { _email = email; return this; }
                public UserBuilder WithId(string id) { _id = id; return this; }
                public User Build() => new() { Id = _id, Email = _email };
            }

            public class BuilderTests
            {
                [Fact]
                public async Task Registers()
                {
                    var user = new UserBuilder().WithEmail("x@y.z").WithId("u1").Build();
                    var repository = new Moq.Mock<IUserRepository>();
                    await new UserService(repository.Object).RegisterAsync(user);
                    Assert.Equal("x@y.z", user.Email);
                }
            }
            """ + UserModel, [.. TestDataSources.MockingLibraries]);
    }

    [Fact]
    public async Task Theory_parameter_from_InlineData_inserted_is_flagged_on_the_attribute_argument()
    {
        // The test framework calls the theory with the attribute's arguments: fixed in every run.
        await VerifyTest("""
            public class SlugTheoryTests
            {
                private readonly IMongoCollection<BsonDocument> _docs = null!;

                [Theory]
                [InlineData({|TI1001:"test-slug"|})]
                [InlineData({|TI1001:"other-slug"|})]
                public async Task Inserts(string slug)
                {
                    await _docs.InsertOneAsync(new BsonDocument { { "slug", slug }, { "title", "T" } });
                }
            }
            """);
    }

    // ---- EF Core / SQLite in-memory -------------------------------------------------------------

    [Fact]
    public async Task Ef_core_over_sqlite_in_memory_with_fixed_ids_is_not_flagged()
    {
        await VerifyTest("""
            public sealed class UserDbTests : IDisposable
            {
                private readonly SqliteConnection _connection = new("Data Source=:memory:");
                private readonly AppDb _db;

                public UserDbTests()
                {
                    _connection.Open();
                    _db = new AppDb(new DbContextOptionsBuilder<AppDb>().Options);
                }

                [Fact]
                public void Adds()
                {
                    _db.Users.Add(new User { Id = "u1", Email = "a@b.c" });
                    _db.SaveChanges();
                }

                public void Dispose()
                {
                    _db.Database.EnsureDeleted();
                    _connection.Dispose();
                }
            }
            """ + UserModel);
    }

    [Fact]
    public async Task Ef_core_context_from_an_in_memory_factory_in_another_file_is_not_flagged()
    {
        // Shared test helpers usually live in their own file; the test file never names the provider.
        await Verify(
            """
            public class UserQueryTests
            {
                [Fact]
                public void Finds_by_email()
                {
                    using var db = TestDb.Create();
                    db.Users.Add(new User { Id = "u1", Email = "a@b.c" });
                    db.SaveChanges();
                    Assert.Single(db.Users.Where(u => u.Email == "a@b.c"));
                }
            }
            """ + UserModel,
            TestProject.Xunit,
            [EfProvider("Microsoft.EntityFrameworkCore.InMemory", "UseInMemoryDatabase"), EfProvider("Npgsql.EntityFrameworkCore.PostgreSQL", "UseNpgsql")],
            ("TestDb.cs", """
                public static class TestDb
                {
                    public static AppDb Create() =>
                        new(new DbContextOptionsBuilder<AppDb>().UseInMemoryDatabase(Guid.NewGuid().ToString()).Options);
                }
                """));
    }

    [Fact]
    public async Task Dapper_over_a_sqlite_in_memory_connection_is_not_flagged()
    {
        await VerifyTest("""
            public class DapperTests
            {
                [Fact]
                public async Task Inserts_and_reads()
                {
                    await using var connection = new SqliteConnection("Data Source=:memory:");
                    await connection.OpenAsync();
                    await connection.ExecuteAsync("CREATE TABLE users (id TEXT PRIMARY KEY, email TEXT)");
                    await connection.ExecuteAsync("INSERT INTO users (id, email) VALUES ('u1', 'a@b.c')");
                    await connection.ExecuteAsync("INSERT INTO users (id, email) VALUES (@Id, @Email)", new { Id = "u2", Email = "b@c.d" });
                    var email = await connection.QuerySingleAsync<string>("SELECT email FROM users WHERE id = 'u1'");
                    Assert.Equal("a@b.c", email);
                }
            }
            """);
    }

    // ---- MongoDB tests ---------------------------------------------------------------------------

    private static MetadataReference Mongo2Go() => TestDataSources.Assembly("Mongo2Go", """
        namespace Mongo2Go
        {
            public sealed class MongoDbRunner : System.IDisposable
            {
                public static MongoDbRunner Start() => new();
                public string ConnectionString => "mongodb://127.0.0.1:27018/";
                public void Dispose() { }
            }
        }
        """);

    [Fact]
    public async Task Mongo2Go_runner_gives_each_run_its_own_server()
    {
        await VerifyTest("""
            public sealed class RepositoryTests : IDisposable
            {
                private readonly Mongo2Go.MongoDbRunner _runner = Mongo2Go.MongoDbRunner.Start();
                private readonly IMongoCollection<User> _users;

                public RepositoryTests()
                {
                    var client = new MongoClient(_runner.ConnectionString);
                    _users = client.GetDatabase("IntegrationTest").GetCollection<User>("users");
                }

                [Fact]
                public void Inserts()
                {
                    _users.InsertOne(new User { Id = "u1", Email = "a@b.c" });
                    Assert.Equal(1, _users.CountDocuments(x => x.Id == "u1"));
                }

                public void Dispose()
                {
                    _users.DeleteMany(FilterDefinition<User>.Empty);
                    _runner.Dispose();
                }
            }
            """ + UserModel, Mongo2Go());
    }

    [Fact]
    public async Task Filters_on_non_identifier_fields_and_on_variables_are_not_flagged()
    {
        await VerifyTest("""
            public class QueryTests
            {
                private readonly IMongoCollection<User> _users;

                public QueryTests(DatabaseFixture fixture) => _users = fixture.Database.GetCollection<User>("users");

                [Fact]
                public async Task Finds_active()
                {
                    var id = Guid.NewGuid().ToString("N");
                    await _users.InsertOneAsync(new User { Id = id, Status = "active" });
                    var active = await _users.Find(Builders<User>.Filter.Eq(x => x.Status, "active")).ToListAsync();
                    var mine = await _users.Find(x => x.Id == id).FirstOrDefaultAsync();
                    await _users.UpdateOneAsync(x => x.Id == id, Builders<User>.Update.Set(x => x.Status, "archived"));
                    Assert.NotNull(mine);
                }
            }

            public sealed class DatabaseFixture
            {
                public IMongoDatabase Database { get; } = new MongoClient(Environment.GetEnvironmentVariable("MONGODB_URI")).GetDatabase("it_" + Guid.NewGuid().ToString("N"));
            }
            """ + UserModel);
    }

    [Fact]
    public async Task Per_test_database_name_from_a_guid_scopes_inserts_and_teardown()
    {
        await VerifyTest("""
            public sealed class OrderTests : IAsyncLifetime
            {
                private readonly MongoClient _client = new(Environment.GetEnvironmentVariable("MONGODB_URI"));
                private readonly string _databaseName = $"orders_{Guid.NewGuid():N}";
                private IMongoCollection<User> _users = null!;

                public Task InitializeAsync()
                {
                    _users = _client.GetDatabase(_databaseName).GetCollection<User>("users");
                    return Task.CompletedTask;
                }

                [Fact]
                public async Task Inserts()
                {
                    await _users.InsertOneAsync(new User { Id = "u1", Email = "a@b.c" });
                }

                public async Task DisposeAsync()
                {
                    await _users.DeleteManyAsync(FilterDefinition<User>.Empty);
                    await _client.DropDatabaseAsync(_databaseName);
                }
            }
            """ + UserModel);
    }

    [Fact]
    public async Task Tenant_scoped_teardown_is_not_flagged()
    {
        await VerifyTest("""
            public sealed class TenantTests : IAsyncLifetime
            {
                private readonly IMongoCollection<User> _users;
                private readonly string _tenantId = Guid.NewGuid().ToString();

                public TenantTests(MongoFixture fixture) => _users = fixture.Users;

                public Task InitializeAsync() => _users.InsertOneAsync(new User { Id = Guid.NewGuid().ToString(), TenantId = _tenantId });

                [Fact]
                public void Works() => Assert.NotNull(_users);

                public Task DisposeAsync() => _users.DeleteManyAsync(x => x.TenantId == _tenantId);
            }

            public sealed class MongoFixture
            {
                public IMongoCollection<User> Users { get; init; } = null!;
            }
            """ + UserModel);
    }

    // ---- connection strings ----------------------------------------------------------------------

    [Fact]
    public async Task Admin_connection_to_the_postgres_database_and_sqlite_memory_are_not_flagged()
    {
        await VerifyTest("""
            public class DatabaseSetup
            {
                [Fact]
                public async Task Creates_a_private_database()
                {
                    var name = "test_" + Guid.NewGuid().ToString("N");
                    await using (var admin = new NpgsqlConnection("Host=localhost;Username=postgres;Password=postgres;Database=postgres"))
                    {
                        await admin.OpenAsync();
                        await admin.ExecuteAsync($"CREATE DATABASE \"{name}\"");
                    }

                    var builder = new NpgsqlConnectionStringBuilder("Host=localhost;Username=postgres") { Database = name };
                    await using var sqlite = new SqliteConnection("Data Source=:memory:");
                    await using var shared = new SqliteConnection("Data Source=InMemorySample;Mode=Memory;Cache=Shared");
                    Assert.Equal(name, builder.Database);
                }
            }
            """);
    }

    [Fact]
    public async Task Environment_fallback_to_a_fixed_test_database_is_flagged()
    {
        // The variable is unset on every developer machine, so the fallback is the shared name. It is
        // reported once, on the literal that holds the name.
        await VerifyTest("""
            public class PostgresTests
            {
                private static readonly string ConnectionString =
                    Environment.GetEnvironmentVariable("DB") ?? {|TI1002:"Host=localhost;Database=app_test"|};

                [Fact]
                public async Task Connects()
                {
                    await using var connection = new NpgsqlConnection(ConnectionString);
                    await connection.OpenAsync();
                }
            }
            """);
    }

    [Fact]
    public async Task Connection_strings_in_application_code_are_not_flagged()
    {
        await VerifyTool("""
            public static class DefaultSettings
            {
                public const string ConnectionString = "Host=localhost;Database=app;Username=app";
                public const string MongoUri = "mongodb://localhost:27017/app";

                public static IMongoDatabase Open() => new MongoClient(MongoUri).GetDatabase("app");

                public static NpgsqlConnection Connect() => new(ConnectionString);
            }
            """);
    }

    // ---- tooling: session ids --------------------------------------------------------------------

    [Fact]
    public async Task Session_header_claim_and_cookie_names_are_not_session_ids()
    {
        await VerifyTool("""
            public sealed class SessionOptions
            {
                public string SessionIdHeaderName = "X-Session-Id";
                public string SessionIdClaimType { get; set; } = "sid";
                public string DefaultSessionId { get; set; } = Guid.Empty.ToString();
                public string CookieName { get; set; } = ".App.Session";
            }

            public static class CustomClaimTypes
            {
                public const string SessionId = "sid";
                public const string UserId = "uid";
            }

            public static class HeaderNames
            {
                public const string SessionId = "X-Session";
            }

            public static class TelemetryAttributes
            {
                public const string SessionId = "session.id";
            }

            public sealed class SessionDto
            {
                [System.Text.Json.Serialization.JsonPropertyName("session_id")]
                public string SessionId { get; set; } = string.Empty;
                public string ParentSessionId { get; set; } = "";
            }
            """);
    }

    // ---- tooling: files ---------------------------------------------------------------------------

    [Fact]
    public async Task Cli_writing_project_files_logs_and_outputs_is_not_flagged()
    {
        await VerifyTool("""
            public static class ScaffoldCommand
            {
                public static async Task RunAsync(string projectDir, string outputPath, string json)
                {
                    await File.WriteAllTextAsync(Path.Combine(projectDir, "appsettings.json"), json);
                    await File.WriteAllTextAsync(Path.Combine(projectDir, "package.json"), json);
                    await File.WriteAllTextAsync(Path.Combine(projectDir, "App.csproj"), "<Project />");
                    File.WriteAllText(outputPath, json);
                    File.AppendAllText("log.txt", DateTime.UtcNow + " scaffolded" + Environment.NewLine);
                }
            }
            """);
    }

    [Fact]
    public async Task State_file_in_a_temp_directory_created_per_run_is_not_flagged()
    {
        await VerifyTool("""
            public static class Runner
            {
                public static void Save(string json)
                {
                    File.WriteAllText(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString(), "state.json"), json);

                    var workDir = Path.Combine(Path.GetTempPath(), "mytool-" + Guid.NewGuid().ToString("N"));
                    Directory.CreateDirectory(workDir);
                    var statePath = Path.Combine(workDir, "state.json");
                    var state = File.Exists(statePath) ? File.ReadAllText(statePath) : "{}";
                    File.WriteAllText(statePath, state + json);

                    var scratch = Directory.CreateTempSubdirectory("mytool").FullName;
                    File.WriteAllText(Path.Combine(scratch, "run-state.json"), json);
                }
            }
            """);
    }

    [Fact]
    public async Task Cache_files_keyed_by_a_content_hash_are_not_flagged()
    {
        await VerifyTool("""
            public sealed class DiskCache
            {
                private readonly string _root;
                public DiskCache(string root) => _root = root;

                public string GetOrAdd(string key, Func<string> create)
                {
                    var hash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)));
                    var path = Path.Combine(_root, hash + ".json");
                    if (File.Exists(path))
                    {
                        return File.ReadAllText(path);
                    }

                    var value = create();
                    File.WriteAllText(path, value);
                    return value;
                }
            }
            """);
    }

    [Fact]
    public async Task Snapshot_files_written_by_a_verify_style_library_are_not_flagged()
    {
        await VerifyTool("""
            public static class SnapshotWriter
            {
                public static void Write(string directory, string testName, string json)
                {
                    var verified = Path.Combine(directory, $"{testName}.verified.json");
                    var received = Path.Combine(directory, $"{testName}.received.json");
                    if (!File.Exists(verified) || File.ReadAllText(verified) != json)
                    {
                        File.WriteAllText(received, json);
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task Rewriting_a_csproj_in_place_is_not_flagged()
    {
        await VerifyTool("""
            public static class VersionBump
            {
                public static void Bump(string repoRoot, string version)
                {
                    var csproj = Path.Combine(repoRoot, "src", "App", "App.csproj");
                    var text = File.ReadAllText(csproj);
                    File.WriteAllText(csproj, text.Replace("<Version>1.0.0</Version>", "<Version>" + version + "</Version>"));

                    var settings = Path.Combine(repoRoot, "appsettings.Development.json");
                    var json = File.ReadAllText(settings);
                    File.WriteAllText(settings, json.Replace("\"Debug\"", "\"Information\""));
                }
            }
            """);
    }

    [Fact]
    public async Task Source_generator_style_writer_with_a_parameter_output_is_not_flagged()
    {
        await VerifyTool("""
            public static class GeneratedFileWriter
            {
                public static void Write(string outputDirectory, IEnumerable<(string Name, string Text)> files)
                {
                    foreach (var (name, text) in files)
                    {
                        var path = Path.Combine(outputDirectory, name + ".g.cs");
                        if (File.Exists(path) && File.ReadAllText(path) == text)
                        {
                            continue;
                        }

                        File.WriteAllText(path, text);
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task Training_checkpoint_in_a_per_run_directory_is_not_flagged()
    {
        await VerifyTool("""
            public sealed class Trainer
            {
                private readonly string _runDirectory = Path.Combine("runs", DateTime.UtcNow.ToString("yyyyMMdd-HHmmss") + "-" + Guid.NewGuid().ToString("N")[..8]);

                public void SaveCheckpoint(int epoch, string weightsJson)
                {
                    Directory.CreateDirectory(_runDirectory);
                    File.WriteAllText(Path.Combine(_runDirectory, $"checkpoint-{epoch}.json"), weightsJson);
                }
            }
            """);
    }

    // ---- teardown ---------------------------------------------------------------------------------

    [Fact]
    public async Task Ef_core_EnsureDeleted_on_a_per_test_database_is_not_flagged()
    {
        await VerifyTest("""
            public sealed class EfTests : IDisposable
            {
                private readonly AppDb _db = new(new DbContextOptionsBuilder<AppDb>()
                    .UseNpgsql($"Host=localhost;Username=postgres;Database=test_{Guid.NewGuid():N}").Options);

                public EfTests() => _db.Database.EnsureCreated();

                [Fact]
                public void Adds() => _db.Users.Add(new User { Id = Guid.NewGuid().ToString() });

                public void Dispose() => _db.Database.EnsureDeleted();
            }
            """ + UserModel, EfProvider("Npgsql.EntityFrameworkCore.PostgreSQL", "UseNpgsql"));
    }

    [Fact]
    public async Task Truncate_in_a_testcontainers_owned_database_is_not_flagged()
    {
        await VerifyTest("""
            public sealed class PostgresContainerTests : IAsyncLifetime
            {
                private readonly Testcontainers.PostgreSql.PostgreSqlContainer _postgres = new Testcontainers.PostgreSql.PostgreSqlBuilder().Build();

                public Task InitializeAsync() => _postgres.StartAsync();

                [Fact]
                public async Task Inserts()
                {
                    await using var connection = new NpgsqlConnection(_postgres.GetConnectionString());
                    await connection.ExecuteAsync("INSERT INTO users (id, email) VALUES ('u1', 'a@b.c')");
                }

                public async Task DisposeAsync()
                {
                    await using var connection = new NpgsqlConnection(_postgres.GetConnectionString());
                    await connection.ExecuteAsync("TRUNCATE users");
                    await _postgres.DisposeAsync();
                }
            }
            """,
            TestDataSources.Assembly("Testcontainers.PostgreSql", """
                namespace Testcontainers.PostgreSql
                {
                    public sealed class PostgreSqlContainer : System.IAsyncDisposable
                    {
                        public System.Threading.Tasks.Task StartAsync() => System.Threading.Tasks.Task.CompletedTask;
                        public string GetConnectionString() => "Host=localhost;Port=5433";
                        public System.Threading.Tasks.ValueTask DisposeAsync() => default;
                    }

                    public sealed class PostgreSqlBuilder
                    {
                        public PostgreSqlContainer Build() => new();
                    }
                }
                """));
    }

    [Fact]
    public async Task Respawn_reset_in_teardown_is_not_flagged()
    {
        await VerifyTest("""
            public sealed class RespawnTests : IAsyncLifetime
            {
                private readonly string _connectionString = $"Host=localhost;Username=postgres;Database=it_{Guid.NewGuid():N}";
                private Respawn.Respawner _respawner = null!;

                public async Task InitializeAsync() => _respawner = await Respawn.Respawner.CreateAsync(_connectionString);

                [Fact]
                public void Works() => Assert.NotNull(_respawner);

                public Task DisposeAsync() => _respawner.ResetAsync(_connectionString);
            }
            """,
            TestDataSources.Assembly("Respawn", """
                namespace Respawn
                {
                    public sealed class Respawner
                    {
                        public static System.Threading.Tasks.Task<Respawner> CreateAsync(string connectionString) => System.Threading.Tasks.Task.FromResult(new Respawner());
                        public System.Threading.Tasks.Task ResetAsync(string connectionString) => System.Threading.Tasks.Task.CompletedTask;
                    }
                }
                """));
    }

    [Fact]
    public async Task Deleting_everything_in_a_database_named_per_test_class_is_not_flagged()
    {
        await VerifyTest("""
            public sealed class CatalogTests : IDisposable
            {
                private readonly IMongoDatabase _database;
                private readonly IMongoCollection<BsonDocument> _items;

                public CatalogTests()
                {
                    var client = new MongoClient("mongodb://localhost:27017");
                    _database = client.GetDatabase("catalog_" + Guid.NewGuid().ToString("N"));
                    _items = _database.GetCollection<BsonDocument>("items");
                }

                [Fact]
                public void Inserts() => _items.InsertOne(new BsonDocument("slug", "first-item"));

                public void Dispose()
                {
                    _items.DeleteMany(FilterDefinition<BsonDocument>.Empty);
                    _items.DeleteOne(new BsonDocument("slug", "first-item"));
                }
            }
            """);
    }

    // ---- round two: fixtures in their own files, NUnit / MSTest, more connection strings -----------

    [Fact]
    public async Task Collection_fixture_in_its_own_file_naming_the_database_per_run_scopes_inserts()
    {
        await Verify(
            """
            [Collection("mongo")]
            public class ProductTests
            {
                private readonly IMongoCollection<User> _users;

                public ProductTests(MongoFixture fixture) => _users = fixture.Database.GetCollection<User>("users");

                [Fact]
                public async Task Inserts()
                {
                    await _users.InsertOneAsync(new User { Id = "u1", Email = "a@b.c" });
                    Assert.Equal(1, await _users.CountDocumentsAsync(x => x.Id == "u1"));
                }
            }
            """ + UserModel,
            TestProject.Xunit,
            [],
            ("MongoFixture.cs", """
                public sealed class MongoFixture : IAsyncLifetime
                {
                    private readonly MongoClient _client = new(Environment.GetEnvironmentVariable("MONGODB_URI") ?? "mongodb://localhost:27017");
                    private readonly string _name = "tests_" + Guid.NewGuid().ToString("N");

                    public MongoFixture() => Database = _client.GetDatabase(_name);

                    public IMongoDatabase Database { get; }

                    public Task InitializeAsync() => Task.CompletedTask;

                    public Task DisposeAsync() => _client.DropDatabaseAsync(_name);
                }

                [CollectionDefinition("mongo")]
                public sealed class MongoCollection : ICollectionFixture<MongoFixture> { }
                """));
    }

    [Fact]
    public async Task Nunit_teardown_over_sqlite_in_memory_is_not_flagged()
    {
        await Verify("""
            [NUnit.Framework.TestFixture]
            public class RepositoryTests
            {
                private SqliteConnection _connection = null!;

                [NUnit.Framework.SetUp]
                public void SetUp()
                {
                    _connection = new SqliteConnection("DataSource=:memory:");
                    _connection.Open();
                    _connection.Execute("CREATE TABLE users (id TEXT PRIMARY KEY, email TEXT)");
                }

                [NUnit.Framework.Test]
                public void Inserts() => _connection.Execute("INSERT INTO users VALUES ('u1', 'a@b.c')");

                [NUnit.Framework.TearDown]
                public void TearDown()
                {
                    _connection.Execute("DELETE FROM users");
                    _connection.Dispose();
                }
            }
            """, TestProject.NUnit, []);
    }

    [Fact]
    public async Task Mongo_uris_without_a_database_or_with_admin_and_system_sql_databases_are_not_flagged()
    {
        await VerifyTest("""
            public class ConnectionTests
            {
                [Fact]
                public void Connects()
                {
                    var replica = new MongoClient("mongodb://localhost:27017/?replicaSet=rs0&directConnection=true");
                    var admin = new MongoClient("mongodb://root:example@localhost:27017/admin?authSource=admin");
                    var url = new MongoUrl("mongodb://localhost:27017");
                    using var master = new NpgsqlConnection("Server=localhost;Port=5432;User Id=postgres;Password=pw;Database=template1");
                    using var sqlite = new SqliteConnection("Data Source=file::memory:?cache=shared");
                    using var filename = new SqliteConnection("Filename=:memory:");
                    Assert.NotNull(replica.GetDatabase("admin"));
                    Assert.NotNull(admin);
                    Assert.NotNull(url);
                }
            }
            """);
    }

    [Fact]
    public async Task Mstest_class_cleanup_dropping_a_database_named_per_run_is_not_flagged()
    {
        await Verify("""
            [Microsoft.VisualStudio.TestTools.UnitTesting.TestClass]
            public class OrdersTests
            {
                private static readonly string DatabaseName = $"orders_{DateTime.UtcNow:yyyyMMddHHmmss}_{Guid.NewGuid():N}";
                private static readonly MongoClient Client = new(Environment.GetEnvironmentVariable("MONGODB_URI"));

                [Microsoft.VisualStudio.TestTools.UnitTesting.TestMethod]
                public void Inserts() => Client.GetDatabase(DatabaseName).GetCollection<BsonDocument>("orders").InsertOne(new BsonDocument("code", "A-1"));

                [Microsoft.VisualStudio.TestTools.UnitTesting.ClassCleanup]
                public static void Cleanup() => Client.DropDatabase(DatabaseName);
            }
            """, TestProject.MSTest, []);
    }

    [Fact]
    public async Task Assertions_queries_and_updates_by_non_identifier_values_are_not_flagged()
    {
        await VerifyTest("""
            public class ReportTests
            {
                private readonly IMongoCollection<User> _users;

                public ReportTests(DatabaseFixture fixture) => _users = fixture.Users;

                [Fact]
                public async Task Counts_by_status()
                {
                    var filter = Builders<User>.Filter.Eq("status", "active") & Builders<User>.Filter.In(x => x.Status, new[] { "new", "pending" });
                    var count = await _users.CountDocumentsAsync(filter);
                    await _users.UpdateManyAsync(x => x.Status == "pending", Builders<User>.Update.Set(x => x.Status, "active"));
                    Assert.Equal("u1", (await _users.Find(filter).FirstAsync()).Id);
                    Assert.True(count >= 0);
                }
            }

            public sealed class DatabaseFixture
            {
                public IMongoCollection<User> Users { get; } = null!;
            }
            """ + UserModel);
    }

    [Fact]
    public async Task Test_side_state_file_in_a_per_test_temp_directory_is_not_flagged()
    {
        await VerifyTest("""
            public sealed class StateStoreTests : IDisposable
            {
                private readonly string _directory = Path.Combine(Path.GetTempPath(), Path.GetRandomFileName());

                public StateStoreTests() => Directory.CreateDirectory(_directory);

                [Fact]
                public void Round_trips()
                {
                    var path = Path.Combine(_directory, "state.json");
                    File.WriteAllText(path, "{\"count\":1}");
                    var text = File.ReadAllText(path);
                    File.WriteAllText(path, text.Replace("1", "2"));
                    Assert.Contains("2", File.ReadAllText(path));
                }

                public void Dispose() => Directory.Delete(_directory, recursive: true);
            }
            """);
    }

    [Fact]
    public async Task Exclusive_file_stream_read_modify_write_is_not_flagged()
    {
        await VerifyTool("""
            public static class Counter
            {
                public static int Increment(string root)
                {
                    var path = Path.Combine(root, ".claude", "session-state.json");
                    using var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                    using var reader = new StreamReader(stream, leaveOpen: true);
                    var count = int.TryParse(reader.ReadToEnd(), out var n) ? n + 1 : 1;
                    stream.SetLength(0);
                    using var writer = new StreamWriter(stream);
                    writer.Write(count);
                    return count;
                }
            }
            """);
    }

    [Fact]
    public async Task Session_id_members_in_web_app_code_read_from_the_request_are_not_flagged()
    {
        await VerifyTool("""
            public sealed class SessionContext
            {
                private const string SessionIdKey = "_SessionId";
                private const string SessionId = "_sessionId";

                public string CurrentSessionId { get; private set; } = string.Empty;
                public string? LastSessionId { get; set; }

                public void Load(IDictionary<string, string> items)
                {
                    CurrentSessionId = items.TryGetValue(SessionIdKey, out var id) ? id : Guid.NewGuid().ToString();
                    LastSessionId = items.ContainsKey(SessionId) ? items[SessionId] : null;
                }
            }
            """);
    }

    // ---- round three: parsers, temp-directory helpers, update definitions ------------------------

    [Fact]
    public async Task Unit_tests_of_connection_string_parsing_are_not_flagged()
    {
        await VerifyTest("""
            public class ConnectionStringParsingTests
            {
                [Fact]
                public void Parses_the_database()
                {
                    var builder = new NpgsqlConnectionStringBuilder("Host=db;Database=orders;Username=app");
                    Assert.Equal("orders", builder.Database);
                    var url = new MongoUrl("mongodb://localhost:27017/catalog");
                    Assert.Equal("catalog", url.DatabaseName);
                }
            }
            """);
    }

    [Fact]
    public async Task State_file_in_a_temp_directory_helper_from_another_file_is_not_flagged()
    {
        await Verify(
            """
            public class StateStoreTests
            {
                [Fact]
                public void Saves()
                {
                    using var temp = new TempDirectory();
                    var path = Path.Combine(temp.Path, "state.json");
                    File.WriteAllText(path, "{}");
                    var text = File.ReadAllText(path);
                    File.WriteAllText(path, text + " ");
                    Assert.True(File.Exists(Path.Combine(temp.Path, "state.json")));
                }
            }
            """,
            TestProject.Xunit,
            [],
            ("TempDirectory.cs", """
                public sealed class TempDirectory : IDisposable
                {
                    public TempDirectory()
                    {
                        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), System.IO.Path.GetRandomFileName());
                        Directory.CreateDirectory(Path);
                    }

                    public string Path { get; }

                    public void Dispose() => Directory.Delete(Path, recursive: true);
                }
                """));
    }

    [Fact]
    public async Task Update_definitions_with_fixed_non_identifier_values_and_loop_generated_emails_are_not_flagged()
    {
        await VerifyTest("""
            public class BulkTests
            {
                private readonly IMongoCollection<User> _users;

                public BulkTests(DatabaseFixture fixture) => _users = fixture.Users;

                [Fact]
                public async Task Seeds()
                {
                    var runId = Guid.NewGuid().ToString("N");
                    var users = Enumerable.Range(0, 10).Select(i => new User { Id = $"{runId}-{i}", Email = $"user{i}-{runId}@test.com" }).ToList();
                    await _users.InsertManyAsync(users);
                    await _users.UpdateManyAsync(x => x.TenantId == runId, Builders<User>.Update.Set(x => x.Status, "seeded"));
                    var replaced = new User { Id = users[0].Id, Status = "replaced" };
                    await _users.ReplaceOneAsync(x => x.Id == replaced.Id, replaced, new ReplaceOptions { IsUpsert = true });
                }
            }

            public sealed class DatabaseFixture
            {
                public IMongoCollection<User> Users { get; } = null!;
            }
            """ + UserModel);
    }

    [Fact]
    public async Task Sqlite_file_per_run_and_named_temp_files_are_not_flagged()
    {
        await VerifyTest("""
            public sealed class SqliteFileTests : IDisposable
            {
                private readonly string _dbPath = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid()}.db");
                private readonly SqliteConnection _connection;

                public SqliteFileTests()
                {
                    _connection = new SqliteConnection($"Data Source={_dbPath}");
                    _connection.Open();
                    _connection.Execute("CREATE TABLE users (id TEXT, email TEXT)");
                }

                [Fact]
                public void Inserts() => _connection.Execute("INSERT INTO users VALUES ('u1', 'a@b.c')");

                public void Dispose()
                {
                    _connection.Execute("DELETE FROM users");
                    _connection.Dispose();
                    File.Delete(_dbPath);
                }
            }
            """);
    }

    [Fact]
    public async Task Desktop_app_settings_and_history_of_recent_files_in_user_profile_are_not_read_modify_writes_of_shared_state()
    {
        await VerifyTool("""
            public sealed class SettingsStore
            {
                private readonly string _settingsPath = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData), "MyApp", "settings.json");

                public void SetTheme(string theme)
                {
                    var json = File.Exists(_settingsPath) ? File.ReadAllText(_settingsPath) : "{}";
                    File.WriteAllText(_settingsPath, json.Replace("dark", theme));
                }
            }
            """);
    }

    [Fact]
    public async Task Seeding_through_a_test_host_factory_that_swaps_in_an_in_memory_context_is_not_flagged()
    {
        await Verify(
            """
            public class UsersEndpointTests
            {
                private readonly CustomWebApplicationFactory _factory;

                public UsersEndpointTests(CustomWebApplicationFactory factory) => _factory = factory;

                [Fact]
                public async Task Lists_users()
                {
                    var db = (AppDb)_factory.Services.GetService(typeof(AppDb))!;
                    db.Users.Add(new User { Id = "u1", Email = "a@b.c" });
                    await db.SaveChangesAsync();
                }
            }
            """ + UserModel,
            TestProject.Xunit,
            [EfProvider("Microsoft.EntityFrameworkCore.InMemory", "UseInMemoryDatabase"), EfProvider("Npgsql.EntityFrameworkCore.PostgreSQL", "UseNpgsql")],
            ("CustomWebApplicationFactory.cs", """
                public sealed class CustomWebApplicationFactory
                {
                    public IServiceProvider Services { get; } = null!;

                    // Stands in for ConfigureWebHost: the app's Npgsql context is replaced for tests.
                    public static DbContextOptions<AppDb> TestOptions() =>
                        new DbContextOptionsBuilder<AppDb>().UseInMemoryDatabase("TestDb").Options;
                }
                """));
    }

    [Fact]
    public async Task Collection_named_per_test_in_a_shared_database_scopes_inserts_and_teardown()
    {
        await VerifyTest("""
            public sealed class EventStoreTests : IAsyncLifetime
            {
                private readonly IMongoDatabase _database = new MongoClient("mongodb://localhost:27017").GetDatabase({|TI1002:"event_store_tests"|});
                private readonly string _collectionName = $"events_{Guid.NewGuid():N}";
                private IMongoCollection<BsonDocument> _events = null!;
                private string _dbName = "";

                public Task InitializeAsync()
                {
                    _events = _database.GetCollection<BsonDocument>(_collectionName);
                    _dbName = $"scratch_{Guid.NewGuid():N}";
                    return Task.CompletedTask;
                }

                [Fact]
                public Task Appends() => _events.InsertOneAsync(new BsonDocument { { "_id", "evt-1" }, { "type", "created" } });

                public async Task DisposeAsync()
                {
                    await _events.DeleteManyAsync(FilterDefinition<BsonDocument>.Empty);
                    await _database.DropCollectionAsync(_collectionName);
                    await _database.Client.DropDatabaseAsync(_dbName);
                }
            }
            """);
    }

    // ---- the incident shapes stay flagged ----------------------------------------------------------

    [Fact]
    public async Task Incident_insert_and_teardown_by_fixed_slug_in_a_fixed_database_are_flagged()
    {
        await VerifyTest("""
            public sealed class DocumentIntegrationTests : IAsyncLifetime
            {
                private readonly IMongoCollection<BsonDocument> _docs =
                    new MongoClient("mongodb://localhost:27017").GetDatabase({|TI1002:"tractatus_test"|}).GetCollection<BsonDocument>("documents");

                public async Task InitializeAsync()
                {
                    await _docs.InsertOneAsync(new BsonDocument { { "slug", {|TI1001:"test-document-integration"|} }, { "title", "Test Document" } });
                }

                [Fact]
                public void Works() => Assert.NotNull(_docs);

                public async Task DisposeAsync()
                {
                    await {|TI1004:_docs.DeleteOneAsync(new BsonDocument("slug", {|TI1001:"test-document-integration"|}))|};
                }
            }
            """);
    }

    [Fact]
    public async Task Incident_poco_insert_through_a_fixture_database_is_flagged()
    {
        await VerifyTest("""
            public class Document { public string Slug { get; set; } = ""; public string Title { get; set; } = ""; }

            public sealed class DocumentTests
            {
                private readonly IMongoCollection<Document> _documents;

                public DocumentTests(SharedDatabase shared) => _documents = shared.Database.GetCollection<Document>("documents");

                [Fact]
                public async Task Creates()
                {
                    await _documents.InsertOneAsync(new Document { Slug = {|TI1001:"test-document-integration"|}, Title = "Test Document" });
                    var found = await _documents.Find(d => d.Slug == {|TI1001:"test-document-integration"|}).SingleAsync();
                    Assert.Equal("Test Document", found.Title);
                }
            }

            public sealed class SharedDatabase
            {
                public IMongoDatabase Database { get; set; } = null!;
            }
            """);
    }

    [Fact]
    public async Task Incident_tooling_session_id_and_history_file_are_flagged()
    {
        await VerifyTool("""
            public static class InstructionHistory
            {
                private const string SessionId = {|TI1003:"2025-10-07-001"|};
                private static readonly string HistoryPath = Path.Combine(Environment.CurrentDirectory, ".claude", "instruction-history.json");

                public static void Append(string instruction)
                {
                    var entries = JsonSerializer.Deserialize<List<string>>(File.ReadAllText(HistoryPath)) ?? new();
                    entries.Add(SessionId + ": " + instruction);
                    {|TI2001:{|TI2002:File.WriteAllText(HistoryPath, JsonSerializer.Serialize(entries))|}|};
                }
            }
            """);
    }
}
