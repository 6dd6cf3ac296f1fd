using MongoDB.Bson;
using MongoDB.Driver;
using Tractatus.TestIsolation.Databases;

namespace Tractatus.TestIsolation.MongoDB.Tests;

/// <summary>The test server from the environment, and direct driver access for checking what the provider did.</summary>
internal static class MongoTestServer
{
    public const string RealServerVariable = "TRACTATUS_TEST_MONGODB_URI";
    public const string WireServerVariable = "TRACTATUS_TEST_MONGODB_WIRE_URI";

    /// <summary>The lease document's fixed id (see the provider's lease format).</summary>
    public static readonly ObjectId LeaseId = ObjectId.Parse("7472616374617475736c6561");

    private static readonly Lazy<MongoClient> SharedClient = new(() =>
    {
        var settings = MongoClientSettings.FromConnectionString(RequiredConnectionString);
        settings.ServerSelectionTimeout = TimeSpan.FromSeconds(5);
        return new MongoClient(settings);
    });

    public static string? RealServerConnectionString => Read(RealServerVariable);

    /// <summary>A real server when one is given, else the wire server.</summary>
    public static string? ConnectionString => RealServerConnectionString ?? Read(WireServerVariable);

    public static string RequiredConnectionString => ConnectionString ?? throw new InvalidOperationException($"{RealServerVariable} / {WireServerVariable} is not set.");

    /// <summary>A client of the test server for checks, independent of any provider.</summary>
    public static IMongoClient Client => SharedClient.Value;

    public static MongoDatabaseProvider Provider(TimeSpan? ttl = null, TimeProvider? clock = null) => new(new MongoProviderOptions
    {
        ConnectionString = RequiredConnectionString,
        Lease = ttl is null && clock is null ? null : new LeaseOptions { TimeToLive = ttl ?? LeaseOptions.DefaultTimeToLive, TimeProvider = clock ?? TimeProvider.System },
    });

    public static TestSession Session(TimeSpan? ttl = null) =>
        TestSession.Start(ttl is null ? null : new TestSessionOptions { Lease = new LeaseOptions { TimeToLive = ttl.Value } });

    public static async Task<bool> ExistsAsync(string database)
    {
        using var cursor = await Client.ListDatabaseNamesAsync();
        return (await cursor.ToListAsync()).Contains(database);
    }

    public static async Task<BsonDocument?> LeaseDocumentAsync(string database) =>
        await Client.GetDatabase(database).GetCollection<BsonDocument>(MongoDatabaseProvider.LeaseCollectionName)
            .Find(Builders<BsonDocument>.Filter.Eq("_id", LeaseId)).FirstOrDefaultAsync();

    public static async Task<DateTime> ServerNowAsync()
    {
        var hello = await Client.GetDatabase("admin").RunCommandAsync<BsonDocument>(new BsonDocument("hello", 1));
        return hello["localTime"].ToUniversalTime();
    }

    /// <summary>A database named like a session database, created behind the provider's back, holding <paramref name="lease"/> if given.</summary>
    public static async Task<string> CreateLookalikeAsync(string prefix, BsonDocument? lease = null)
    {
        var name = TestSession.Start().DatabaseName(prefix, DatabaseNameRules.MongoDB);
        var database = Client.GetDatabase(name);
        if (lease is null)
        {
            await database.GetCollection<BsonDocument>("orders").InsertOneAsync(new BsonDocument("total", 10));
        }
        else
        {
            await database.GetCollection<BsonDocument>(MongoDatabaseProvider.LeaseCollectionName).InsertOneAsync(lease);
        }

        return name;
    }

    public static Task DropAsync(string database) => Client.DropDatabaseAsync(database);

    /// <summary>
    /// A fixed <c>_id</c> for a fixed slug, the same in every run: the in-memory wire server accepts only ObjectId ids
    /// and enforces uniqueness only on <c>_id</c>, so this is how static test data collides there.
    /// </summary>
    public static ObjectId FixedId(string slug) =>
        new(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(slug))[..12]);

    private static string? Read(string variable)
    {
        var value = Environment.GetEnvironmentVariable(variable);
        return string.IsNullOrWhiteSpace(value) ? null : value;
    }
}
