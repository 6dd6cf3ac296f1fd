namespace DocumentApi;

/// <summary>
/// The store refused an insert because the slug exists already (SQLite "UNIQUE constraint failed",
/// PostgreSQL 23505, MongoDB E11000). The message starts with <see cref="FailureKinds.DuplicateKey"/>
/// and keeps the server's own text, so a test report shows both.
/// </summary>
public sealed class DuplicateSlugException : Exception
{
    public DuplicateSlugException(string slug, Exception inner)
        : base($"{FailureKinds.DuplicateKey} slug '{slug}' already exists: {inner.Message}", inner)
    {
        Slug = slug;
    }

    public string Slug { get; }
}
