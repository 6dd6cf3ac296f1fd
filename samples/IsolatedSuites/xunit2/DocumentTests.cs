using Tractatus.TestIsolation.PostgreSql;
using Tractatus.TestIsolation.Xunit;
using Xunit;

[assembly: UseSessionIsolation]

namespace IsolatedSuite;

public sealed class DocumentsFixture : SessionIsolatedFixture<PostgreSqlDatabaseProvider>
{
    public string SeededSlug { get; private set; } = "";

    protected override async Task SeedAsync() => SeededSlug = await Documents.SeedAsync(this);
}

public sealed class DocumentTests(DocumentsFixture db) : IClassFixture<DocumentsFixture>
{
    [Fact]
    public Task Inserts_a_document_with_a_unique_slug() => Documents.InsertAndFindAsync(db);

    [Fact]
    public Task Keeps_the_database_while_the_tests_run() => Documents.HoldAndCheckAsync(db, db.SeededSlug);
}
