using Tractatus.TestIsolation.Databases;

namespace Tractatus.TestIsolation.Xunit;

/// <summary>
/// A <see cref="SessionIsolatedFixture"/> whose <see cref="Provider"/> has the provider's own type, so tests reach its
/// client or connection helpers. Without an override of <see cref="CreateProvider"/> the provider is configured from the
/// environment, so <c>IClassFixture&lt;SessionIsolatedFixture&lt;SqliteDatabaseProvider&gt;&gt;</c> works as is.
/// </summary>
/// <typeparam name="TProvider">The provider type, e.g. <c>SqliteDatabaseProvider</c>.</typeparam>
public class SessionIsolatedFixture<TProvider> : SessionIsolatedFixture
    where TProvider : class, IIsolatedDatabaseProvider
{
    /// <summary>The provider this fixture created the database with.</summary>
    /// <exception cref="InvalidOperationException">Used before <see cref="SessionIsolatedFixture.InitializeAsync"/>.</exception>
    public new TProvider Provider => (TProvider)base.Provider;

    /// <summary>Creates the provider. Default: configured from the environment (<c>FromEnvironment()</c> or the parameterless constructor).</summary>
    protected override TProvider CreateProvider() => ProviderFromEnvironment<TProvider>();
}
