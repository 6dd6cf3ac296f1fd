using Tractatus.TestIsolation;

namespace DocumentApi.IsolatedTests;

/// <summary>
/// The document API's integration tests, isolated: each test's slugs come from the session
/// (<c>Slug("test-document-integration")</c>), in the session's own database, and the teardown deletes
/// only those slugs.
/// </summary>
[Collection(DocumentCollection.Name)]
public sealed class DocumentTests : IAsyncLifetime
{
    private readonly DocumentFixture _fixture;
    private readonly string _slug;
    private readonly string _copySlug;

    public DocumentTests(DocumentFixture fixture)
    {
        _fixture = fixture;
        _slug = fixture.Slug("test-document-integration");
        _copySlug = fixture.Slug("test-document-integration-copy");
    }

    private IDocumentStore Store => _fixture.Store;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await Store.DeleteAsync(_slug);
        await Store.DeleteAsync(_copySlug);
    }

    [Fact]
    public async Task Created_document_can_be_read_back()
    {
        var document = await InsertAsync(_slug, "Test Document");
        await WorkAsync();

        var found = await ReadOwnAsync(document);

        Assert.Equal("Test Document", found.Title);
    }

    [Fact]
    public async Task Title_update_is_saved()
    {
        var document = await InsertAsync(_slug, "Draft title");
        await WorkAsync();

        Assert.True(await Store.UpdateAsync(document with { Title = "Final title" }), Gone(document.Slug));

        Assert.Equal("Final title", (await ReadOwnAsync(document)).Title);
    }

    [Fact]
    public async Task Publishing_sets_the_status()
    {
        var document = await InsertAsync(_slug, "To publish");
        await WorkAsync();

        Assert.True(await Store.UpdateAsync(document with { Status = "published" }), Gone(document.Slug));

        Assert.Equal("published", (await ReadOwnAsync(document)).Status);
    }

    [Fact]
    public async Task Each_edit_adds_a_revision()
    {
        var document = await InsertAsync(_slug, "Revised");
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
        var document = await InsertAsync(_slug, "Listed");
        await WorkAsync();

        var listed = await Store.ListAsync(_slug);

        Assert.True(listed.Any(d => d.Slug == document.Slug && d.Body == document.Body), Gone(document.Slug));
    }

    [Fact]
    public async Task Deleting_removes_the_document()
    {
        var document = await InsertAsync(_slug, "To delete");
        await WorkAsync();
        await ReadOwnAsync(document);

        Assert.True(await Store.DeleteAsync(document.Slug));

        Assert.Null(await Store.FindAsync(document.Slug));
    }

    [UniqueIndexFact]
    public async Task Second_insert_of_a_slug_is_rejected()
    {
        var document = await InsertAsync(_slug, "Original");
        await WorkAsync();
        await ReadOwnAsync(document);

        await Assert.ThrowsAsync<DuplicateSlugException>(() => Store.InsertAsync(document with { Title = "Copy" }));
    }

    [Fact]
    public async Task Copy_gets_its_own_slug()
    {
        var original = await InsertAsync(_slug, "Original");
        var copy = await InsertAsync(_copySlug, original.Title);
        await WorkAsync();

        Assert.Equal((await ReadOwnAsync(original)).Title, (await ReadOwnAsync(copy)).Title);
    }

    [Fact]
    public async Task Body_is_kept_verbatim()
    {
        var document = new Document(_slug, "Verbatim", $"Zeilen\nmit Umlauten: äöü, and an emoji: 📄 {OwnMarker}");
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
            $"{FailureKinds.LostInstructionEntries} this session appended {appended} instruction entries, the history holds {mine} of them: {appended - mine} were lost.");
    }

    [Fact]
    public async Task Session_counter_counts_only_this_sessions_documents()
    {
        await InsertAsync(_slug, "Counted");
        await WorkAsync();

        var counted = _fixture.CounterInState();

        Assert.True(counted == _fixture.DocumentsCreated,
            $"{FailureKinds.BlendedCounter} session state says {counted} documents created, this session created {_fixture.DocumentsCreated} in its own state folder {_fixture.CountersPath}.");
    }

    private async Task<Document> InsertAsync(string slug, string title)
    {
        var document = new Document(slug, title, $"Body of {title} {OwnMarker}");
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
        // SharedStateFile replaces the file in one rename, so a reader always sees a whole version.
        return SharedStateFile.Read<List<InstructionEntry>>(_fixture.HistoryPath) ?? [];
    }
}
