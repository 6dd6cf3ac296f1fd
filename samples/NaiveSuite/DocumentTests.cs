using MongoDB.Driver;
using NaiveSuite.Tooling;

namespace NaiveSuite;

[Collection(DocumentCollection.Name)]
public sealed class DocumentTests
{
    private readonly DocumentFixture _fixture;

    public DocumentTests(DocumentFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task Seeded_document_can_be_found_by_slug()
    {
        var found = await _fixture.Documents
            .Find(d => d.Slug == "test-document-integration") // expect: TI1001
            .SingleOrDefaultAsync();

        Assert.NotNull(found);
        Assert.Equal("Test Document", found.Title);
    }

    [Fact]
    public async Task Seeded_document_has_a_body()
    {
        var found = await _fixture.Documents
            .Find(Builders<Document>.Filter.Empty)
            .ToListAsync();

        // Fixed expected values in assertions are good practice and are not flagged.
        Assert.Contains(found, d => d.Slug == "test-document-integration" && d.Body.Length > 0);
    }

    [Fact]
    public void Instruction_history_gains_exactly_one_entry()
    {
        var root = Directory.GetCurrentDirectory();
        var before = InstructionHistory.Read(root).Count;

        var after = InstructionHistory.Append(root, "Run the document integration tests.");

        // With a second session appending at the same time, both read the same count and one append is lost.
        Assert.Equal(before + 1, after);
        Assert.Equal(after, InstructionHistory.Read(root).Count);
    }
}
