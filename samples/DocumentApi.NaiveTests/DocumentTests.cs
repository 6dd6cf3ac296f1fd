using System.Text.Json;
using DocumentApi.NaiveTooling;
using MongoDB.Bson;
using MongoDB.Driver;

namespace DocumentApi.NaiveTests;

/// <summary>
/// The document API's integration tests, naive version: every test works with the fixed slug
/// "test-document-integration", and the teardown deletes that slug, whoever inserted it.
/// </summary>
[Collection(DocumentCollection.Name)]
public sealed class DocumentTests : IAsyncLifetime
{
    private readonly DocumentFixture _fixture;

    // Set before the first insert, so the teardown also cleans up after an insert that failed half-way.
    private bool _wroteDocuments;

    public DocumentTests(DocumentFixture fixture) => _fixture = fixture;

    private IDocumentStore Store => _fixture.Store;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (!_wroteDocuments)
        {
            return;
        }

        if (_fixture.Provider == "mongodb")
        {
            await _fixture.MongoDocuments.DeleteManyAsync(new BsonDocument("slug", "test-document-integration"));
            await _fixture.MongoDocuments.DeleteManyAsync(new BsonDocument("slug", "test-document-integration-copy"));
            return;
        }

        using var connection = _fixture.OpenSqlConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM documents WHERE slug IN ('test-document-integration', 'test-document-integration-copy')";
        await command.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task Created_document_can_be_read_back()
    {
        var document = await InsertAsync("test-document-integration", "Test Document");
        await WorkAsync();

        var found = await ReadOwnAsync(document);

        Assert.Equal("Test Document", found.Title);
    }

    [Fact]
    public async Task Title_update_is_saved()
    {
        var document = await InsertAsync("test-document-integration", "Draft title");
        await WorkAsync();

        Assert.True(await Store.UpdateAsync(document with { Title = "Final title" }), Gone(document.Slug));

        Assert.Equal("Final title", (await ReadOwnAsync(document)).Title);
    }

    [Fact]
    public async Task Publishing_sets_the_status()
    {
        var document = await InsertAsync("test-document-integration", "To publish");
        await WorkAsync();

        Assert.True(await Store.UpdateAsync(document with { Status = "published" }), Gone(document.Slug));

        Assert.Equal("published", (await ReadOwnAsync(document)).Status);
    }

    [Fact]
    public async Task Each_edit_adds_a_revision()
    {
        var document = await InsertAsync("test-document-integration", "Revised");
        for (var revision = 2; revision <= 3; revision++)
        {
            await WorkAsync(half: true);
            document = document with { Body = $"Body of revision {revision} {OwnMarker}", Revision = revision };
            Assert.True(await Store.UpdateAsync(document), Gone(document.Slug));
        }

        Assert.Equal(3, (await ReadOwnAsync(document)).Revision);
    }

    [Fact]
    public async Task Listing_by_prefix_finds_the_document()
    {
        var document = await InsertAsync("test-document-integration", "Listed");
        await WorkAsync();

        var listed = await Store.ListAsync("test-document-integration");

        Assert.True(listed.Any(d => d.Slug == document.Slug && d.Body == document.Body), Gone(document.Slug));
    }

    [Fact]
    public async Task Deleting_removes_the_document()
    {
        var document = await InsertAsync("test-document-integration", "To delete");
        await WorkAsync();
        await ReadOwnAsync(document);

        Assert.True(await Store.DeleteAsync(document.Slug));

        Assert.Null(await Store.FindAsync(document.Slug));
    }

    [UniqueIndexFact]
    public async Task Second_insert_of_a_slug_is_rejected()
    {
        var document = await InsertAsync("test-document-integration", "Original");
        await WorkAsync();
        await ReadOwnAsync(document);

        await Assert.ThrowsAsync<DuplicateSlugException>(() => Store.InsertAsync(document with { Title = "Copy" }));
    }

    [Fact]
    public async Task Copy_gets_its_own_slug()
    {
        var original = await InsertAsync("test-document-integration", "Original");
        var copy = await InsertAsync("test-document-integration-copy", original.Title);
        await WorkAsync();

        Assert.Equal((await ReadOwnAsync(original)).Title, (await ReadOwnAsync(copy)).Title);
    }

    [Fact]
    public async Task Body_is_kept_verbatim()
    {
        var document = new Document("test-document-integration", "Verbatim", $"Zeilen\nmit Umlauten: äöü, and an emoji: 📄 {OwnMarker}");
        _wroteDocuments = true;
        await Store.InsertAsync(document);
        _fixture.RecordDocumentCreated();
        await WorkAsync();

        Assert.Equal(document.Body, (await ReadOwnAsync(document)).Body);
    }

    [Fact]
    public async Task Instruction_history_keeps_every_entry_of_this_session()
    {
        await WorkAsync();
        var appended = _fixture.Recorder.Appended;
        Assert.True(appended > 0, $"the tooling recorded no instruction while the tests ran ({_fixture.Recorder.Errors} appends failed: {_fixture.Recorder.FirstError}), so a loss could not show.");

        var mine = ReadHistory().Count(e => e.Process == Environment.ProcessId);

        Assert.True(mine >= appended,
            $"{FailureKinds.LostInstructionEntries} this session appended {appended} instruction entries, the history holds {mine} of them: {appended - mine} were overwritten by another session's unlocked write.");
    }

    [Fact]
    public async Task Session_counter_counts_only_this_sessions_documents()
    {
        await InsertAsync("test-document-integration", "Counted");
        await WorkAsync();

        var counted = SessionState.Read(_fixture.SharedDirectory).DocumentsCreated;

        Assert.True(counted == _fixture.DocumentsCreated,
            $"{FailureKinds.BlendedCounter} session state says {counted} documents created, this session created {_fixture.DocumentsCreated}: every session writes the same counter under session id {SessionInfo.SessionId}.");
    }

    private async Task<Document> InsertAsync(string slug, string title)
    {
        var document = new Document(slug, title, $"Body of {title} {OwnMarker}");
        _wroteDocuments = true;
        await Store.InsertAsync(document);
        _fixture.RecordDocumentCreated();
        return document;
    }

    /// <summary>Reads the document this test wrote; its body carries this process's id, so another session's document under the same slug is told apart.</summary>
    private async Task<Document> ReadOwnAsync(Document own)
    {
        var found = await Store.FindAsync(own.Slug) ?? throw new Xunit.Sdk.XunitException(Gone(own.Slug));
        if (!found.Body.EndsWith(OwnMarker, StringComparison.Ordinal))
        {
            throw new Xunit.Sdk.XunitException($"{Gone(own.Slug)} The document now under that slug is another session's: \"{found.Body}\".");
        }

        return found;
    }

    private static string OwnMarker => $"(process {Environment.ProcessId})";

    private static string Gone(string slug) =>
        $"{FailureKinds.DeletedByOtherSession} document '{slug}' that this test inserted was gone when it read it again: another session's teardown deleted it.";

    private Task WorkAsync(bool half = false) => Task.Delay(half ? _fixture.WorkTime / 2 : _fixture.WorkTime);

    private IReadOnlyList<InstructionEntry> ReadHistory()
    {
        // The unlocked tooling may be caught half-way through a write; read again rather than report that as a loss.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return InstructionHistory.Read(_fixture.SharedDirectory);
            }
            catch (Exception ex) when ((ex is JsonException or IOException) && attempt < 20)
            {
                Thread.Sleep(5);
            }
        }
    }
}
