using System.Globalization;
using MongoDB.Bson;
using MongoDB.Driver;
using Tractatus.TestIsolation.Databases;
using Tractatus.TestIsolation.Leases;
using Tractatus.TestIsolation.MongoDB;
using Tractatus.TestIsolation.PostgreSql;

namespace Tractatus.TestIsolation.Worker.Commands;

/// <summary>
/// <c>mongo-isolate &lt;prefix&gt; &lt;barrier file&gt;</c>: one concurrent session. Creates its database, inserts
/// the same fixed-slug documents every session inserts (with <c>_id</c>s derived from the slugs: the wire server
/// enforces uniqueness only on <c>_id</c>, so a shared database would fail with E11000), prints <c>READY &lt;db&gt;</c>, waits for
/// the barrier file, checks it sees only its own documents (<c>DOCS &lt;total&gt; &lt;foreign&gt;</c>), drops its
/// database and prints <c>DONE</c>. Exit code 0 only when isolated. Server: <c>TRACTATUS_MONGODB_URI</c>.
/// </summary>
public sealed class MongoIsolateCommand : IWorkerCommand
{
    /// <inheritdoc />
    public string Name => "mongo-isolate";

    /// <inheritdoc />
    public async Task<int> RunAsync(string[] args)
    {
        var (prefix, barrier) = (args[0], args[1]);
        var session = TestSession.Start();
        await using var provider = WorkerData.MongoProvider();
        var database = await provider.CreateDatabaseAsync(session, prefix);
        var documents = (await provider.OpenConnectionAsync(database)).GetCollection<BsonDocument>("documents");
        await documents.InsertManyAsync(WorkerData.FixedSlugs.Select(slug => new BsonDocument { { "_id", FixedId(slug) }, { "slug", slug }, { "owner", session.Id } }));

        Console.WriteLine($"READY {database.Name}");
        await WorkerData.WaitForFileAsync(barrier, TimeSpan.FromSeconds(120));

        var all = await documents.Find(FilterDefinition<BsonDocument>.Empty).ToListAsync();
        var foreign = all.Count(d => d["owner"].AsString != session.Id);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"DOCS {all.Count} {foreign}"));
        var dropped = await provider.DropDatabaseAsync(session, database.Name);
        Console.WriteLine($"DONE dropped={dropped}");
        return all.Count == WorkerData.FixedSlugs.Length && foreign == 0 && dropped ? 0 : 2;
    }

    // The wire server accepts only ObjectId ids; the same slug always gives the same id, like static test data.
    private static ObjectId FixedId(string slug) =>
        new(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(slug))[..12]);
}

/// <summary>
/// <c>mongo-hold &lt;prefix&gt; &lt;ttl seconds&gt;</c>: a session that creates its database, heartbeats its lease
/// every third of the TTL, prints <c>CREATED &lt;db&gt;</c> and then waits to be killed (a crashed test run).
/// </summary>
public sealed class MongoHoldCommand : IWorkerCommand
{
    /// <inheritdoc />
    public string Name => "mongo-hold";

    /// <inheritdoc />
    public async Task<int> RunAsync(string[] args)
    {
        var prefix = args[0];
        var lease = new LeaseOptions { TimeToLive = TimeSpan.FromSeconds(double.Parse(args[1], CultureInfo.InvariantCulture)) };
        var session = TestSession.Start(new TestSessionOptions { Lease = lease });
        await using var provider = WorkerData.MongoProvider();
        var database = await provider.CreateDatabaseAsync(session, prefix);
        await using var heartbeat = new LeaseHeartbeat(token => provider.HeartbeatAsync(session, token), lease);
        Console.WriteLine($"CREATED {database.Name}");
        await Task.Delay(Timeout.Infinite);
        return 0;
    }
}

/// <summary>What the database worker commands share: the incident's static test data and a file barrier.</summary>
internal static class WorkerData
{
    /// <summary>The same identifiers in every session, as in the incident's naive suite.</summary>
    public static readonly string[] FixedSlugs = ["test-document-integration", "test-document-draft", "test-document-archived"];

    /// <summary>
    /// A provider for the server in <c>TRACTATUS_MONGODB_URI</c> that waits up to 30 s for it: tests run workers on busy
    /// machines, where the default 3 s is not enough for a handshake.
    /// </summary>
    public static MongoDatabaseProvider MongoProvider() => new(MongoProviderOptions.FromEnvironment() with
    {
        ServerSelectionTimeout = TimeSpan.FromSeconds(30),
        ConnectTimeout = TimeSpan.FromSeconds(30),
    });

    /// <summary>Options for the server in <c>TRACTATUS_POSTGRES_CONNECTION_STRING</c> that wait up to 30 s for it (see <see cref="MongoProvider"/>).</summary>
    public static PostgreSqlProviderOptions PostgresOptions() => PostgreSqlProviderOptions.FromEnvironment() with
    {
        ConnectTimeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>A provider over <see cref="PostgresOptions"/>.</summary>
    public static PostgreSqlDatabaseProvider PostgresProvider() => new(PostgresOptions());

    public static async Task WaitForFileAsync(string path, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!File.Exists(path))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Barrier file {path} did not appear within {timeout}.");
            }

            await Task.Delay(50);
        }
    }
}
