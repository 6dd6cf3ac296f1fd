using Tractatus.TestIsolation.PostgreSql;
using Tractatus.TestIsolation.TUnit;

namespace IsolatedSuite;

public static class Run
{
    [Before(TestSession)]
    public static void Start() => SessionIsolation.StartRun();

    [After(TestSession)]
    public static Task End() => SessionIsolation.EndRunAsync();
}

public sealed class DocumentsFixture : SessionIsolatedFixture<PostgreSqlDatabaseProvider>
{
    public string SeededSlug { get; private set; } = "";

    protected override async Task SeedAsync() => SeededSlug = await Documents.SeedAsync(this);
}

[ClassDataSource<DocumentsFixture>(Shared = SharedType.PerClass)]
public sealed class DocumentTests(DocumentsFixture db)
{
    [Test]
    public Task Inserts_a_document_with_a_unique_slug() => Documents.InsertAndFindAsync(db);

    [Test]
    public Task Keeps_the_database_while_the_tests_run() => Documents.HoldAndCheckAsync(db, db.SeededSlug);
}
