#!/usr/bin/env python3
"""Writes the synthetic xUnit suite that build/bench-analyzers.sh compiles.

usage: generate-suite.py OUTPUT_DIR ANALYZER_DLL [ANALYZER_DLL ...] [--files N]

Half of the files seed data the way integration suites do (MongoDB.Driver POCOs, BsonDocuments,
dictionaries, Builders and lambda filters, upserts, EF Core Add/AddRange/Update, teardown deletes),
mostly with per-run values and, in one seeding file in ten, a fixed slug, so the rules both search
and report. The other half are plain unit tests (facts, theories, LINQ, records, exceptions).
Generation is deterministic: the same N gives the same sources, so runs are comparable.
"""

import os
import shutil
import sys
from xml.sax.saxutils import escape

MODELS = '''using Microsoft.EntityFrameworkCore;
using MongoDB.Bson;
using MongoDB.Driver;

namespace BenchSuite;

public sealed class Article
{
    public ObjectId Id { get; set; }
    public string Slug { get; set; } = "";
    public string Title { get; set; } = "";
    public List<string> Tags { get; set; } = new();
    public int Views { get; set; }
}

public sealed class Customer
{
    public int Id { get; set; }
    public string Email { get; set; } = "";
    public string Name { get; set; } = "";
    public List<Order> Orders { get; set; } = new();
}

public sealed class Order
{
    public int Id { get; set; }
    public string Code { get; set; } = "";
    public decimal Total { get; set; }
    public int CustomerId { get; set; }
}

public sealed class BenchDbContext : DbContext
{
    public BenchDbContext(DbContextOptions<BenchDbContext> options) : base(options) { }

    public DbSet<Customer> Customers => Set<Customer>();
    public DbSet<Order> Orders => Set<Order>();
}

public static class BenchStore
{
    public static IMongoClient Client { get; } =
        new MongoClient(Environment.GetEnvironmentVariable("MONGODB_URI") ?? "mongodb://127.0.0.1:27017");

    public static IMongoDatabase Database =>
        Client.GetDatabase(Environment.GetEnvironmentVariable("BENCH_DATABASE") ?? "bench_tests"); // fixed: the rules must have findings to measure

    public static DbContextOptions<BenchDbContext> EfOptions { get; } = new DbContextOptionsBuilder<BenchDbContext>().Options;

    public static string Unique(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N");
}
'''

SEEDING = [
    # 0: POCO insert through a fixture, Builders filter, scoped teardown delete.
    '''using MongoDB.Driver;

namespace BenchSuite.Seeding;

public sealed class ArticleFixture@I@ : IAsyncLifetime
{
    public IMongoCollection<Article> Articles { get; } = BenchStore.Database.GetCollection<Article>("articles_@I@");
    public string Slug { get; } = BenchStore.Unique("article-@I@");

    public async Task InitializeAsync()
    {
        var article = new Article { Slug = Slug, Title = "Article @I@", Tags = new() { "bench", "seed" }, Views = @I@ };
        await Articles.InsertOneAsync(article);
    }

    public Task DisposeAsync() => Articles.DeleteOneAsync(a => a.Slug == Slug);
}

public sealed class ArticleTests@I@ : IClassFixture<ArticleFixture@I@>
{
    private readonly ArticleFixture@I@ _fixture;

    public ArticleTests@I@(ArticleFixture@I@ fixture) => _fixture = fixture;

    [Fact]
    public async Task Finds_the_seeded_article()
    {
        var filter = Builders<Article>.Filter.Eq(a => a.Slug, _fixture.Slug);
        var found = await _fixture.Articles.Find(filter).SingleAsync();
        Assert.Equal("Article @I@", found.Title);
    }

    [Fact]
    public async Task Counts_views()
    {
        var found = await _fixture.Articles.Find(a => a.Slug == _fixture.Slug).FirstAsync();
        Assert.True(found.Views >= 0);
    }
}
''',
    # 1: BsonDocument batch insert built in a loop.
    '''using MongoDB.Bson;
using MongoDB.Driver;

namespace BenchSuite.Seeding;

public sealed class EventLogTests@I@
{
    private readonly IMongoCollection<BsonDocument> _events = BenchStore.Database.GetCollection<BsonDocument>("events_@I@");

    [Fact]
    public async Task Inserts_a_batch_of_events()
    {
        var run = Guid.NewGuid().ToString("N");
        var batch = new List<BsonDocument>();
        for (var n = 0; n < 5; n++)
        {
            batch.Add(new BsonDocument
            {
                { "key", $"{run}-{n}" },
                { "kind", "created" },
                { "sequence", n },
                { "at", DateTime.UtcNow },
            });
        }

        await _events.InsertManyAsync(batch);
        var count = await _events.CountDocumentsAsync(new BsonDocument("kind", "created"));
        Assert.True(count >= 5);
        await _events.DeleteManyAsync(Builders<BsonDocument>.Filter.Regex("key", new BsonRegularExpression("^" + run)));
    }
}
''',
    # 2: the incident's shape: a fixed slug written, filtered and deleted (reported by TI1001/TI1004).
    '''using MongoDB.Driver;

namespace BenchSuite.Seeding;

public sealed class FixedSlugFixture@I@ : IAsyncLifetime
{
    public IMongoCollection<Article> Articles { get; } = BenchStore.Database.GetCollection<Article>("documents_@I@");

    public Task InitializeAsync() =>
        Articles.InsertOneAsync(new Article { Slug = "test-document-@I@", Title = "Test Document" });

    public Task DisposeAsync() => Articles.DeleteOneAsync(a => a.Slug == "test-document-@I@");
}

public sealed class FixedSlugTests@I@ : IClassFixture<FixedSlugFixture@I@>
{
    private readonly FixedSlugFixture@I@ _fixture;

    public FixedSlugTests@I@(FixedSlugFixture@I@ fixture) => _fixture = fixture;

    [Fact]
    public async Task Finds_the_document()
    {
        var found = await _fixture.Articles.Find(a => a.Slug == "test-document-@I@").SingleAsync();
        Assert.Equal("Test Document", found.Title);
    }
}
''',
    # 3: EF Core Add and SaveChanges with per-run identifiers.
    '''namespace BenchSuite.Seeding;

public sealed class CustomerTests@I@
{
    [Fact]
    public async Task Adds_a_customer_with_orders()
    {
        await using var db = new BenchDbContext(BenchStore.EfOptions);
        var customer = new Customer
        {
            Email = $"customer{Guid.NewGuid():N}@example.com",
            Name = "Customer @I@",
            Orders = { new Order { Code = BenchStore.Unique("order"), Total = 12.50m } },
        };

        db.Customers.Add(customer);
        await db.SaveChangesAsync();
        Assert.NotEqual(0, customer.Id);
    }

    [Fact]
    public void Renames_a_customer()
    {
        using var db = new BenchDbContext(BenchStore.EfOptions);
        var customer = new Customer { Email = BenchStore.Unique("rename") + "@example.com", Name = "Before" };
        db.Attach(customer);
        customer.Name = "After";
        db.Update(customer);
        Assert.Equal("After", customer.Name);
    }
}
''',
    # 4: EF Core AddRange from a projection.
    '''namespace BenchSuite.Seeding;

public sealed class OrderBatchTests@I@
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(8)]
    public async Task Adds_orders_in_bulk(int count)
    {
        await using var db = new BenchDbContext(BenchStore.EfOptions);
        var orders = Enumerable.Range(0, count)
            .Select(n => new Order { Code = BenchStore.Unique("bulk-" + n), Total = n * 2.5m, CustomerId = @I@ })
            .ToList();

        db.Orders.AddRange(orders);
        await db.SaveChangesAsync();
        Assert.Equal(count, orders.Count);
    }
}
''',
    # 5: ReplaceOne with upsert, filtered by id.
    '''using MongoDB.Bson;
using MongoDB.Driver;

namespace BenchSuite.Seeding;

public sealed class UpsertTests@I@
{
    private readonly IMongoCollection<Article> _articles = BenchStore.Database.GetCollection<Article>("upserts_@I@");

    [Fact]
    public async Task Upserts_an_article()
    {
        var id = ObjectId.GenerateNewId();
        var article = new Article { Id = id, Slug = BenchStore.Unique("upsert"), Title = "Upserted" };

        var result = await _articles.ReplaceOneAsync(a => a.Id == id, article, new ReplaceOptions { IsUpsert = true });

        Assert.True(result.IsAcknowledged);
        await _articles.DeleteOneAsync(Builders<Article>.Filter.Eq(a => a.Id, id));
    }
}
''',
    # 6: UpdateOne with Builders.Update and a compound filter.
    '''using MongoDB.Driver;

namespace BenchSuite.Seeding;

public sealed class ViewCounterTests@I@
{
    private readonly IMongoCollection<Article> _articles = BenchStore.Database.GetCollection<Article>("views_@I@");

    [Fact]
    public async Task Increments_views()
    {
        var slug = BenchStore.Unique("views");
        await _articles.InsertOneAsync(new Article { Slug = slug, Title = "Counted", Views = 1 });

        var filter = Builders<Article>.Filter.And(
            Builders<Article>.Filter.Eq(a => a.Slug, slug),
            Builders<Article>.Filter.Gte(a => a.Views, 1));
        await _articles.UpdateOneAsync(filter, Builders<Article>.Update.Inc(a => a.Views, 1));

        var updated = await _articles.Find(filter).SingleAsync();
        Assert.Equal(2, updated.Views);
    }
}
''',
    # 7: dictionaries and anonymous objects turned into documents.
    '''using MongoDB.Bson;
using MongoDB.Driver;

namespace BenchSuite.Seeding;

public sealed class SettingsTests@I@
{
    private readonly IMongoCollection<BsonDocument> _settings = BenchStore.Database.GetCollection<BsonDocument>("settings_@I@");

    [Fact]
    public async Task Stores_settings_from_a_dictionary()
    {
        var values = new Dictionary<string, object>
        {
            ["key"] = BenchStore.Unique("setting"),
            ["value"] = "on",
            ["priority"] = @I@,
        };

        await _settings.InsertOneAsync(new BsonDocument(values));
        var shape = new { Section = "bench", Enabled = true };
        await _settings.InsertOneAsync(shape.ToBsonDocument());

        var found = await _settings.Find(new BsonDocument("key", values["key"].ToString())).FirstOrDefaultAsync();
        Assert.NotNull(found);
    }
}
''',
]

PLAIN = [
    '''namespace BenchSuite.Plain;

public sealed class ArithmeticTests@I@
{
    private static int Add(int a, int b) => a + b;

    [Fact]
    public void Adds() => Assert.Equal(@I@ + 2, Add(@I@, 2));

    [Fact]
    public void Subtracts() => Assert.Equal(@I@ - 1, Add(@I@, -1));

    [Theory]
    [InlineData(0, 0, 0)]
    [InlineData(2, 3, 5)]
    [InlineData(-4, 4, 0)]
    public void Adds_pairs(int a, int b, int expected) => Assert.Equal(expected, Add(a, b));
}
''',
    '''namespace BenchSuite.Plain;

public sealed class TextTests@I@
{
    [Theory]
    [InlineData("test-document-integration", "TEST-DOCUMENT-INTEGRATION")]
    [InlineData("slug", "SLUG")]
    [InlineData("", "")]
    public void Upper_cases(string input, string expected) => Assert.Equal(expected, input.ToUpperInvariant());

    [Fact]
    public void Splits_a_slug()
    {
        var parts = "bench-@I@-value".Split('-');
        Assert.Equal(3, parts.Length);
        Assert.Equal("bench", parts[0]);
    }

    [Fact]
    public void Formats_an_id()
    {
        var id = "user_" + @I@;
        Assert.StartsWith("user_", id);
    }
}
''',
    '''namespace BenchSuite.Plain;

public sealed class CollectionTests@I@
{
    private static readonly int[] Numbers = Enumerable.Range(1, 20).ToArray();

    [Fact]
    public void Filters_even_numbers() => Assert.Equal(10, Numbers.Count(n => n % 2 == 0));

    [Fact]
    public void Groups_by_remainder()
    {
        var groups = Numbers.GroupBy(n => n % 3).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(3, groups.Count);
        Assert.Equal(7, groups[1]);
    }

    [Fact]
    public void Looks_up_by_key()
    {
        var lookup = new Dictionary<string, int> { ["slug"] = 1, ["id"] = 2, ["email"] = @I@ };
        Assert.Equal(@I@, lookup["email"]);
    }
}
''',
    '''namespace BenchSuite.Plain;

public sealed class AsyncTests@I@
{
    private static async Task<int> ComputeAsync(int value)
    {
        await Task.Yield();
        return value * 2;
    }

    [Fact]
    public async Task Doubles() => Assert.Equal(@I@ * 2, await ComputeAsync(@I@));

    [Fact]
    public async Task Runs_in_parallel()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(ComputeAsync));
        Assert.Equal(new[] { 0, 2, 4, 6 }, results);
    }
}
''',
    '''namespace BenchSuite.Plain;

public sealed record Money@I@(decimal Amount, string Currency);

public sealed class RecordTests@I@
{
    [Fact]
    public void Records_compare_by_value() => Assert.Equal(new Money@I@(1m, "EUR"), new Money@I@(1m, "EUR"));

    [Fact]
    public void With_makes_a_copy()
    {
        var original = new Money@I@(5m, "USD");
        var changed = original with { Amount = 6m };
        Assert.NotEqual(original, changed);
    }

    [Fact]
    public void Rejects_bad_input() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new string('x', -@I@ - 1));
}
''',
]


def project(analyzers):
    items = "\n".join(f'    <Analyzer Include="{escape(path)}" />' for path in analyzers)
    return f'''<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <IsPackable>false</IsPackable>
    <IsTestProject>true</IsTestProject>
    <!-- Only the two analyzer packages under comparison (plus the SDK's defaults) run. -->
    <NoWarn>$(NoWarn);CS1998;xUnit1031</NoWarn>
  </PropertyGroup>
  <ItemGroup>
    <Using Include="Xunit" />
    <PackageReference Include="xunit" Version="2.9.3" />
    <PackageReference Include="MongoDB.Driver" Version="3.14.0" />
    <PackageReference Include="Microsoft.EntityFrameworkCore" Version="10.0.15" />
  </ItemGroup>
  <ItemGroup>
{items}
  </ItemGroup>
</Project>
'''


def main():
    args = [a for a in sys.argv[1:]]
    files = 2000
    if "--files" in args:
        at = args.index("--files")
        files = int(args[at + 1])
        del args[at:at + 2]
    if len(args) < 2:
        sys.exit(__doc__)
    out, analyzers = args[0], args[1:]

    if os.path.isdir(out):
        shutil.rmtree(out)
    os.makedirs(os.path.join(out, "Seeding"))
    os.makedirs(os.path.join(out, "Plain"))

    # Stop the repository's Directory.Build.props / Directory.Packages.props (central versions)
    # from applying: the benchmark project is an ordinary user project.
    root = os.path.dirname(out.rstrip("/"))
    with open(os.path.join(root, "Directory.Build.props"), "w") as f:
        f.write("<Project />\n")
    with open(os.path.join(root, "Directory.Packages.props"), "w") as f:
        f.write("<Project>\n  <PropertyGroup>\n    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>\n  </PropertyGroup>\n</Project>\n")
    with open(os.path.join(root, "Directory.Build.targets"), "w") as f:
        f.write("<Project />\n")

    with open(os.path.join(out, "BenchSuite.csproj"), "w") as f:
        f.write(project(analyzers))

    seeding = files // 2
    plain = files - seeding
    with open(os.path.join(out, "Seeding", "Models.cs"), "w") as f:
        f.write(MODELS)
    for i in range(1, seeding):
        # One seeding file in ten uses a fixed slug, as parts of real suites do.
        shape = 2 if i % 10 == 2 else (i % len(SEEDING) if i % len(SEEDING) != 2 else 0)
        with open(os.path.join(out, "Seeding", f"Seed{i:04d}.cs"), "w") as f:
            f.write(SEEDING[shape].replace("@I@", str(i)))
    for i in range(plain):
        with open(os.path.join(out, "Plain", f"Plain{i:04d}.cs"), "w") as f:
            f.write(PLAIN[i % len(PLAIN)].replace("@I@", str(i)))

    print(f"{files} files: {seeding} seeding (1 models + {seeding - 1} tests), {plain} plain")


if __name__ == "__main__":
    main()
