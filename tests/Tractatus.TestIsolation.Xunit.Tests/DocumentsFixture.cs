using Tractatus.TestIsolation.Sqlite;

namespace Tractatus.TestIsolation.Xunit.Tests;

/// <summary>What a user writes: inherit the fixture for SQLite, create the schema and seed a row with a per-session slug.</summary>
public sealed class DocumentsFixture : SessionIsolatedFixture<SqliteDatabaseProvider>
{
    public string SeededSlug { get; private set; } = string.Empty;

    protected override async Task SeedAsync()
    {
        SeededSlug = Slug("test-document-integration");
        await using var connection = await Provider.OpenConnectionAsync(Database);
        await using var command = connection.CreateCommand();
        command.CommandText = "CREATE TABLE documents (slug TEXT NOT NULL UNIQUE, title TEXT); INSERT INTO documents (slug, title) VALUES ($slug, 'Test Document');";
        command.Parameters.AddWithValue("$slug", SeededSlug);
        await command.ExecuteNonQueryAsync();
    }
}
