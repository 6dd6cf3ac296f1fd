using Tractatus.TestIsolation.Databases;
using Tractatus.TestIsolation.Run;
using Tractatus.TestIsolation.Sqlite;

namespace Tractatus.TestIsolation.Xunit.Tests;

/// <summary>
/// A fixture whose lifecycle a test drives by hand: its own folder, its own registry (so it never touches the
/// run's), and switches for the prefix, the lease and a failing seed.
/// </summary>
internal sealed class FolderFixture : SessionIsolatedFixture<SqliteDatabaseProvider>
{
    private readonly string _folder;
    private readonly string? _prefix;
    private readonly LeaseOptions? _lease;
    private readonly Exception? _seedFailure;

    public FolderFixture(string folder, SessionDatabaseRegistry registry, TestSession session, string? prefix = null, LeaseOptions? lease = null, Exception? seedFailure = null)
    {
        _folder = folder;
        _prefix = prefix;
        _lease = lease;
        _seedFailure = seedFailure;
        Registry = registry;
        UseSession(session);
    }

    public string DatabasePath => Database.DisplayName;

    protected override string DatabasePrefix => _prefix ?? base.DatabasePrefix;

    protected override LeaseOptions LeaseOptions => _lease ?? base.LeaseOptions;

    protected override SqliteDatabaseProvider CreateProvider() =>
        new(SqliteProviderOptions.For(Session) with { Folder = _folder, Lease = LeaseOptions });

    protected override Task SeedAsync() => _seedFailure is null ? Task.CompletedTask : Task.FromException(_seedFailure);
}
