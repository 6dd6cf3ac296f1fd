using Tractatus.TestIsolation.Run;
using Xunit;

namespace Tractatus.TestIsolation.Xunit;

/// <summary>
/// Base class for an xUnit class or collection fixture that gives the tests a database of their own
/// test session: created in <see cref="InitializeAsync"/>, leased and heartbeated while the tests run,
/// dropped in <see cref="DisposeAsync"/> even when tests failed. Inherit
/// <see cref="SessionIsolatedFixture{TProvider}"/> (or this class) and choose the provider.
/// </summary>
/// <remarks>
/// On first use per provider target (server or folder) in a run, the fixture also sweeps databases of
/// crashed sessions whose leases expired. Apply <c>[assembly: UseSessionIsolation]</c> so the whole run
/// shares one session, anything a fixture left is dropped at the end, and a summary is printed.
/// </remarks>
public abstract class SessionIsolatedFixture : SessionDatabaseFixture, IAsyncLifetime
{
    /// <summary>Creates the session database, records it, starts its heartbeat, sweeps expired orphans once per target, then seeds.</summary>
    public virtual Task InitializeAsync() => InitializeDatabaseAsync();

    /// <summary>
    /// Drops the session database (also after failed tests or a failed seed) and disposes the provider. Safe after a
    /// failed <see cref="InitializeAsync"/> and when called twice. When the drop fails, the database stays recorded
    /// so the end of the run retries it, and the exception propagates.
    /// </summary>
    public virtual Task DisposeAsync() => DropDatabaseAsync();
}
