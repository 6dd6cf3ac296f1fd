using static Tractatus.TestIsolation.Analyzers.Tests.RealWorld.RealWorldVerifier;

namespace Tractatus.TestIsolation.Analyzers.Tests.RealWorld;

/// <summary>
/// Issue 8, point 4: EF Core against real providers (<c>UseNpgsql</c>, <c>UseSqlServer</c>,
/// <c>UseSqlite</c> on a file, a context built in a fixture): <c>Add</c>, <c>AddRange</c>,
/// <c>Attach</c>, <c>Update</c> and <c>Set&lt;T&gt;()</c> of entities with fixed identifiers. Only
/// per-test or in-memory stores are exempt.
/// </summary>
public class Point4EfCoreProvidersTests
{
    private const string Pending = "Pending: issue 8 point 4 — ";

    private const string Model = """

        public class Customer
        {
            public int Number { get; set; }
            public string Code { get; set; } = "";
            public string Name { get; set; } = "";
        }

        public class Product
        {
            public string Slug { get; set; } = "";
            public string Title { get; set; } = "";
        }

        public class ShopDb : DbContext
        {
            public ShopDb(DbContextOptions<ShopDb> options) : base(options) { }
            public DbSet<Customer> Customers => Set<Customer>();
            public DbSet<Product> Products => Set<Product>();
        }
        """;

    // Modelled on EF Core integration fixtures (eShop-style) that build a context with UseNpgsql in a class fixture.
    [Fact]
    public Task Add_through_a_npgsql_context_from_a_fixture_is_flagged() => Run(new("""
        public class CustomerTests : IClassFixture<ShopFixture>
        {
            private readonly ShopFixture _fixture;

            public CustomerTests(ShopFixture fixture) => _fixture = fixture;

            [Fact]
            public async Task Registers()
            {
                await using var db = _fixture.CreateContext();
                db.Customers.Add(new Customer { Code = {|TI1001:"C-100"|}, Name = "Contoso" });
                await db.SaveChangesAsync();
            }
        }
        """ + Model)
    {
        References = [Stubs.NpgsqlEf],
        Files = [("ShopFixture.cs", """
            public sealed class ShopFixture
            {
                private readonly string _connectionString = Environment.GetEnvironmentVariable("SHOP_DB")!;

                public ShopDb CreateContext() => new(new DbContextOptionsBuilder<ShopDb>().UseNpgsql(_connectionString).Options);
            }
            """)],
    });

    [Fact]
    public Task AddRange_through_Set_on_a_sql_server_context_is_flagged() => Run(new("""
        public class SeedTests
        {
            private static ShopDb Create() =>
                new(new DbContextOptionsBuilder<ShopDb>().UseSqlServer(Environment.GetEnvironmentVariable("SQL_TESTS")!).Options);

            [Fact]
            public void Seeds()
            {
                using var db = Create();
                db.Set<Customer>().AddRange(new Customer { Code = {|TI1001:"acme"|} }, new Customer { Code = {|TI1001:"globex"|} });
                db.SaveChanges();
            }
        }
        """ + Model) { References = [Stubs.SqlServerEf] });

    [Fact]
    public Task Attach_and_update_of_fixed_slugs_are_flagged() => Run(new("""
        public class CatalogTests
        {
            private readonly ShopDb _db =
                new(new DbContextOptionsBuilder<ShopDb>().UseNpgsql(Environment.GetEnvironmentVariable("SHOP_DB")!).Options);

            [Fact]
            public void Renames()
            {
                _db.Attach(new Product { Slug = {|TI1001:"sku-100"|}, Title = "Old" });
                _db.Update(new Product { Slug = {|TI1001:"sku-200"|}, Title = "New" });
                _db.SaveChanges();
            }
        }
        """ + Model) { References = [Stubs.NpgsqlEf] });

    [Fact]
    public Task Sqlite_file_shared_by_every_run_is_flagged() => Run(new("""
        public class LocalFileTests
        {
            [Fact]
            public void Adds()
            {
                using var db = new ShopDb(new DbContextOptionsBuilder<ShopDb>().UseSqlite({|TI1002:"Data Source=shop-tests.db"|}).Options);
                db.Database.EnsureCreated();
                db.Products.Add(new Product { Slug = {|TI1001:"sku-1"|}, Title = "Widget" });
                db.SaveChanges();
            }
        }
        """ + Model) { References = [Stubs.SqliteEf] });

    // Modelled on contexts that configure themselves in OnConfiguring (common in smaller apps' test projects).
    [Fact]
    public Task Context_configuring_itself_with_npgsql_is_flagged() => Run(new("""
        public class LegacyDb : DbContext
        {
            public DbSet<Customer> Customers => Set<Customer>();

            protected override void OnConfiguring(DbContextOptionsBuilder options) =>
                options.UseNpgsql(Environment.GetEnvironmentVariable("LEGACY_DB")!);
        }

        public class LegacyTests
        {
            [Fact]
            public async Task Adds()
            {
                await using var db = new LegacyDb();
                await db.Customers.AddAsync(new Customer { Code = {|TI1001:"legacy-1"|}, Name = "Legacy" });
                await db.SaveChangesAsync();
            }
        }
        """ + Model) { References = [Stubs.NpgsqlEf] });

    // ---- not flagged ---------------------------------------------------------------------------

    [Fact]
    public Task In_memory_database_with_fixed_codes_is_not_flagged() => Run(new("""
        public class InMemoryTests
        {
            [Fact]
            public void Adds()
            {
                using var db = new ShopDb(new DbContextOptionsBuilder<ShopDb>().UseInMemoryDatabase("ShopTests").Options);
                db.Customers.Add(new Customer { Code = "C-100", Name = "Contoso" });
                db.Set<Product>().AddRange(new Product { Slug = "sku-1" });
                db.SaveChanges();
            }
        }
        """ + Model) { References = [Stubs.InMemoryEf, Stubs.NpgsqlEf] });

    [Fact]
    public Task Sqlite_in_memory_context_is_not_flagged() => Run(new("""
        public class SqliteMemoryTests
        {
            [Fact]
            public void Adds()
            {
                using var db = new ShopDb(new DbContextOptionsBuilder<ShopDb>().UseSqlite("Data Source=:memory:").Options);
                db.Database.EnsureCreated();
                db.Products.Add(new Product { Slug = "sku-1", Title = "Widget" });
                db.SaveChanges();
            }
        }
        """ + Model) { References = [Stubs.SqliteEf] });

    [Fact]
    public Task Npgsql_database_named_per_run_is_not_flagged() => Run(new("""
        public sealed class PerRunDatabaseTests : IDisposable
        {
            private readonly ShopDb _db = new(new DbContextOptionsBuilder<ShopDb>()
                .UseNpgsql($"Host=localhost;Username=postgres;Database=shop_{Guid.NewGuid():N}").Options);

            public PerRunDatabaseTests() => _db.Database.EnsureCreated();

            [Fact]
            public void Adds()
            {
                _db.Customers.Add(new Customer { Code = "C-100", Name = "Contoso" });
                _db.SaveChanges();
            }

            public void Dispose() => _db.Database.EnsureDeleted();
        }
        """ + Model) { References = [Stubs.NpgsqlEf] });

    [Fact]
    public Task Entities_with_per_run_identifiers_and_fixed_titles_are_not_flagged() => Run(new("""
        public class ProductTests
        {
            private readonly ShopDb _db =
                new(new DbContextOptionsBuilder<ShopDb>().UseNpgsql(Environment.GetEnvironmentVariable("SHOP_DB")!).Options);

            [Fact]
            public void Adds()
            {
                _db.Products.Add(new Product { Slug = $"sku-{Guid.NewGuid():N}", Title = "Widget" });
                _db.Customers.Add(new Customer { Number = 42, Code = Guid.NewGuid().ToString(), Name = "Contoso" });
                _db.SaveChanges();
            }
        }
        """ + Model) { References = [Stubs.NpgsqlEf] });

    [Fact]
    public Task Queries_by_fixed_codes_are_not_writes() => Run(new("""
        public class QueryTests
        {
            private readonly ShopDb _db =
                new(new DbContextOptionsBuilder<ShopDb>().UseNpgsql(Environment.GetEnvironmentVariable("SHOP_DB")!).Options);

            [Fact]
            public void Finds()
            {
                var customer = _db.Customers.SingleOrDefault(c => c.Code == "C-100");
                var any = _db.Set<Product>().Any(p => p.Slug == "sku-1");
                Assert.True(customer is null || any || !any);
            }
        }
        """ + Model) { References = [Stubs.NpgsqlEf] });

    [Fact]
    public Task Sqlite_file_per_run_is_not_flagged() => Run(new("""
        public sealed class SqliteFileTests : IDisposable
        {
            private readonly string _path = Path.Combine(Path.GetTempPath(), $"shop-{Guid.NewGuid():N}.db");

            [Fact]
            public void Adds()
            {
                using var db = new ShopDb(new DbContextOptionsBuilder<ShopDb>().UseSqlite($"Data Source={_path}").Options);
                db.Database.EnsureCreated();
                db.Products.Add(new Product { Slug = "sku-1", Title = "Widget" });
                db.SaveChanges();
            }

            public void Dispose() => File.Delete(_path);
        }
        """ + Model) { References = [Stubs.SqliteEf] });
}
