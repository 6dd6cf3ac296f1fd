using MongoDB.Bson;
using MongoDB.Driver;
using Tractatus.TestIsolation.Leases;

namespace Tractatus.TestIsolation.MongoDB;

/// <summary>
/// Leases of session databases: one document <c>{ _id: ObjectId("7472616374617475736c6561"), owner, host,
/// processId, startedAt, heartbeatAt, expiresAt, library, version }</c> in the collection <c>__tractatus_lease</c> of the
/// session database itself, so it exists exactly as long as the database and any machine sharing the
/// server can read it. Times are BSON dates from the server's clock (<c>hello.localTime</c>).
/// </summary>
/// <remarks>
/// Sweepers claim an expired database by deleting its lease document with a filter on the exact
/// <c>expiresAt</c> they read: a heartbeat in between changes it and the claim fails, and of two
/// sweepers only one deletes it, so only one drops the database.
/// </remarks>
internal static class MongoLeases
{
    public const string CollectionName = "__tractatus_lease";
    /// <summary>
    /// The lease document's fixed id: the bytes of "tractatuslea". An ObjectId rather than a string because
    /// some wire-compatible test servers accept only ObjectId ids; fixed so a second lease cannot be inserted.
    /// </summary>
    public static readonly ObjectId DocumentId = ObjectId.Parse("7472616374617475736c6561");

    public static IMongoCollection<BsonDocument> Collection(IMongoDatabase database) => database.GetCollection<BsonDocument>(CollectionName);

    public static BsonDocument ToDocument(LeaseRecord lease) => new()
    {
        { "_id", DocumentId },
        { "owner", lease.Owner },
        { "host", lease.Host },
        { "processId", lease.ProcessId },
        { "startedAt", lease.StartedAt.UtcDateTime },
        { "heartbeatAt", lease.HeartbeatAt.UtcDateTime },
        { "expiresAt", lease.ExpiresAt.UtcDateTime },
        { "library", lease.Library },
        { "version", lease.Version },
        { "user", (BsonValue?)lease.User ?? BsonNull.Value },
        { "ciJob", (BsonValue?)lease.CiJob ?? BsonNull.Value },
    };

    /// <summary>Reads a lease document; null for anything that is not clearly this library's lease.</summary>
    public static LeaseRecord? FromDocument(BsonDocument? document)
    {
        if (document is null
            || !document.TryGetValue("library", out var library) || library is not BsonString { Value: LeaseRecord.LibraryName }
            || !document.TryGetValue("owner", out var owner) || owner is not BsonString { Value.Length: > 0 }
            || !TryDate(document, "heartbeatAt", out var heartbeatAt)
            || !TryDate(document, "expiresAt", out var expiresAt))
        {
            return null;
        }

        TryDate(document, "startedAt", out var startedAt);
        var host = document.TryGetValue("host", out var h) && h.IsString ? h.AsString : string.Empty;
        var processId = document.TryGetValue("processId", out var p) && p.IsInt32 ? p.AsInt32 : 0;
        var version = document.TryGetValue("version", out var v) && v.IsInt32 ? v.AsInt32 : 1;
        var user = document.TryGetValue("user", out var u) && u.IsString ? u.AsString : null;
        var ciJob = document.TryGetValue("ciJob", out var c) && c.IsString ? c.AsString : null;
        return new LeaseRecord(owner.AsString, host, processId, startedAt, heartbeatAt, expiresAt, LeaseRecord.LibraryName, version, user, ciJob);
    }

    public static async Task<LeaseRecord?> ReadAsync(IMongoDatabase database, CancellationToken cancellationToken)
    {
        var document = await Collection(database)
            .Find(Builders<BsonDocument>.Filter.Eq("_id", DocumentId))
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return FromDocument(document);
    }

    public static FilterDefinition<BsonDocument> OwnedBy(string owner) =>
        Builders<BsonDocument>.Filter.Eq("_id", DocumentId) & Builders<BsonDocument>.Filter.Eq("owner", owner);

    private static bool TryDate(BsonDocument document, string name, out DateTimeOffset value)
    {
        value = default;
        if (!document.TryGetValue(name, out var raw) || !raw.IsValidDateTime)
        {
            return false;
        }

        value = new DateTimeOffset(raw.ToUniversalTime(), TimeSpan.Zero);
        return true;
    }
}
