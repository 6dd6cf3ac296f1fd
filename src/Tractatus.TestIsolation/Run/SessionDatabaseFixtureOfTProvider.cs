using Tractatus.TestIsolation.Databases;

namespace Tractatus.TestIsolation.Run;

/// <summary>
/// A <see cref="SessionDatabaseFixture"/> whose <see cref="Provider"/> has the provider's own type, so tests reach its
/// client or connection helpers. Without an override of <see cref="CreateProvider"/> the provider is configured from
/// the environment (<c>TRACTATUS_*</c> variables), so <c>SessionDatabaseFixture&lt;SqliteDatabaseProvider&gt;</c> works as is.
/// </summary>
/// <typeparam name="TProvider">The provider type, e.g. <c>PostgreSqlDatabaseProvider</c>.</typeparam>
public class SessionDatabaseFixture<TProvider> : SessionDatabaseFixture
    where TProvider : class, IIsolatedDatabaseProvider
{
    /// <summary>The provider the database was created with.</summary>
    /// <exception cref="InvalidOperationException">Used before <see cref="SessionDatabaseFixture.InitializeDatabaseAsync"/>.</exception>
    public new TProvider Provider => (TProvider)base.Provider;

    /// <summary>Creates the provider. Default: configured from the environment (see <see cref="SessionDatabaseFixture.ProviderFromEnvironment{T}"/>).</summary>
    protected override TProvider CreateProvider() => ProviderFromEnvironment<TProvider>();
}
