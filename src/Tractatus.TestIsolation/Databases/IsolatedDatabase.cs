namespace Tractatus.TestIsolation.Databases;

/// <summary>A session-scoped database a provider created.</summary>
/// <param name="Provider">The provider's <see cref="IIsolatedDatabaseProvider.Name"/>.</param>
/// <param name="Name">The database name (for SQLite, the file name without folder).</param>
/// <param name="ConnectionString">A connection string that opens this database; never logged, may hold a password.</param>
/// <param name="DisplayName">Where the database is, with any password redacted, for messages.</param>
public sealed record IsolatedDatabase(string Provider, string Name, string ConnectionString, string DisplayName);
