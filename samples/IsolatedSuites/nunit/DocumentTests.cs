using NUnit.Framework;
using Tractatus.TestIsolation.NUnit;
using Tractatus.TestIsolation.PostgreSql;

[assembly: UseSessionIsolation]

namespace IsolatedSuite;

public sealed class DocumentTests : SessionIsolatedFixture<PostgreSqlDatabaseProvider>
{
    private string _seededSlug = "";

    protected override async Task SeedAsync() => _seededSlug = await Documents.SeedAsync(this);

    [Test]
    public Task Inserts_a_document_with_a_unique_slug() => Documents.InsertAndFindAsync(this);

    [Test]
    public Task Keeps_the_database_while_the_tests_run() => Documents.HoldAndCheckAsync(this, _seededSlug);
}
