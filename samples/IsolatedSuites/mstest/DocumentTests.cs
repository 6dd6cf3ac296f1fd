using Microsoft.VisualStudio.TestTools.UnitTesting;
using Tractatus.TestIsolation.MSTest;
using Tractatus.TestIsolation.PostgreSql;

namespace IsolatedSuite;

[TestClass]
public static class Run
{
    [AssemblyInitialize]
    public static void Start(TestContext context) => SessionIsolation.StartRun(context);

    [AssemblyCleanup]
    public static Task End() => SessionIsolation.EndRunAsync();
}

public sealed class DocumentsFixture : SessionIsolatedFixture<PostgreSqlDatabaseProvider>
{
    public string SeededSlug { get; private set; } = "";

    protected override async Task SeedAsync() => SeededSlug = await Documents.SeedAsync(this);
}

[TestClass]
public sealed class DocumentTests
{
    private static readonly DocumentsFixture Db = new();

    [ClassInitialize]
    public static Task Initialize(TestContext context) => Db.InitializeAsync();

    [ClassCleanup]
    public static async Task Cleanup() => await Db.DisposeAsync();

    [TestMethod]
    public Task Inserts_a_document_with_a_unique_slug() => Documents.InsertAndFindAsync(Db);

    [TestMethod]
    public Task Keeps_the_database_while_the_tests_run() => Documents.HoldAndCheckAsync(Db, Db.SeededSlug);
}
