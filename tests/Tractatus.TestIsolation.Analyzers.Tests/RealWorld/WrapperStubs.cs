using Microsoft.CodeAnalysis;

namespace Tractatus.TestIsolation.Analyzers.Tests.RealWorld;

/// <summary>
/// Stand-ins for libraries that take a database or schema name themselves (MongoDB.Entities,
/// Hangfire, RavenDB, Marten, Wolverine) and for the settings APIs applications read connection
/// strings from (Microsoft.Extensions.Configuration, ASP.NET Core's <c>UseSetting</c>), with the
/// real namespaces, type, member and parameter names.
/// </summary>
internal static partial class Stubs
{
    /// <summary>MongoDB.Entities: <c>DB.InitAsync(database, …)</c> and <c>new DBContext(database, …)</c>.</summary>
    public static MetadataReference MongoDbEntities { get; } = Compile("MongoDB.Entities", """
        namespace MongoDB.Entities
        {
            using System.Threading.Tasks;
            using MongoDB.Driver;

            public class DB
            {
                public static Task<DB> InitAsync(string database, string host = "127.0.0.1", int port = 27017) => Task.FromResult(new DB());
                public static Task<DB> InitAsync(string database, MongoClientSettings settings) => Task.FromResult(new DB());
            }

            public class DBContext
            {
                public DBContext(string database, string host = "127.0.0.1", int port = 27017) { }
                public DBContext(string database, MongoClientSettings settings) { }
            }
        }
        """);

    /// <summary>Hangfire.Mongo: <c>new MongoStorage(settings, databaseName, options)</c>, <c>new HangfireDbContext(connectionString, databaseName)</c>.</summary>
    public static MetadataReference HangfireMongo { get; } = Compile("Hangfire.Mongo", """
        namespace Hangfire.Mongo
        {
            using MongoDB.Driver;

            public class MongoStorageOptions { }

            public class MongoStorage
            {
                public MongoStorage(MongoClientSettings mongoClientSettings, string databaseName, MongoStorageOptions storageOptions) { }
                public MongoStorage(IMongoClient mongoClient, string databaseName, MongoStorageOptions storageOptions) { }
            }
        }

        namespace Hangfire.Mongo.Database
        {
            public class HangfireDbContext
            {
                public HangfireDbContext(string connectionString, string databaseName, string prefix = "hangfire") { }
            }
        }
        """);

    /// <summary>RavenDB client: <c>DocumentStore { Urls, Database }</c>, the database declared on <c>DocumentStoreBase</c> as in the real client.</summary>
    public static MetadataReference RavenClient { get; } = Compile("Raven.Client", """
        namespace Raven.Client.Documents
        {
            public interface IDocumentStore : System.IDisposable { }

            public abstract class DocumentStoreBase : IDocumentStore
            {
                public string Database { get; set; } = "";
                public abstract void Dispose();
            }

            public class DocumentStore : DocumentStoreBase
            {
                public string[] Urls { get; set; } = System.Array.Empty<string>();
                public IDocumentStore Initialize() => this;
                public override void Dispose() { }
            }
        }
        """);

    /// <summary>Settings APIs: configuration builder with <c>AddInMemoryCollection</c>, <c>IServiceCollection</c>, <c>IWebHostBuilder.UseSetting</c>.</summary>
    public static MetadataReference Settings { get; } = Compile("Microsoft.Extensions.Configuration", """
        namespace Microsoft.Extensions.Configuration
        {
            using System.Collections.Generic;

            public interface IConfiguration
            {
                string? this[string key] { get; set; }
            }

            public interface IConfigurationRoot : IConfiguration { }

            public interface IConfigurationBuilder
            {
                IConfigurationRoot Build();
            }

            public class ConfigurationBuilder : IConfigurationBuilder
            {
                public IConfigurationRoot Build() => null!;
            }

            public class ConfigurationManager : IConfigurationBuilder, IConfigurationRoot
            {
                public string? this[string key] { get => null; set { } }
                public IConfigurationRoot Build() => this;
            }

            public static class MemoryConfigurationBuilderExtensions
            {
                public static IConfigurationBuilder AddInMemoryCollection(this IConfigurationBuilder configurationBuilder, IEnumerable<KeyValuePair<string, string?>>? initialData) => configurationBuilder;
            }

            public static class ConfigurationExtensions
            {
                public static string? GetConnectionString(this IConfiguration configuration, string name) => null;
            }
        }

        namespace Microsoft.Extensions.DependencyInjection
        {
            public interface IServiceCollection { }

            public class ServiceCollection : IServiceCollection { }
        }

        namespace Microsoft.AspNetCore.Hosting
        {
            using System;
            using Microsoft.Extensions.Configuration;
            using Microsoft.Extensions.DependencyInjection;

            public interface IWebHostBuilder
            {
                IWebHostBuilder UseSetting(string key, string? value);
                IWebHostBuilder ConfigureAppConfiguration(Action<object, IConfigurationBuilder> configureDelegate);
                IWebHostBuilder ConfigureServices(Action<IServiceCollection> configureServices);
            }
        }
        """);

    /// <summary>Marten as schema settings see it (the wipe APIs are in <c>Marten</c>): <c>StoreOptions.DatabaseSchemaName</c>, <c>Events.DatabaseSchemaName</c>, <c>DocumentStore.For</c>, <c>AddMarten</c>.</summary>
    public static MetadataReference MartenSchemaOptions { get; } = Compile("Marten", """
        namespace Marten.Events
        {
            public class EventGraph
            {
                public string DatabaseSchemaName { get; set; } = "public";
            }
        }

        namespace Marten
        {
            using System;
            using Marten.Events;
            using Microsoft.Extensions.DependencyInjection;

            public class StoreOptions
            {
                public string DatabaseSchemaName { get; set; } = "public";
                public EventGraph Events { get; } = new();
                public void Connection(string connectionString) { }
            }

            public class DocumentStore : IDisposable
            {
                public static DocumentStore For(Action<StoreOptions> configure) { configure(new StoreOptions()); return new DocumentStore(); }
                public void Dispose() { }
            }

            public static class MartenServiceCollectionExtensions
            {
                public static IServiceCollection AddMarten(this IServiceCollection services, Action<StoreOptions> configure) => services;
            }
        }
        """, Settings);

    /// <summary>Wolverine as its message-store settings see it (the admin APIs are in <c>Wolverine</c>): <c>PersistMessagesWithPostgresql(connectionString, schemaName)</c>, <c>PersistMessagesWithSqlServer(connectionString, schema)</c>.</summary>
    public static MetadataReference WolverinePersistence { get; } = Compile("Wolverine", """
        namespace Wolverine
        {
            public class WolverineOptions { }
        }

        namespace Wolverine.Postgresql
        {
            public static class PostgresqlConfigurationExtensions
            {
                public static Wolverine.WolverineOptions PersistMessagesWithPostgresql(this Wolverine.WolverineOptions options, string connectionString, string? schemaName = null) => options;
            }
        }

        namespace Wolverine.SqlServer
        {
            public static class SqlServerConfigurationExtensions
            {
                public static Wolverine.WolverineOptions PersistMessagesWithSqlServer(this Wolverine.WolverineOptions options, string connectionString, string? schema = null) => options;
            }
        }
        """);

    /// <summary>Hangfire's SQL storages: <c>PostgreSqlStorageOptions.SchemaName</c>, <c>SqlServerStorageOptions.SchemaName</c>.</summary>
    public static MetadataReference HangfireSqlStorages { get; } = Compile("Hangfire.Storages", """
        namespace Hangfire.PostgreSql
        {
            public class PostgreSqlStorageOptions
            {
                public string SchemaName { get; set; } = "hangfire";
                public bool PrepareSchemaIfNecessary { get; set; }
            }

            public class PostgreSqlStorage
            {
                public PostgreSqlStorage(string connectionString, PostgreSqlStorageOptions options) { }
            }
        }

        namespace Hangfire.SqlServer
        {
            public class SqlServerStorageOptions
            {
                public string SchemaName { get; set; } = "HangFire";
            }

            public class SqlServerStorage
            {
                public SqlServerStorage(string nameOrConnectionString, SqlServerStorageOptions options) { }
            }
        }
        """);
}
