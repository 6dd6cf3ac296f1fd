using Tractatus.TestIsolation.Databases;
using Tractatus.TestIsolation.Run;

namespace Tractatus.TestIsolation.MSTest;

/// <summary>
/// A class-level session database for MSTest: hold one in a static field, call <see cref="InitializeAsync"/> from
/// <c>[ClassInitialize]</c> and <see cref="DisposeAsync"/> from <c>[ClassCleanup]</c>. Created, leased and heartbeated while
/// the class's tests run, dropped even when tests failed. Without an override of
/// <see cref="SessionDatabaseFixture{TProvider}.CreateProvider"/> the provider is configured from the environment.
/// </summary>
/// <typeparam name="TProvider">The provider type, e.g. <c>PostgreSqlDatabaseProvider</c>.</typeparam>
public class SessionIsolatedFixture<TProvider> : SessionDatabaseFixture<TProvider>, IAsyncDisposable
    where TProvider : class, IIsolatedDatabaseProvider
{
    /// <summary>Creates the session database and seeds it.</summary>
    public Task InitializeAsync() => InitializeDatabaseAsync();

    /// <summary>Drops the session database and disposes the provider.</summary>
    public async ValueTask DisposeAsync()
    {
        await DropDatabaseAsync().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }
}
