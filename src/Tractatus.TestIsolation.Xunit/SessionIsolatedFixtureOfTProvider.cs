using Tractatus.TestIsolation.Databases;

namespace Tractatus.TestIsolation.Xunit;

/// <summary>
/// A <see cref="SessionIsolatedFixture"/> whose <see cref="Provider"/> has the provider's own type, so tests
/// reach its client or connection helpers (e.g. <c>fixture.Provider.OpenConnection(fixture.Database)</c>).
/// </summary>
/// <typeparam name="TProvider">The provider type, e.g. <c>SqliteDatabaseProvider</c>.</typeparam>
public abstract class SessionIsolatedFixture<TProvider> : SessionIsolatedFixture
    where TProvider : class, IIsolatedDatabaseProvider
{
    /// <summary>The provider this fixture created the database with.</summary>
    /// <exception cref="InvalidOperationException">Used before <see cref="SessionIsolatedFixture.InitializeAsync"/>.</exception>
    public new TProvider Provider => (TProvider)base.Provider;

    /// <inheritdoc />
    protected abstract override TProvider CreateProvider();
}
