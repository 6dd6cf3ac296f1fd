namespace DocumentApi;

/// <summary>Documents keyed by their unique slug, over one database.</summary>
public interface IDocumentStore : IAsyncDisposable
{
    /// <summary>Creates the documents table or collection and its unique index on slug, if missing.</summary>
    Task EnsureSchemaAsync();

    /// <summary>Inserts a new document.</summary>
    /// <exception cref="DuplicateSlugException">A document with this slug exists already.</exception>
    Task InsertAsync(Document document);

    /// <summary>The document with this slug, or null.</summary>
    Task<Document?> FindAsync(string slug);

    /// <summary>Replaces title, body, status and revision of the document with this slug; false when it does not exist.</summary>
    Task<bool> UpdateAsync(Document document);

    /// <summary>Deletes the document with this slug; false when it did not exist.</summary>
    Task<bool> DeleteAsync(string slug);

    /// <summary>Documents whose slug starts with <paramref name="slugPrefix"/>, ordered by slug.</summary>
    Task<IReadOnlyList<Document>> ListAsync(string slugPrefix);
}
