using Microsoft.Data.Sqlite;
using Tractatus.TestIsolation.Xunit;

namespace Tractatus.TestIsolation.Sqlite;

/// <summary>
/// The default session fixture: a SQLite file per test session, no server needed. Use it directly
/// (<c>IClassFixture&lt;SqliteSessionFixture&gt;</c>) or inherit it to override <see cref="SessionIsolatedFixture.SeedAsync"/>
/// or <see cref="CreateOptions"/>.
/// </summary>
/// <remarks>
/// It lives in the SQLite package rather than in <c>Tractatus.TestIsolation.Xunit</c> so that the xUnit package
/// depends on the core only: a MongoDB or PostgreSQL user never pulls Microsoft.Data.Sqlite and its native
/// library. The price is that this package references the xUnit integration (xunit.extensibility.execution,
/// managed code only); one package reference then gives SQLite users the provider, the fixture and the
/// framework hook.
/// </remarks>
public class SqliteSessionFixture : SessionIsolatedFixture<SqliteDatabaseProvider>
{
    /// <summary>The session database's connection string (a file path).</summary>
    public string ConnectionString => SqliteDatabaseProvider.ConnectionStringFor(Database);

    /// <summary>Full path of the session database file.</summary>
    public string DatabasePath => Database.DisplayName;

    /// <summary>Opens a new connection to the session database; the caller disposes it.</summary>
    public SqliteConnection OpenConnection() => SqliteDatabaseProvider.OpenConnection(Database);

    /// <summary>Opens a new connection to the session database; the caller disposes it.</summary>
    public Task<SqliteConnection> OpenConnectionAsync(CancellationToken cancellationToken = default) =>
        SqliteDatabaseProvider.OpenConnectionAsync(Database, cancellationToken);

    /// <summary>Folder and lease settings. Default: <c>TRACTATUS_SQLITE_FOLDER</c> or the temp folder, and the session's lease TTL.</summary>
    protected virtual SqliteProviderOptions CreateOptions() => SqliteProviderOptions.For(Session) with { Lease = LeaseOptions };

    /// <inheritdoc />
    protected override SqliteDatabaseProvider CreateProvider() => new(CreateOptions());
}
