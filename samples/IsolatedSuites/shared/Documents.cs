using Npgsql;
using Tractatus.TestIsolation.PostgreSql;
using Tractatus.TestIsolation.Run;

namespace IsolatedSuite;

/// <summary>
/// What every consumer suite does with its session database, whatever the framework: a table with a UNIQUE slug,
/// seeded with a fixed-looking slug made per session, and a test that can hold the database for a while.
/// The harness (build/consumer-tests.sh) steers it through CONSUMER_* variables.
/// </summary>
public static class Documents
{
    public static async Task<string> SeedAsync(SessionDatabaseFixture fixture)
    {
        var slug = fixture.Slug("test-document-integration");
        await using var connection = await OpenAsync(fixture);
        await using (var command = new NpgsqlCommand("CREATE TABLE documents (slug text NOT NULL UNIQUE, title text); INSERT INTO documents (slug, title) VALUES (@slug, 'Test Document');", connection))
        {
            command.Parameters.AddWithValue("slug", slug);
            await command.ExecuteNonQueryAsync();
        }

        // Tells the harness which database this process got, once it exists.
        var reports = Environment.GetEnvironmentVariable("CONSUMER_REPORT_DIR");
        if (!string.IsNullOrEmpty(reports))
        {
            Directory.CreateDirectory(reports);
            await File.WriteAllTextAsync(Path.Combine(reports, fixture.DatabaseName + ".started"), fixture.Session.Id);
        }

        return slug;
    }

    public static async Task InsertAndFindAsync(SessionDatabaseFixture fixture)
    {
        var slug = fixture.Slug("test-document-integration");
        await using var connection = await OpenAsync(fixture);
        await using var insert = new NpgsqlCommand("INSERT INTO documents (slug, title) VALUES (@slug, 'Another')", connection);
        insert.Parameters.AddWithValue("slug", slug);
        await insert.ExecuteNonQueryAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM documents WHERE slug = @slug", connection);
        count.Parameters.AddWithValue("slug", slug);
        var found = (long)(await count.ExecuteScalarAsync())!;
        if (found != 1)
        {
            throw new InvalidOperationException($"Expected 1 document with slug {slug}, found {found}.");
        }
    }

    /// <summary>
    /// Holds the database until the file named by CONSUMER_RELEASE_FILE exists (not at all when unset), then checks the
    /// database and its seeded row are still there: the harness sweeps from another run meanwhile.
    /// </summary>
    public static async Task HoldAndCheckAsync(SessionDatabaseFixture fixture, string seededSlug)
    {
        var release = Environment.GetEnvironmentVariable("CONSUMER_RELEASE_FILE");
        var deadline = DateTime.UtcNow.AddMinutes(10);
        while (!string.IsNullOrEmpty(release) && !File.Exists(release) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        await using var connection = await OpenAsync(fixture);
        await using var command = new NpgsqlCommand("SELECT title FROM documents WHERE slug = @slug", connection);
        command.Parameters.AddWithValue("slug", seededSlug);
        var title = await command.ExecuteScalarAsync();
        if (!Equals(title, "Test Document"))
        {
            throw new InvalidOperationException($"The seeded document {seededSlug} is gone from {fixture.DatabaseName}.");
        }
    }

    private static Task<NpgsqlConnection> OpenAsync(SessionDatabaseFixture fixture) =>
        ((PostgreSqlDatabaseProvider)fixture.Provider).OpenConnectionAsync(fixture.Database);
}
