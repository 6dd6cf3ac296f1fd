using static Tractatus.TestIsolation.Analyzers.Tests.RealWorld.RealWorldVerifier;

namespace Tractatus.TestIsolation.Analyzers.Tests.RealWorld.HeldOut;

/// <summary>
/// Held-out shapes of fixed schema names on a shared database (Marten, Wolverine, Hangfire's SQL
/// storages): a schema separates runs exactly as a database does, so a fixed one is TI1002. Near
/// misses: per-run schemas, the default schema, per-run servers, look-alike options.
/// </summary>
public class HeldOutSchemaNamesTests
{
    private static readonly Microsoft.CodeAnalysis.MetadataReference[] Critter = [Stubs.Settings, Stubs.MartenSchemaOptions, Stubs.WolverinePersistence, Stubs.HangfireSqlStorages];

    [Fact]
    public Task Flagged_marten_schema_in_document_store_for() => Test("""
        using Marten;

        public class ThingProjectionTests
        {
            [Fact]
            public void Builds_store()
            {
                using var store = DocumentStore.For(opts =>
                {
                    opts.Connection(Environment.GetEnvironmentVariable("TEST_PG")!);
                    opts.DatabaseSchemaName = {|TI1002:"things"|};
                });
            }
        }
        """, Critter);

    [Fact]
    public Task Flagged_marten_event_schema_and_a_schema_constant() => Test("""
        using Marten;

        public abstract class OneOffConfigurationsContext
        {
            protected const string SchemaName = {|TI1002:"letters"|};

            protected DocumentStore StoreOptions() => DocumentStore.For(options =>
            {
                options.Connection(Environment.GetEnvironmentVariable("TEST_PG")!);
                options.DatabaseSchemaName = SchemaName;
                options.Events.DatabaseSchemaName = {|TI1002:"events"|};
            });
        }

        public class LetterTests : OneOffConfigurationsContext
        {
            [Fact]
            public void Stores() => StoreOptions().Dispose();
        }
        """, Critter);

    [Fact]
    public Task Flagged_marten_schema_in_add_marten() => Test("""
        using Marten;
        using Microsoft.Extensions.DependencyInjection;

        public class HostTests
        {
            [Fact]
            public void Registers()
            {
                var services = new ServiceCollection();
                services.AddMarten(opts =>
                {
                    opts.Connection("Host=localhost;Database=postgres;Username=postgres");
                    opts.DatabaseSchemaName = {|TI1002:"receiver"|};
                });
            }
        }
        """, Critter);

    [Fact]
    public Task Flagged_wolverine_schema_arguments() => Test("""
        using Wolverine;
        using Wolverine.Postgresql;
        using Wolverine.SqlServer;

        public static class Servers
        {
            public static string PostgresConnectionString => Environment.GetEnvironmentVariable("WOLVERINE_POSTGRES") ?? "Host=localhost;Port=5433;Database=postgres;Username=postgres";
            public static string SqlServerConnectionString => Environment.GetEnvironmentVariable("WOLVERINE_SQLSERVER") ?? "Server=localhost;Database=master;User Id=sa";
        }

        public class Bug3353
        {
            [Fact]
            public void Configures()
            {
                var opts = new WolverineOptions();
                opts.PersistMessagesWithPostgresql(Servers.PostgresConnectionString, {|TI1002:"bug3353"|});
                opts.PersistMessagesWithSqlServer(Servers.SqlServerConnectionString, {|TI1002:"wolverine"|});
            }
        }
        """, Critter);

    [Fact]
    public Task Flagged_hangfire_storage_schema_names() => Test("""
        using Hangfire.PostgreSql;
        using Hangfire.SqlServer;

        public class StorageOptionsTests
        {
            [Fact]
            public void Postgres()
            {
                var options = new PostgreSqlStorageOptions { SchemaName = {|TI1002:"hangfire_tests"|}, PrepareSchemaIfNecessary = true };
                var storage = new PostgreSqlStorage(Environment.GetEnvironmentVariable("TEST_PG")!, options);
                var inline = new PostgreSqlStorage(Environment.GetEnvironmentVariable("TEST_PG")!, new PostgreSqlStorageOptions { SchemaName = {|TI1002:"hangfire_inline"|} });
            }

            [Fact]
            public void SqlServer()
            {
                var options = new SqlServerStorageOptions();
                options.SchemaName = {|TI1002:"HangfireTests"|};
                var storage = new SqlServerStorage(Environment.GetEnvironmentVariable("TEST_MSSQL")!, options);
            }
        }
        """, Critter);

    [Fact]
    public Task Not_flagged_marten_schema_with_a_per_run_part() => Test("""
        using Marten;

        public class PerRunSchemaTests
        {
            [Fact]
            public void Builds_store()
            {
                using var a = DocumentStore.For(opts =>
                {
                    opts.Connection(Environment.GetEnvironmentVariable("TEST_PG")!);
                    opts.DatabaseSchemaName = $"things_{Guid.NewGuid():N}";
                });
                using var b = DocumentStore.For(opts =>
                {
                    opts.Connection(Environment.GetEnvironmentVariable("TEST_PG")!);
                    opts.DatabaseSchemaName = "things_" + Environment.ProcessId;
                });
                using var c = DocumentStore.For(opts =>
                {
                    opts.Connection(Environment.GetEnvironmentVariable("TEST_PG")!);
                    opts.DatabaseSchemaName = Tractatus.TestIsolation.TestSession.Current.Unique("things");
                });
            }
        }

        namespace Tractatus.TestIsolation
        {
            public sealed class TestSession
            {
                public static TestSession Current { get; } = new();
                public string Unique(string prefix) => prefix + "_" + Guid.NewGuid().ToString("N");
            }
        }
        """, Critter);

    [Fact]
    public Task Not_flagged_marten_on_a_per_run_container() => Test("""
        using Marten;
        using Testcontainers.PostgreSql;

        public class ContainerStoreTests : IAsyncLifetime
        {
            private readonly PostgreSqlContainer _pg = new PostgreSqlBuilder().Build();

            public Task InitializeAsync() => _pg.StartAsync();

            public Task DisposeAsync() => _pg.DisposeAsync().AsTask();

            [Fact]
            public void Builds_store()
            {
                using var store = DocumentStore.For(opts =>
                {
                    opts.Connection(_pg.GetConnectionString());
                    opts.DatabaseSchemaName = "things";
                });
            }
        }
        """, [.. Critter, Stubs.TestcontainersPostgres]);

    [Fact]
    public Task Not_flagged_hangfire_options_handed_to_a_storage_on_a_per_run_container() => Test("""
        using Hangfire.PostgreSql;
        using Marten;
        using Testcontainers.PostgreSql;

        public class StorageFixture : IAsyncLifetime
        {
            private readonly PostgreSqlContainer _pg = new PostgreSqlBuilder().Build();

            public string ConnectionString { get; private set; } = "";

            public async Task InitializeAsync()
            {
                await _pg.StartAsync();
                ConnectionString = _pg.GetConnectionString();
            }

            public Task DisposeAsync() => _pg.DisposeAsync().AsTask();
        }

        public class StorageTests : IClassFixture<StorageFixture>
        {
            private readonly StorageFixture _fixture;

            public StorageTests(StorageFixture fixture) => _fixture = fixture;

            [Fact]
            public void Creates()
            {
                var storage = new PostgreSqlStorage(_fixture.ConnectionString, new PostgreSqlStorageOptions { SchemaName = "hangfire_tests" });
                using var store = DocumentStore.For(opts =>
                {
                    opts.Connection(_fixture.ConnectionString);
                    opts.DatabaseSchemaName = "things";
                });
            }
        }
        """, [.. Critter, Stubs.TestcontainersPostgres]);

    [Fact]
    public Task Not_flagged_wolverine_on_a_per_run_container() => Test("""
        using Testcontainers.PostgreSql;
        using Wolverine;
        using Wolverine.Postgresql;

        public class ContainerWolverineTests
        {
            private static readonly PostgreSqlContainer Pg = new PostgreSqlBuilder().Build();

            [Fact]
            public void Configures()
            {
                var opts = new WolverineOptions();
                opts.PersistMessagesWithPostgresql(Pg.GetConnectionString(), "bug3353");
            }
        }
        """, [.. Critter, Stubs.TestcontainersPostgres]);

    [Fact]
    public Task Not_flagged_default_schema_and_omitted_schema() => Test("""
        using Hangfire.SqlServer;
        using Marten;
        using Wolverine;
        using Wolverine.Postgresql;

        public class DefaultSchemaTests
        {
            [Fact]
            public void Configures()
            {
                using var store = DocumentStore.For(opts =>
                {
                    opts.Connection(Environment.GetEnvironmentVariable("TEST_PG")!);
                    opts.DatabaseSchemaName = "public";
                });
                new WolverineOptions().PersistMessagesWithPostgresql(Environment.GetEnvironmentVariable("TEST_PG")!);
                var options = new SqlServerStorageOptions { SchemaName = "dbo" };
            }
        }
        """, Critter);

    [Fact]
    public Task Not_flagged_schema_from_configuration_or_a_look_alike_options_type() => Test("""
        using Marten;

        public class ReportOptions
        {
            public string DatabaseSchemaName { get; set; } = "";
            public string SchemaName { get; set; } = "";
        }

        public class ConfiguredSchemaTests
        {
            [Fact]
            public void Configures()
            {
                using var store = DocumentStore.For(opts =>
                {
                    opts.Connection(Environment.GetEnvironmentVariable("TEST_PG")!);
                    opts.DatabaseSchemaName = Environment.GetEnvironmentVariable("TEST_SCHEMA")!;
                });
                var report = new ReportOptions { DatabaseSchemaName = "reports", SchemaName = "reports" };
            }
        }
        """, Critter);
}
