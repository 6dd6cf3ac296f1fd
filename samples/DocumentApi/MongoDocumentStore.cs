using MongoDB.Bson;
using MongoDB.Driver;

namespace DocumentApi;

/// <summary>Documents in a MongoDB collection with a unique index on slug, through the driver.</summary>
public sealed class MongoDocumentStore : IDocumentStore
{
    public const string CollectionName = "documents";

    private readonly IMongoCollection<BsonDocument> _documents;

    public MongoDocumentStore(IMongoDatabase database)
    {
        _documents = database.GetCollection<BsonDocument>(CollectionName);
    }

    public async Task EnsureSchemaAsync()
    {
        var keys = Builders<BsonDocument>.IndexKeys.Ascending("slug");
        await _documents.Indexes.CreateOneAsync(new CreateIndexModel<BsonDocument>(keys, new CreateIndexOptions { Unique = true, Name = "slug_1" }));
    }

    public async Task InsertAsync(Document document)
    {
        try
        {
            // The _id is the driver's ObjectId; the slug is the document's key for the API.
            await _documents.InsertOneAsync(ToBson(document));
        }
        catch (MongoWriteException ex) when (ex.WriteError?.Category == ServerErrorCategory.DuplicateKey)
        {
            throw new DuplicateSlugException(document.Slug, ex);
        }
    }

    public async Task<Document?> FindAsync(string slug)
    {
        var found = await _documents.Find(BySlug(slug)).FirstOrDefaultAsync();
        return found is null ? null : FromBson(found);
    }

    public async Task<bool> UpdateAsync(Document document)
    {
        var update = Builders<BsonDocument>.Update
            .Set("title", document.Title)
            .Set("body", document.Body)
            .Set("status", document.Status)
            .Set("revision", document.Revision);
        var result = await _documents.UpdateOneAsync(BySlug(document.Slug), update);
        return result.MatchedCount == 1;
    }

    public async Task<bool> DeleteAsync(string slug) =>
        (await _documents.DeleteOneAsync(BySlug(slug))).DeletedCount > 0;

    public async Task<IReadOnlyList<Document>> ListAsync(string slugPrefix)
    {
        // Filtered here rather than with a regex: the prefix is user data, and the sets are small.
        var all = await _documents.Find(FilterDefinition<BsonDocument>.Empty).ToListAsync();
        return all.Select(FromBson)
            .Where(d => d.Slug.StartsWith(slugPrefix, StringComparison.Ordinal))
            .OrderBy(d => d.Slug, StringComparer.Ordinal)
            .ToList();
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static FilterDefinition<BsonDocument> BySlug(string slug) => Builders<BsonDocument>.Filter.Eq("slug", slug);

    private static BsonDocument ToBson(Document d) => new()
    {
        { "slug", d.Slug },
        { "title", d.Title },
        { "body", d.Body },
        { "status", d.Status },
        { "revision", d.Revision },
    };

    private static Document FromBson(BsonDocument b) =>
        new(b["slug"].AsString, b["title"].AsString, b["body"].AsString, b["status"].AsString, b["revision"].ToInt32());
}
