using NUnit.Framework;
using Tractatus.TestIsolation.Databases;
using Tractatus.TestIsolation.Run;

namespace Tractatus.TestIsolation.NUnit;

/// <summary>
/// Base class for an NUnit test fixture with a database of its own test session: created in <see cref="CreateSessionDatabaseAsync"/>
/// (<c>[OneTimeSetUp]</c>), leased and heartbeated while the fixture's tests run, dropped in <see cref="DropSessionDatabaseAsync"/>
/// (<c>[OneTimeTearDown]</c>) even when tests failed. Without an override of <see cref="SessionDatabaseFixture{TProvider}.CreateProvider"/>
/// the provider is configured from the environment.
/// </summary>
/// <typeparam name="TProvider">The provider type, e.g. <c>PostgreSqlDatabaseProvider</c>.</typeparam>
public abstract class SessionIsolatedFixture<TProvider> : SessionDatabaseFixture<TProvider>
    where TProvider : class, IIsolatedDatabaseProvider
{
    /// <summary>Creates the session database and seeds it (called by NUnit once before the fixture's tests).</summary>
    [OneTimeSetUp]
    public Task CreateSessionDatabaseAsync() => InitializeDatabaseAsync();

    /// <summary>Drops the session database and disposes the provider (called by NUnit once after the fixture's tests).</summary>
    [OneTimeTearDown]
    public Task DropSessionDatabaseAsync() => DropDatabaseAsync();
}
