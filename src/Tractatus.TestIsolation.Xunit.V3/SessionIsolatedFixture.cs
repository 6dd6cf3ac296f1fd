using Tractatus.TestIsolation.Databases;
using Tractatus.TestIsolation.Run;
using Xunit;

namespace Tractatus.TestIsolation.Xunit.V3;

/// <summary>
/// An xUnit v3 class, collection or assembly fixture that gives the tests a database of their own test session:
/// created in <see cref="InitializeAsync"/>, leased and heartbeated while the tests run, dropped in
/// <see cref="DisposeAsync"/> even when tests failed. Use it as is (<c>IClassFixture&lt;SessionIsolatedFixture&lt;SqliteDatabaseProvider&gt;&gt;</c>,
/// the provider configured from the environment) or inherit it to override <see cref="SessionDatabaseFixture.SeedAsync"/>
/// or <see cref="SessionDatabaseFixture{TProvider}.CreateProvider"/>.
/// </summary>
/// <typeparam name="TProvider">The provider type, e.g. <c>PostgreSqlDatabaseProvider</c>.</typeparam>
public class SessionIsolatedFixture<TProvider> : SessionDatabaseFixture<TProvider>, IAsyncLifetime
    where TProvider : class, IIsolatedDatabaseProvider
{
    /// <summary>Creates the session database, records it, starts its heartbeat, sweeps expired orphans once per target, then seeds.</summary>
    public virtual async ValueTask InitializeAsync() => await InitializeDatabaseAsync().ConfigureAwait(false);

    /// <summary>Drops the session database and disposes the provider (see <see cref="SessionDatabaseFixture.DropDatabaseAsync"/>).</summary>
    public virtual async ValueTask DisposeAsync()
    {
        await DropDatabaseAsync().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }
}
