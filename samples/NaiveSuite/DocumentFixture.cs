using MongoDB.Driver;

namespace NaiveSuite;

/// <summary>
/// Seeds the document every test reads. One run at a time this works; two concurrent runs insert
/// the same slug into the same database (E11000 on the unique index), and whichever finishes first
/// deletes the document the other one is still reading.
/// </summary>
public sealed class DocumentFixture : IAsyncLifetime
{
    public DocumentFixture()
    {
        var uri = Environment.GetEnvironmentVariable("MONGODB_URI") ?? "mongodb://127.0.0.1:27017";
        Client = new MongoClient(uri);
        Database = Client.GetDatabase("tractatus_test"); // expect: TI1002
        Documents = Database.GetCollection<Document>("documents");
    }

    public IMongoClient Client { get; }

    public IMongoDatabase Database { get; }

    public IMongoCollection<Document> Documents { get; }

    public async Task InitializeAsync()
    {
        await Documents.Indexes.CreateOneAsync(new CreateIndexModel<Document>(
            Builders<Document>.IndexKeys.Ascending(d => d.Slug),
            new CreateIndexOptions { Unique = true, Name = "slug_1" }));

        await Documents.InsertOneAsync(new Document
        {
            Slug = "test-document-integration", // expect: TI1001
            Title = "Test Document",
            Body = "Seeded by the integration fixture.",
        });
    }

    public async Task DisposeAsync()
    {
        await Documents.DeleteOneAsync(d => d.Slug == "test-document-integration"); // expect: TI1004 TI1001
    }
}

[CollectionDefinition(Name)]
public sealed class DocumentCollection : ICollectionFixture<DocumentFixture>
{
    public const string Name = "documents";
}
