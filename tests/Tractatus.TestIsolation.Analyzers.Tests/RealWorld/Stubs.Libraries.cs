using Microsoft.CodeAnalysis;

namespace Tractatus.TestIsolation.Analyzers.Tests.RealWorld;

/// <summary>
/// Stand-ins for the storage libraries whose wipe APIs TI1004 knows (Marten, Wolverine, Weasel,
/// StackExchange.Redis, Quartz.NET, NEventStore) and for Testcontainers.Redis, with the real
/// assembly, namespace, type and member names (and the generic host's <c>IHost</c> and Oakton's
/// <c>ResetResourceState</c>, which Wolverine suites call). Built on first use.
/// </summary>
internal static partial class Stubs
{
    private static readonly Lazy<MetadataReference> LazyMarten = new(() => Compile("Marten", """
        namespace Marten
        {
            using System;
            using System.Threading;
            using System.Threading.Tasks;

            public interface IDocumentCleaner
            {
                void CompletelyRemoveAll();
                Task CompletelyRemoveAllAsync(CancellationToken token = default);
                void DeleteAllDocuments();
                Task DeleteAllDocumentsAsync(CancellationToken token = default);
                Task DeleteDocumentsByTypeAsync(Type documentType, CancellationToken token = default);
                Task DeleteAllEventDataAsync(CancellationToken token = default);
            }

            public class AdvancedOperations
            {
                public IDocumentCleaner Clean { get; } = null!;
                public Task ResetAllData(CancellationToken token = default) => Task.CompletedTask;
            }

            public interface IDocumentStore : IDisposable
            {
                AdvancedOperations Advanced { get; }
            }

            public class StoreOptions
            {
                public string DatabaseSchemaName { get; set; } = "public";
                public void Connection(string connectionString) { }
            }

            public class DocumentStore : IDocumentStore
            {
                public AdvancedOperations Advanced { get; } = new();
                public static DocumentStore For(string connectionString) => new();
                public static DocumentStore For(Action<StoreOptions> configure) => new();
                public void Dispose() { }
            }

            public static class TestingExtensions
            {
                public static Task CleanAllMartenDataAsync(this Microsoft.Extensions.Hosting.IHost host) => Task.CompletedTask;
                public static Task ResetAllMartenDataAsync(this Microsoft.Extensions.Hosting.IHost host) => Task.CompletedTask;
            }
        }
        """, Hosting));

    // The generic host, which these tests do not otherwise reference.
    private static readonly Lazy<MetadataReference> LazyHosting = new(() => Compile("Microsoft.Extensions.Hosting.Abstractions", """
        namespace Microsoft.Extensions.Hosting
        {
            public interface IHost : System.IDisposable
            {
                System.IServiceProvider Services { get; }
            }
        }
        """));

    private static readonly Lazy<MetadataReference> LazyOakton = new(() => Compile("Oakton", """
        namespace Oakton.Resources
        {
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.Extensions.Hosting;

            public static class ResourceHostExtensions
            {
                public static Task ResetResourceState(this IHost host, CancellationToken cancellation = default) => Task.CompletedTask;
            }
        }
        """, Hosting));

    private static readonly Lazy<MetadataReference> LazyWolverine = new(() => Compile("Wolverine", """
        namespace Wolverine.Persistence.Durability
        {
            using System.Threading.Tasks;

            public interface IMessageStoreAdmin
            {
                Task ClearAllAsync();
                Task RebuildAsync();
            }

            public interface IMessageStore
            {
                IMessageStoreAdmin Admin { get; }
            }
        }
        """));

    private static readonly Lazy<MetadataReference> LazyWeasel = new(() => Compile("Weasel.Postgresql", """
        namespace Weasel.Postgresql
        {
            using System.Threading;
            using System.Threading.Tasks;
            using Npgsql;

            public static class SchemaObjectsExtensions
            {
                public static Task DropSchemaAsync(this NpgsqlConnection conn, string schemaName, CancellationToken ct = default) => Task.CompletedTask;
            }
        }
        """));

    private static readonly Lazy<MetadataReference> LazyRedis = new(() => Compile("StackExchange.Redis", """
        namespace StackExchange.Redis
        {
            using System;
            using System.Threading.Tasks;

            public enum CommandFlags { None = 0 }

            public interface IServer
            {
                void FlushDatabase(int database = -1, CommandFlags flags = CommandFlags.None);
                Task FlushDatabaseAsync(int database = -1, CommandFlags flags = CommandFlags.None);
                void FlushAllDatabases(CommandFlags flags = CommandFlags.None);
                Task FlushAllDatabasesAsync(CommandFlags flags = CommandFlags.None);
            }

            public interface IDatabase
            {
                bool StringSet(string key, string value);
            }

            public sealed class ConnectionMultiplexer : IDisposable
            {
                public static ConnectionMultiplexer Connect(string configuration) => new();
                public static Task<ConnectionMultiplexer> ConnectAsync(string configuration) => Task.FromResult(new ConnectionMultiplexer());
                public IServer GetServer(string host, int port) => null!;
                public IServer GetServer(string hostAndPort) => null!;
                public IDatabase GetDatabase(int db = -1) => null!;
                public void Dispose() { }
            }
        }
        """));

    private static readonly Lazy<MetadataReference> LazyTestcontainersRedis = new(() => Compile("Testcontainers.Redis", """
        namespace Testcontainers.Redis
        {
            using System.Threading.Tasks;

            public sealed class RedisContainer : System.IAsyncDisposable
            {
                public Task StartAsync() => Task.CompletedTask;
                public string GetConnectionString() => "127.0.0.1:49160";
                public ValueTask DisposeAsync() => default;
            }

            public sealed class RedisBuilder
            {
                public RedisBuilder WithReuse(bool reuse) => this;
                public RedisContainer Build() => new();
            }
        }
        """));

    private static readonly Lazy<MetadataReference> LazyQuartz = new(() => Compile("Quartz", """
        namespace Quartz
        {
            using System.Threading;
            using System.Threading.Tasks;

            public interface IScheduler
            {
                Task Clear(CancellationToken cancellationToken = default);
                Task Start(CancellationToken cancellationToken = default);
                Task Shutdown(CancellationToken cancellationToken = default);
            }

            public interface ISchedulerFactory
            {
                Task<IScheduler> GetScheduler(CancellationToken cancellationToken = default);
            }
        }

        namespace Quartz.Impl
        {
            using System.Collections.Specialized;
            using System.Threading;
            using System.Threading.Tasks;

            public class StdSchedulerFactory : ISchedulerFactory
            {
                public StdSchedulerFactory() { }
                public StdSchedulerFactory(NameValueCollection props) { }
                public Task<IScheduler> GetScheduler(CancellationToken cancellationToken = default) => Task.FromResult<IScheduler>(null!);
            }
        }
        """));

    private static readonly Lazy<MetadataReference> LazyNEventStore = new(() => Compile("NEventStore", """
        namespace NEventStore.Persistence
        {
            public interface IPersistStreams : System.IDisposable
            {
                void Initialize();
                void Drop();
                void Purge();
                void Purge(string bucketId);
            }
        }

        namespace NEventStore
        {
            using NEventStore.Persistence;

            public interface IStoreEvents : System.IDisposable
            {
                IPersistStreams Advanced { get; }
            }

            public class Wireup
            {
                public static Wireup Init() => new();
                public Wireup UsingInMemoryPersistence() => this;
                public IStoreEvents Build() => null!;
            }
        }
        """));

    /// <summary>Marten: <c>IDocumentStore.Advanced.Clean</c> (IDocumentCleaner), <c>ResetAllData</c>, <c>DocumentStore.For</c>.</summary>
    public static MetadataReference Marten => LazyMarten.Value;

    /// <summary>Microsoft.Extensions.Hosting.Abstractions: <c>IHost</c>.</summary>
    public static MetadataReference Hosting => LazyHosting.Value;

    /// <summary>Oakton (Wolverine's and Marten's command line): <c>host.ResetResourceState()</c>.</summary>
    public static MetadataReference Oakton => LazyOakton.Value;

    /// <summary>Wolverine: <c>IMessageStore.Admin</c> with <c>ClearAllAsync</c> and <c>RebuildAsync</c>.</summary>
    public static MetadataReference Wolverine => LazyWolverine.Value;

    /// <summary>Weasel.Postgresql: <c>DropSchemaAsync</c> on a connection.</summary>
    public static MetadataReference Weasel => LazyWeasel.Value;

    /// <summary>StackExchange.Redis: <c>ConnectionMultiplexer</c>, <c>IServer.FlushDatabase</c>/<c>FlushAllDatabases</c>.</summary>
    public static MetadataReference Redis => LazyRedis.Value;

    /// <summary>Testcontainers.Redis: a Redis server per run.</summary>
    public static MetadataReference TestcontainersRedis => LazyTestcontainersRedis.Value;

    /// <summary>Quartz.NET: <c>IScheduler.Clear</c>, <c>StdSchedulerFactory</c>.</summary>
    public static MetadataReference Quartz => LazyQuartz.Value;

    /// <summary>NEventStore: <c>IPersistStreams.Drop</c>/<c>Purge</c>, <c>Wireup</c>.</summary>
    public static MetadataReference NEventStore => LazyNEventStore.Value;
}
