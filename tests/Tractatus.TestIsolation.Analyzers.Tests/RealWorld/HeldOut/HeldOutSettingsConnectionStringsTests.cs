using static Tractatus.TestIsolation.Analyzers.Tests.RealWorld.RealWorldVerifier;

namespace Tractatus.TestIsolation.Analyzers.Tests.RealWorld.HeldOut;

/// <summary>
/// Held-out shapes of connection strings handed to the application under test as settings
/// (WebApplicationFactory overrides, environment variables, Quartz properties). Near misses:
/// placeholder databases (<c>dummy</c>, <c>fake</c>, <c>IgnoredByTests</c>), per-run values,
/// containers, other keys, and dictionaries that never become configuration.
/// </summary>
public class HeldOutSettingsConnectionStringsTests
{
    [Fact]
    public Task Flagged_in_memory_collection_dictionary_indexer_entry() => Test("""
        using Microsoft.Extensions.Configuration;

        public class AuthApiFactoryTests
        {
            [Fact]
            public void Builds_config()
            {
                var config = new ConfigurationBuilder()
                    .AddInMemoryCollection(new Dictionary<string, string?>
                    {
                        ["ConnectionStrings:DefaultConnection"] = {|TI1002:"Server=(localdb)\\mssqllocaldb;Database=FitnessAppAuthTests;Trusted_Connection=True;"|},
                        ["JwtSettings:Issuer"] = "FitnessApp.IntegrationTests",
                    })
                    .Build();
            }
        }
        """, Stubs.Settings);

    [Fact]
    public Task Flagged_in_memory_collection_add_entries_and_pairs() => Test("""
        using Microsoft.Extensions.Configuration;

        public class SettingsShapesTests
        {
            [Fact]
            public void Collection_initializer()
            {
                var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
                {
                    { "ConnectionStrings:Orders", {|TI1002:"Host=localhost;Database=orders_it;Username=app"|} },
                }).Build();
            }

            [Fact]
            public void Key_value_pairs()
            {
                var config = new ConfigurationBuilder().AddInMemoryCollection(new[]
                {
                    new KeyValuePair<string, string?>("ConnectionStrings:Billing", {|TI1002:"Host=localhost;Database=billing_it;Username=app"|}),
                }).Build();
            }
        }
        """, Stubs.Settings);

    [Fact]
    public Task Flagged_settings_dictionary_in_a_local_then_handed_over() => Test("""
        using Microsoft.AspNetCore.Hosting;
        using Microsoft.Extensions.Configuration;

        public class ApiFactory
        {
            public void ConfigureWebHost(IWebHostBuilder builder)
            {
                var settings = new Dictionary<string, string?>
                {
                    ["ConnectionStrings:Permissions"] = {|TI1002:"Server=.;Database=PermissionSystem_Test;Trusted_Connection=True"|},
                };
                settings["ConnectionStrings:Audit"] = {|TI1002:"Server=.;Database=PermissionAudit_Test;Trusted_Connection=True"|};
                builder.ConfigureAppConfiguration((context, config) => config.AddInMemoryCollection(settings));
            }
        }
        """, Stubs.Settings);

    [Fact]
    public Task Flagged_environment_variable_and_use_setting() => Test("""
        using Microsoft.AspNetCore.Hosting;

        public class GrowitFactoryTests
        {
            public GrowitFactoryTests()
            {
                Environment.SetEnvironmentVariable("ConnectionStrings__DefaultConnection",
                    {|TI1002:"Host=localhost;Port=5432;Database=growit-tests;Username=test;Password=test"|});
            }

            public void ConfigureWebHost(IWebHostBuilder builder)
            {
                builder.UseSetting("ConnectionStrings:Catalog", {|TI1002:"Host=localhost;Database=catalog-tests;Username=test"|});
                builder.UseSetting(value: {|TI1002:"Host=localhost;Database=basket-tests;Username=test"|}, key: "ConnectionStrings:Basket");
            }

            [Fact]
            public void Starts() { }
        }
        """, Stubs.Settings);

    [Fact]
    public Task Flagged_quartz_properties_and_configuration_indexer() => Test("""
        using System.Collections.Specialized;
        using Microsoft.Extensions.Configuration;

        public static class TestConstants
        {
            public static string PostgresUser => Environment.GetEnvironmentVariable("PG_USER") ?? "quartznet";
            public static string PostgresConnectionString =>
                Environment.GetEnvironmentVariable("PG_CONNECTION_STRING")
                ?? $"Server=127.0.0.1;Port=5432;Userid={PostgresUser};Password=x;Database=quartznet";
        }

        public class ClusteredSchedulerTests
        {
            [Fact]
            public void Configures()
            {
                var properties = new NameValueCollection
                {
                    ["quartz.jobStore.type"] = "Quartz.Impl.AdoJobStore.JobStoreTX, Quartz",
                    ["quartz.dataSource.default.provider"] = "Npgsql",
                    // The name is also the user's fallback, so the text that holds it is ambiguous: reported where the setting takes it.
                    ["quartz.dataSource.default.connectionString"] = {|TI1002:TestConstants.PostgresConnectionString|},
                };
            }

            public static void Overrides(IConfiguration configuration)
            {
                configuration["ConnectionStrings:Scheduler"] = {|TI1002:"Host=localhost;Database=scheduler_it"|};
            }
        }
        """, Stubs.Settings);

    [Fact]
    public Task Flagged_settings_field_and_quartz_properties_set_one_by_one() => Test("""
        using System.Collections.Specialized;
        using Microsoft.Extensions.Configuration;

        public class SchedulerFactoryTests
        {
            private readonly Dictionary<string, string?> _settings = new()
            {
                ["Scheduler:ConnectionString"] = {|TI1002:"Host=localhost;Database=scheduler_settings"|},
            };

            [Fact]
            public void Builds()
            {
                var config = new ConfigurationBuilder().AddInMemoryCollection(_settings!).Build();
                var properties = new NameValueCollection();
                properties["quartz.dataSource.default.connectionString"] = {|TI1002:"Server=127.0.0.1;Database=quartz_cluster"|};
            }
        }
        """, Stubs.Settings);

    [Fact]
    public Task Not_flagged_placeholder_databases() => Test("""
        using Microsoft.Extensions.Configuration;

        public class DummyConfigTests
        {
            [Fact]
            public void Builds_config()
            {
                var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
                {
                    ["ConnectionStrings:DefaultConnection"] = "Server=localhost;Port=3306;Database=fake;User Id=fake;Password=fake;",
                    ["ConnectionStrings:Reports"] = "Server=dummy;Database=dummy;",
                    ["ConnectionStrings:Audit"] = "Host=localhost;Database=IgnoredByTests",
                    ["ConnectionStrings:Validator"] = "Server=.;Database=x;",
                }).Build();
            }
        }
        """, Stubs.Settings);

    [Fact]
    public Task Not_flagged_per_run_values_and_containers() => Test("""
        using Microsoft.Extensions.Configuration;
        using Testcontainers.PostgreSql;

        public class ContainerSettingTests : IAsyncLifetime
        {
            private readonly PostgreSqlContainer _pg = new PostgreSqlBuilder().WithDatabase("cmsify").Build();

            public async Task InitializeAsync()
            {
                await _pg.StartAsync();
                Environment.SetEnvironmentVariable("ConnectionStrings__Cmsify", _pg.GetConnectionString());
            }

            public Task DisposeAsync() => _pg.DisposeAsync().AsTask();

            [Fact]
            public void Builds_config()
            {
                var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
                {
                    ["Database:Provider"] = "InMemory",
                    ["ConnectionStrings:Default"] = "Host=localhost;Database=IntegrationTestDb_" + Guid.NewGuid(),
                }).Build();
            }
        }
        """, Stubs.Settings, Stubs.TestcontainersPostgres);

    [Fact]
    public Task Not_flagged_other_keys_and_in_memory_sqlite() => Test("""
        using Microsoft.Extensions.Configuration;

        public class OtherKeysTests
        {
            [Fact]
            public void Builds_config()
            {
                var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
                {
                    ["Seed:Description"] = "Host=localhost;Database=docs_example",
                    ["ConnectionStrings:Cache"] = "Data Source=:memory:",
                }).Build();
                Environment.SetEnvironmentVariable("APP_BANNER", "Database=banner");
            }
        }
        """, Stubs.Settings);

    [Fact]
    public Task Not_flagged_dictionary_that_never_becomes_configuration() => Test("""
        public class ParserTests
        {
            [Fact]
            public void Parses()
            {
                var expected = new Dictionary<string, string>
                {
                    ["ConnectionStrings:Main"] = "Host=localhost;Database=parsed_only",
                };
                Assert.Single(expected);
            }
        }
        """);

    [Fact]
    public Task Not_flagged_environment_variable_from_configuration() => Test("""
        public class ForwardedSettingTests
        {
            public ForwardedSettingTests()
            {
                Environment.SetEnvironmentVariable("ConnectionStrings__Main", Environment.GetEnvironmentVariable("CI_PG_CONNECTION"));
            }

            [Fact]
            public void Runs() { }
        }
        """);
}
