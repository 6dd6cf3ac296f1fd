using Microsoft.Data.Sqlite;

namespace DocumentApi;

/// <summary>Documents in a SQLite file, through ADO.NET.</summary>
public sealed class SqliteDocumentStore : IDocumentStore
{
    // SQLITE_CONSTRAINT (19) with the extended code SQLITE_CONSTRAINT_UNIQUE (2067).
    private const int ConstraintUnique = 2067;

    private readonly string _connectionString;

    public SqliteDocumentStore(string connectionString)
    {
        // Several processes may write one file: wait for a writer instead of failing with "database is locked".
        _connectionString = new SqliteConnectionStringBuilder(connectionString) { DefaultTimeout = 30 }.ToString();
    }

    public async Task EnsureSchemaAsync()
    {
        await using var connection = await OpenAsync();
        await ExecuteAsync(connection, """
            CREATE TABLE IF NOT EXISTS documents (
                slug TEXT NOT NULL,
                title TEXT NOT NULL,
                body TEXT NOT NULL,
                status TEXT NOT NULL,
                revision INTEGER NOT NULL);
            CREATE UNIQUE INDEX IF NOT EXISTS documents_slug ON documents (slug);
            """);
    }

    public async Task InsertAsync(Document document)
    {
        await using var connection = await OpenAsync();
        try
        {
            await ExecuteAsync(connection, "INSERT INTO documents (slug, title, body, status, revision) VALUES ($slug, $title, $body, $status, $revision)", document);
        }
        catch (SqliteException ex) when (ex.SqliteExtendedErrorCode == ConstraintUnique)
        {
            throw new DuplicateSlugException(document.Slug, ex);
        }
    }

    public async Task<Document?> FindAsync(string slug)
    {
        var found = await QueryAsync("SELECT slug, title, body, status, revision FROM documents WHERE slug = $slug", ("$slug", slug));
        return found.SingleOrDefault();
    }

    public async Task<bool> UpdateAsync(Document document)
    {
        await using var connection = await OpenAsync();
        return await ExecuteAsync(connection, "UPDATE documents SET title = $title, body = $body, status = $status, revision = $revision WHERE slug = $slug", document) == 1;
    }

    public async Task<bool> DeleteAsync(string slug)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM documents WHERE slug = $slug";
        command.Parameters.AddWithValue("$slug", slug);
        return await command.ExecuteNonQueryAsync() > 0;
    }

    public Task<IReadOnlyList<Document>> ListAsync(string slugPrefix) =>
        QueryAsync("SELECT slug, title, body, status, revision FROM documents WHERE substr(slug, 1, length($prefix)) = $prefix ORDER BY slug", ("$prefix", slugPrefix));

    public ValueTask DisposeAsync()
    {
        // Pooled connections keep the file open; release them so the file can be deleted.
        using (var connection = new SqliteConnection(_connectionString))
        {
            SqliteConnection.ClearPool(connection);
        }

        return ValueTask.CompletedTask;
    }

    private async Task<SqliteConnection> OpenAsync()
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync();
        return connection;
    }

    private static async Task<int> ExecuteAsync(SqliteConnection connection, string sql, Document? document = null)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        if (document is not null)
        {
            command.Parameters.AddWithValue("$slug", document.Slug);
            command.Parameters.AddWithValue("$title", document.Title);
            command.Parameters.AddWithValue("$body", document.Body);
            command.Parameters.AddWithValue("$status", document.Status);
            command.Parameters.AddWithValue("$revision", document.Revision);
        }

        return await command.ExecuteNonQueryAsync();
    }

    private async Task<IReadOnlyList<Document>> QueryAsync(string sql, (string Name, string Value) parameter)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue(parameter.Name, parameter.Value);
        await using var reader = await command.ExecuteReaderAsync();
        var documents = new List<Document>();
        while (await reader.ReadAsync())
        {
            documents.Add(new Document(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt32(4)));
        }

        return documents;
    }
}
