using TUnit.Core.Interfaces;
using Tractatus.TestIsolation.Databases;
using Tractatus.TestIsolation.Run;

namespace Tractatus.TestIsolation.TUnit;

/// <summary>
/// A session database as a TUnit class data source: <c>[ClassDataSource&lt;SessionIsolatedFixture&lt;SqliteDatabaseProvider&gt;&gt;(Shared = SharedType.PerClass)]</c>
/// on a test class that takes it in its constructor. TUnit initializes it before the class's tests (create, lease, heartbeat,
/// seed) and disposes it after them (drop, also when tests failed). Without an override of
/// <see cref="SessionDatabaseFixture{TProvider}.CreateProvider"/> the provider is configured from the environment.
/// </summary>
/// <typeparam name="TProvider">The provider type, e.g. <c>PostgreSqlDatabaseProvider</c>.</typeparam>
public class SessionIsolatedFixture<TProvider> : SessionDatabaseFixture<TProvider>, IAsyncInitializer, IAsyncDisposable
    where TProvider : class, IIsolatedDatabaseProvider
{
    /// <summary>Creates the session database and seeds it (called by TUnit).</summary>
    public Task InitializeAsync() => InitializeDatabaseAsync();

    /// <summary>Drops the session database and disposes the provider (called by TUnit).</summary>
    public async ValueTask DisposeAsync()
    {
        await DropDatabaseAsync().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }
}
