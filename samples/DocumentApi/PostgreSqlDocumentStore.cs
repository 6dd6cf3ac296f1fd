using Npgsql;

namespace DocumentApi;

/// <summary>Documents in a PostgreSQL database, through ADO.NET (Npgsql).</summary>
public sealed class PostgreSqlDocumentStore : IDocumentStore
{
    private readonly NpgsqlDataSource _dataSource;

    /// <param name="connectionString">Npgsql connection string of the database that holds the documents.</param>
    public PostgreSqlDocumentStore(string connectionString)
    {
        _dataSource = NpgsqlDataSource.Create(connectionString);
    }

    public async Task EnsureSchemaAsync()
    {
        await using var command = _dataSource.CreateCommand("""
            CREATE TABLE IF NOT EXISTS documents (
                slug text NOT NULL,
                title text NOT NULL,
                body text NOT NULL,
                status text NOT NULL,
                revision integer NOT NULL);
            CREATE UNIQUE INDEX IF NOT EXISTS documents_slug ON documents (slug);
            """);
        try
        {
            await command.ExecuteNonQueryAsync();
        }
        catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DuplicateTable or PostgresErrorCodes.DuplicateObject)
        {
            // Two sessions creating the schema of one shared database at once: the other one won, the schema exists.
        }
    }

    public async Task InsertAsync(Document document)
    {
        await using var command = _dataSource.CreateCommand("INSERT INTO documents (slug, title, body, status, revision) VALUES ($1, $2, $3, $4, $5)");
        AddValues(command, document);
        try
        {
            await command.ExecuteNonQueryAsync();
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new DuplicateSlugException(document.Slug, ex);
        }
    }

    public async Task<Document?> FindAsync(string slug) =>
        (await QueryAsync("SELECT slug, title, body, status, revision FROM documents WHERE slug = $1", slug)).SingleOrDefault();

    public async Task<bool> UpdateAsync(Document document)
    {
        await using var command = _dataSource.CreateCommand("UPDATE documents SET title = $2, body = $3, status = $4, revision = $5 WHERE slug = $1");
        AddValues(command, document);
        return await command.ExecuteNonQueryAsync() == 1;
    }

    public async Task<bool> DeleteAsync(string slug)
    {
        await using var command = _dataSource.CreateCommand("DELETE FROM documents WHERE slug = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = slug });
        return await command.ExecuteNonQueryAsync() > 0;
    }

    public Task<IReadOnlyList<Document>> ListAsync(string slugPrefix) =>
        QueryAsync("SELECT slug, title, body, status, revision FROM documents WHERE starts_with(slug, $1) ORDER BY slug", slugPrefix);

    public ValueTask DisposeAsync()
    {
        // Pooled connections would keep the database from being dropped.
        NpgsqlConnection.ClearAllPools();
        return _dataSource.DisposeAsync();
    }

    private static void AddValues(NpgsqlCommand command, Document document)
    {
        command.Parameters.Add(new NpgsqlParameter { Value = document.Slug });
        command.Parameters.Add(new NpgsqlParameter { Value = document.Title });
        command.Parameters.Add(new NpgsqlParameter { Value = document.Body });
        command.Parameters.Add(new NpgsqlParameter { Value = document.Status });
        command.Parameters.Add(new NpgsqlParameter { Value = document.Revision });
    }

    private async Task<IReadOnlyList<Document>> QueryAsync(string sql, string value)
    {
        await using var command = _dataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter { Value = value });
        await using var reader = await command.ExecuteReaderAsync();
        var documents = new List<Document>();
        while (await reader.ReadAsync())
        {
            documents.Add(new Document(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt32(4)));
        }

        return documents;
    }
}
