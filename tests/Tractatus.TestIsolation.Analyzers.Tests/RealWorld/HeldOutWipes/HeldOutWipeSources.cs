namespace Tractatus.TestIsolation.Analyzers.Tests.RealWorld.HeldOutWipes;

/// <summary>Helpers the held-out wipe shapes share: a shared PostgreSQL server, an EF Core context on it, a shared MongoDB database.</summary>
internal static class HeldOutWipeSources
{
    /// <summary>Connections to the team's PostgreSQL server, named by an environment variable.</summary>
    public const string SharedPostgres = """

        public static class Db
        {
            public static NpgsqlConnection Open()
            {
                var connection = new NpgsqlConnection(Environment.GetEnvironmentVariable("PG_TESTS"));
                connection.Open();
                return connection;
            }
        }
        """;

    /// <summary>An EF Core context on the shared server (needs <c>Stubs.NpgsqlEf</c>).</summary>
    public const string SharedShopContext = """

        public sealed class ShopContext : DbContext
        {
            public ShopContext(DbContextOptions<ShopContext> options) : base(options) { }

            public DbSet<Order> Orders => Set<Order>();
        }

        public sealed class Order
        {
            public int Id { get; set; }

            public string Number { get; set; } = "";
        }

        public static class Shop
        {
            public static ShopContext Create() => new(new DbContextOptionsBuilder<ShopContext>()
                .UseNpgsql(Environment.GetEnvironmentVariable("PG_TESTS")!).Options);
        }
        """;

    /// <summary>The team's MongoDB database, set once per run from configuration.</summary>
    public const string SharedMongo = """

        public static class SharedServer
        {
            public static IMongoDatabase Database { get; set; } = null!;
        }
        """;
}
