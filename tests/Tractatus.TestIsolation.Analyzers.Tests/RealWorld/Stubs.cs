using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Tractatus.TestIsolation.Analyzers.Tests.Verifiers;

namespace Tractatus.TestIsolation.Analyzers.Tests.RealWorld;

/// <summary>
/// Stand-ins for libraries the test project does not carry, compiled into assemblies with the
/// real names and the real namespaces and type names, so the rules see them as they would in a
/// user's project. Built once per test run.
/// </summary>
internal static partial class Stubs
{
    private static readonly Lazy<MetadataReference> LazyNpgsqlEf = new(() => EfProvider("Npgsql.EntityFrameworkCore.PostgreSQL", "NpgsqlDbContextOptionsBuilderExtensions", "UseNpgsql"));
    private static readonly Lazy<MetadataReference> LazySqlServerEf = new(() => EfProvider("Microsoft.EntityFrameworkCore.SqlServer", "SqlServerDbContextOptionsExtensions", "UseSqlServer"));
    private static readonly Lazy<MetadataReference> LazySqliteEf = new(() => EfProvider("Microsoft.EntityFrameworkCore.Sqlite", "SqliteDbContextOptionsBuilderExtensions", "UseSqlite"));
    private static readonly Lazy<MetadataReference> LazyInMemoryEf = new(() => EfProvider("Microsoft.EntityFrameworkCore.InMemory", "InMemoryDbContextOptionsExtensions", "UseInMemoryDatabase"));

    /// <summary>Npgsql's EF Core provider: <c>UseNpgsql(string)</c>.</summary>
    public static MetadataReference NpgsqlEf => LazyNpgsqlEf.Value;

    /// <summary>The SQL Server EF Core provider: <c>UseSqlServer(string)</c>.</summary>
    public static MetadataReference SqlServerEf => LazySqlServerEf.Value;

    /// <summary>The SQLite EF Core provider: <c>UseSqlite(string)</c>.</summary>
    public static MetadataReference SqliteEf => LazySqliteEf.Value;

    /// <summary>The EF Core in-memory provider: <c>UseInMemoryDatabase(string)</c>.</summary>
    public static MetadataReference InMemoryEf => LazyInMemoryEf.Value;

    /// <summary>
    /// EF Core's relational extensions (<c>Microsoft.EntityFrameworkCore.Relational</c>): raw SQL on
    /// <c>DatabaseFacade</c> and <c>FromSqlRaw</c>, with the real parameter names.
    /// </summary>
    public static MetadataReference EfRelational { get; } = Compile("Microsoft.EntityFrameworkCore.Relational", """
        namespace Microsoft.EntityFrameworkCore
        {
            using System;
            using System.Linq;
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.EntityFrameworkCore.Infrastructure;

            public static class RelationalDatabaseFacadeExtensions
            {
                public static int ExecuteSqlRaw(this DatabaseFacade databaseFacade, string sql, params object[] parameters) => 0;
                public static Task<int> ExecuteSqlRawAsync(this DatabaseFacade databaseFacade, string sql, params object[] parameters) => Task.FromResult(0);
                public static Task<int> ExecuteSqlRawAsync(this DatabaseFacade databaseFacade, string sql, CancellationToken cancellationToken = default) => Task.FromResult(0);
                public static int ExecuteSqlInterpolated(this DatabaseFacade databaseFacade, FormattableString sql) => 0;
                public static Task<int> ExecuteSqlInterpolatedAsync(this DatabaseFacade databaseFacade, FormattableString sql, CancellationToken cancellationToken = default) => Task.FromResult(0);
                public static int ExecuteSql(this DatabaseFacade databaseFacade, FormattableString sql) => 0;
                public static Task<int> ExecuteSqlAsync(this DatabaseFacade databaseFacade, FormattableString sql, CancellationToken cancellationToken = default) => Task.FromResult(0);
            }

            public static class RelationalQueryableExtensions
            {
                public static IQueryable<TEntity> FromSqlRaw<TEntity>(this DbSet<TEntity> source, string sql, params object[] parameters) where TEntity : class => source;
                public static IQueryable<TEntity> FromSqlInterpolated<TEntity>(this DbSet<TEntity> source, FormattableString sql) where TEntity : class => source;
            }
        }
        """);

    /// <summary>Testcontainers.PostgreSql: builder with WithDatabase/WithReuse, container with GetConnectionString.</summary>
    public static MetadataReference TestcontainersPostgres { get; } = Compile("Testcontainers.PostgreSql", """
        namespace Testcontainers.PostgreSql
        {
            using System.Threading.Tasks;

            public sealed class PostgreSqlContainer : System.IAsyncDisposable
            {
                public Task StartAsync() => Task.CompletedTask;
                public string GetConnectionString() => "Host=127.0.0.1;Port=49153;Database=postgres;Username=postgres;Password=postgres";
                public ValueTask DisposeAsync() => default;
            }

            public sealed class PostgreSqlBuilder
            {
                public PostgreSqlBuilder() { }
                public PostgreSqlBuilder(string image) { }
                public PostgreSqlBuilder WithImage(string image) => this;
                public PostgreSqlBuilder WithDatabase(string database) => this;
                public PostgreSqlBuilder WithUsername(string username) => this;
                public PostgreSqlBuilder WithPassword(string password) => this;
                public PostgreSqlBuilder WithReuse(bool reuse) => this;
                public PostgreSqlBuilder WithName(string name) => this;
                public PostgreSqlContainer Build() => new();
            }
        }
        """);

    /// <summary>Testcontainers.MongoDb.</summary>
    public static MetadataReference TestcontainersMongo { get; } = Compile("Testcontainers.MongoDb", """
        namespace Testcontainers.MongoDb
        {
            using System.Threading.Tasks;

            public sealed class MongoDbContainer : System.IAsyncDisposable
            {
                public Task StartAsync() => Task.CompletedTask;
                public string GetConnectionString() => "mongodb://mongo:mongo@127.0.0.1:49154";
                public ValueTask DisposeAsync() => default;
            }

            public sealed class MongoDbBuilder
            {
                public MongoDbBuilder WithImage(string image) => this;
                public MongoDbBuilder WithReuse(bool reuse) => this;
                public MongoDbContainer Build() => new();
            }
        }
        """);

    /// <summary>Mongo2Go: a mongod per runner.</summary>
    public static MetadataReference Mongo2Go { get; } = Compile("Mongo2Go", """
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

    /// <summary>TUnit.Core hooks: <c>[Before(HookType.Test)]</c>, <c>[After(HookType.Test)]</c>, <c>[Test]</c>.</summary>
    public static MetadataReference TUnit { get; } = Compile("TUnit.Core", """
        namespace TUnit.Core
        {
            using System;

            public enum HookType { Test, Class, Assembly, TestSession, TestDiscovery }

            [AttributeUsage(AttributeTargets.Method)]
            public sealed class BeforeAttribute : Attribute { public BeforeAttribute(HookType type) { } }

            [AttributeUsage(AttributeTargets.Method)]
            public sealed class AfterAttribute : Attribute { public AfterAttribute(HookType type) { } }

            [AttributeUsage(AttributeTargets.Method)]
            public sealed class BeforeEveryAttribute : Attribute { public BeforeEveryAttribute(HookType type) { } }

            [AttributeUsage(AttributeTargets.Method)]
            public sealed class TestAttribute : Attribute { }
        }
        """);

    /// <summary>MSTest's TestContext (ClassInitialize / AssemblyInitialize take one), shipped next to this test assembly.</summary>
    public static MetadataReference MSTestExtensions { get; } = MetadataReference.CreateFromFile(
        Path.Combine(AppContext.BaseDirectory, "Microsoft.VisualStudio.TestPlatform.TestFramework.Extensions.dll"));

    /// <summary>Respawn: resets a database by deleting rows in dependency order.</summary>
    public static MetadataReference Respawn { get; } = Compile("Respawn", """
        namespace Respawn
        {
            using System.Data.Common;
            using System.Threading.Tasks;

            public sealed class RespawnerOptions
            {
                public string[] SchemasToInclude { get; set; } = [];
                public string[] TablesToIgnore { get; set; } = [];
            }

            public sealed class Respawner
            {
                public static Task<Respawner> CreateAsync(DbConnection connection, RespawnerOptions? options = null) => Task.FromResult(new Respawner());
                public static Task<Respawner> CreateAsync(string connectionString, RespawnerOptions? options = null) => Task.FromResult(new Respawner());
                public Task ResetAsync(DbConnection connection) => Task.CompletedTask;
                public Task ResetAsync(string connectionString) => Task.CompletedTask;
            }
        }
        """);

    // EF Core provider entry points on both options builders, in an assembly with the provider's name.
    /// <summary>
    /// A job-storage library that, like Hangfire.SqlServer and Hangfire.PostgreSql, compiles internal copies of
    /// Dapper's types into itself: the suite then sees two <c>Dapper.SqlMapper</c> definitions.
    /// </summary>
    public static MetadataReference EmbeddedDapper { get; } = Compile("Hangfire.SqlServer", """
        namespace Dapper
        {
            internal static class SqlMapper
            {
                public static int Execute(this System.Data.IDbConnection cnn, string sql, object? param = null) => 0;
            }

            internal sealed class CommandDefinition { }
        }

        namespace Hangfire.SqlServer
        {
            public sealed class SqlServerStorageOptions { }
        }
        """);

    /// <summary>Aspire's testing host: an app whose resources (database containers) are started for the run.</summary>
    public static MetadataReference AspireTesting { get; } = Compile("Aspire.Hosting.Testing", """
        namespace Aspire.Hosting
        {
            using System.Threading.Tasks;

            public sealed class DistributedApplication : System.IAsyncDisposable
            {
                public Task StartAsync() => Task.CompletedTask;
                public ValueTask DisposeAsync() => default;
            }
        }

        namespace Aspire.Hosting.Testing
        {
            using System.Threading.Tasks;

            public static class DistributedApplicationHostingTestingExtensions
            {
                public static ValueTask<string?> GetConnectionStringAsync(this Aspire.Hosting.DistributedApplication app, string resourceName) => new("");
            }

            public static class DistributedApplicationTestingBuilder
            {
                public static Task<Aspire.Hosting.DistributedApplication> CreateAsync() => Task.FromResult(new Aspire.Hosting.DistributedApplication());
            }
        }
        """);

    private static MetadataReference EfProvider(string assembly, string type, string method) => Compile(assembly, $$"""
        namespace Microsoft.EntityFrameworkCore
        {
            public static class {{type}}
            {
                public static DbContextOptionsBuilder {{method}}(this DbContextOptionsBuilder builder, string connectionStringOrName) => builder;
                public static DbContextOptionsBuilder<T> {{method}}<T>(this DbContextOptionsBuilder<T> builder, string connectionStringOrName) where T : DbContext => builder;
            }
        }
        """);

    private static MetadataReference Compile(string name, string source, params MetadataReference[] references)
    {
        var compilation = CSharpCompilation.Create(
            name,
            [CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.CSharp12))],
            AnalyzerVerifier<Tractatus.TestIsolation.Analyzers.Rules.FixedTestDataIdentifierAnalyzer>.ReferencesFor(TestProject.NonTest).AddRange(references),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        if (!result.Success)
        {
            throw new InvalidOperationException("Could not build the stand-in " + name + ": " + string.Join("; ", result.Diagnostics));
        }

        return MetadataReference.CreateFromImage(stream.ToArray());
    }
}
