using Tractatus.TestIsolation.Databases;
using Xunit;

namespace Tractatus.TestIsolation.Xunit;

/// <summary>
/// Base class for an xUnit class or collection fixture that gives the tests a database of their own
/// test session: created in <see cref="InitializeAsync"/>, leased and heartbeated while the tests run,
/// dropped in <see cref="DisposeAsync"/> even when tests failed. Inherit it (or
/// <see cref="SessionIsolatedFixture{TProvider}"/> for typed access to the provider) and choose the provider.
/// </summary>
/// <remarks>
/// <para>
/// This package references only the core library, so choosing MongoDB does not pull SQLite or Npgsql.
/// The embedded default, <c>SqliteSessionFixture</c>, therefore ships in the <c>Tractatus.TestIsolation.Sqlite</c>
/// package, which references this one.
/// </para>
/// <para>
/// On first use per provider target (server or folder) in a run, the fixture also sweeps databases of
/// crashed sessions whose leases expired. Apply <c>[assembly: UseSessionIsolation]</c> so the whole run
/// shares one session, anything a fixture left is dropped at the end, and a summary is printed.
/// </para>
/// </remarks>
public abstract class SessionIsolatedFixture : IAsyncLifetime
{
    private TestSession? _session;
    private IIsolatedDatabaseProvider? _provider;
    private RegisteredDatabase? _registered;
    private int _disposed;

    /// <summary>The session of this test run (the framework hook's, else <see cref="TestSession.Current"/>).</summary>
    public TestSession Session => _session ??= TestSession.Current;

    /// <summary>The provider this fixture created the database with.</summary>
    /// <exception cref="InvalidOperationException">Used before <see cref="InitializeAsync"/>.</exception>
    public IIsolatedDatabaseProvider Provider => _provider ?? throw NotInitialized(nameof(Provider));

    /// <summary>The session database.</summary>
    /// <exception cref="InvalidOperationException">Used before <see cref="InitializeAsync"/> completed.</exception>
    public IsolatedDatabase Database => _registered?.Database ?? throw NotInitialized(nameof(Database));

    /// <summary>The session database's name, e.g. <c>tractatus_0m5x2k9qzab3f7k</c>; use it instead of a fixed name.</summary>
    public string DatabaseName => Database.Name;

    /// <summary>What the first-use sweep removed or left; null when another fixture swept this target already.</summary>
    public SweepReport? SweepReport { get; private set; }

    /// <summary>
    /// Prefix of the session database name. Default: the session's <see cref="TestSessionOptions.DatabasePrefix"/>
    /// (<c>tractatus</c>, or the environment variable <c>TRACTATUS_DATABASE_PREFIX</c>).
    /// </summary>
    protected virtual string DatabasePrefix => Session.Options.DatabasePrefix;

    /// <summary>
    /// Lease settings used for heartbeats. Default: the session's (<c>TRACTATUS_LEASE_TTL_SECONDS</c>).
    /// A provider configured with a shorter time to live must be matched here, or its lease lapses between beats.
    /// </summary>
    protected virtual LeaseOptions LeaseOptions => Session.Options.Lease;

    /// <summary>The registry that records the database; the process-wide one unless a test replaces it.</summary>
    internal SessionDatabaseRegistry Registry { get; set; } = SessionDatabaseRegistry.Shared;

    /// <summary>Runs the fixture under <paramref name="session"/> instead of the ambient one (tests of the fixture itself).</summary>
    internal void UseSession(TestSession session) => _session = session;

    /// <summary>A slug unique to this call, e.g. <c>test-document-0m5x2k9qzab3f7k-1</c>. See <see cref="TestSession.Slug"/>.</summary>
    public string Slug(string @base) => Session.Slug(@base);

    /// <summary>An identifier unique to this call that keeps the base's case. See <see cref="TestSession.Unique"/>.</summary>
    public string Unique(string @base) => Session.Unique(@base);

    /// <summary>An e-mail address unique to this call (plus addressing). See <see cref="TestSession.Email"/>.</summary>
    public string Email(string address) => Session.Email(address);

    /// <summary>Creates the provider; called once per fixture. The fixture disposes it after dropping the database.</summary>
    protected abstract IIsolatedDatabaseProvider CreateProvider();

    /// <summary>Runs after the database exists: create tables, unique indexes, seed rows. Default: nothing.</summary>
    protected virtual Task SeedAsync() => Task.CompletedTask;

    /// <summary>Creates the session database, records it, starts its heartbeat, sweeps expired orphans once per target, then seeds.</summary>
    public virtual async Task InitializeAsync()
    {
        var session = Session;
        _provider = CreateProvider() ?? throw new InvalidOperationException($"{GetType().Name}.CreateProvider() returned null; return the provider for the session database.");
        var database = await _provider.CreateDatabaseAsync(session, DatabasePrefix).ConfigureAwait(false);
        _registered = Registry.Register(_provider, session, database, LeaseOptions);

        // After creating: this session's own database is never swept, and an unreachable server has already failed fast above.
        if (Registry.TryClaimSweep(SweepTarget(_provider, database)))
        {
            try
            {
                SweepReport = await _provider.SweepExpiredAsync(session).ConfigureAwait(false);
                Registry.RecordSweep(SweepReport);
            }
#pragma warning disable CA1031 // A failed sweep of other runs' leftovers must not fail this run's tests.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Registry.AddWarning($"Sweeping expired {_provider.Name} databases failed: {ex.GetType().Name}: {ex.Message}");
            }
        }

        await SeedAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Drops the session database (also after failed tests or a failed <see cref="SeedAsync"/>) and disposes
    /// the provider. Safe after a failed <see cref="InitializeAsync"/> and when called twice. When the drop
    /// fails, the database stays registered so the end of the run retries it, and the exception propagates.
    /// </summary>
    public virtual async Task DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        var provider = _provider;
        var registered = _registered;
        if (provider is null)
        {
            return;
        }

        if (registered is null)
        {
            await provider.DisposeAsync().ConfigureAwait(false);
            return;
        }

        bool dropped;
        try
        {
            dropped = await Registry.DropAsync(registered).ConfigureAwait(false);
        }
        catch
        {
            registered.ProviderOwnedByRegistry = true;
            throw;
        }

        if (!dropped)
        {
            registered.ProviderOwnedByRegistry = true;
            Registry.AddWarning($"{provider.Name} refused to drop {registered.Database.DisplayName}: its lease is not session {registered.Session.Id}'s.");
            return;
        }

        if (!registered.ProviderOwnedByRegistry)
        {
            await provider.DisposeAsync().ConfigureAwait(false); // else the run-end teardown already did
        }
    }

    /// <summary>Identifies the server or folder: the display name with this database's name taken out.</summary>
    private static string SweepTarget(IIsolatedDatabaseProvider provider, IsolatedDatabase database) =>
        provider.Name + "|" + database.DisplayName.Replace(database.Name, "*", StringComparison.Ordinal);

    private InvalidOperationException NotInitialized(string member) =>
        new($"{GetType().Name}.{member} is not available: the fixture was not initialized, or InitializeAsync failed. Use the fixture through IClassFixture<{GetType().Name}> / ICollectionFixture, or call InitializeAsync first.");
}
