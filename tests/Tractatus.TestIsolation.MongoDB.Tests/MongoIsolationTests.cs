using MongoDB.Bson;
using MongoDB.Driver;
using Shouldly;
using Xunit;

namespace Tractatus.TestIsolation.MongoDB.Tests;

/// <summary>The incident itself, in one process: fixed test data collides in a shared database, not in session databases.</summary>
public sealed class MongoIsolationTests
{
    private const string FixedSlug = "test-document-integration";

    [MongoFact]
    public async Task Two_sessions_writing_the_same_fixed_id_do_not_collide_in_their_own_databases()
    {
        var (first, second) = (MongoTestServer.Session(), MongoTestServer.Session());
        await using var provider = MongoTestServer.Provider();
        var databases = new[] { await provider.CreateDatabaseAsync(first, "incident"), await provider.CreateDatabaseAsync(second, "incident") };
        try
        {
            foreach (var database in databases)
            {
                await provider.GetDatabase(database).GetCollection<BsonDocument>("documents").InsertOneAsync(new BsonDocument { { "_id", MongoTestServer.FixedId(FixedSlug) }, { "slug", FixedSlug }, { "title", "Test Document" } });
            }

            // In one database the same fixed id collides (E11000), which is what concurrent runs hit when they share one.
            var collision = await Should.ThrowAsync<MongoWriteException>(() =>
                provider.GetDatabase(databases[0]).GetCollection<BsonDocument>("documents").InsertOneAsync(new BsonDocument { { "_id", MongoTestServer.FixedId(FixedSlug) }, { "slug", FixedSlug } }));
            collision.WriteError.Category.ShouldBe(ServerErrorCategory.DuplicateKey);
        }
        finally
        {
            (await provider.DropDatabaseAsync(first, databases[0].Name)).ShouldBeTrue();
            (await provider.DropDatabaseAsync(second, databases[1].Name)).ShouldBeTrue();
        }
    }

    [RealMongoFact]
    public async Task A_unique_slug_index_created_per_session_database_never_sees_the_other_sessions_slug()
    {
        var (first, second) = (MongoTestServer.Session(), MongoTestServer.Session());
        await using var provider = MongoTestServer.Provider();
        var databases = new[] { await provider.CreateDatabaseAsync(first, "uniqueslug"), await provider.CreateDatabaseAsync(second, "uniqueslug") };
        try
        {
            foreach (var database in databases)
            {
                var documents = provider.GetDatabase(database).GetCollection<BsonDocument>("documents");
                await documents.Indexes.CreateOneAsync(new CreateIndexModel<BsonDocument>(
                    Builders<BsonDocument>.IndexKeys.Ascending("slug"), new CreateIndexOptions { Unique = true }));
                await documents.InsertOneAsync(new BsonDocument("slug", FixedSlug));
            }

            var duplicate = await Should.ThrowAsync<MongoWriteException>(() =>
                provider.GetDatabase(databases[0]).GetCollection<BsonDocument>("documents").InsertOneAsync(new BsonDocument("slug", FixedSlug)));
            duplicate.WriteError.Category.ShouldBe(ServerErrorCategory.DuplicateKey);
            duplicate.Message.ShouldContain("slug_1");
        }
        finally
        {
            (await provider.DropDatabaseAsync(first, databases[0].Name)).ShouldBeTrue();
            (await provider.DropDatabaseAsync(second, databases[1].Name)).ShouldBeTrue();
        }
    }
}
