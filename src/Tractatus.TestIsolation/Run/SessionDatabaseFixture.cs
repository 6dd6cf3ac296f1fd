using System.Reflection;
using Tractatus.TestIsolation.Databases;

namespace Tractatus.TestIsolation.Run;

/// <summary>
/// The framework-neutral part of a fixture that gives tests a database of their own session: the provider, the
/// <see cref="SessionDatabase"/> (created, heartbeated, dropped), seeding, and per-session values. Each framework
/// adapter derives from it and calls <see cref="InitializeDatabaseAsync"/> and <see cref="DropDatabaseAsync"/> from
/// that framework's setup and teardown; it can also be driven by hand.
/// </summary>
public abstract class SessionDatabaseFixture
{
    private TestSession? _session;
    private IIsolatedDatabaseProvider? _provider;
    private SessionDatabase? _database;
    private int _initialized;
    private int _dropped;

    /// <summary>The session of this test run: the active <see cref="SessionRun"/>'s, else <see cref="TestSession.Current"/>.</summary>
    public TestSession Session => _session ??= SessionRun.Active?.Session ?? TestSession.Current;

    /// <summary>The provider the database was created with.</summary>
    /// <exception cref="InvalidOperationException">Used before <see cref="InitializeDatabaseAsync"/>.</exception>
    public IIsolatedDatabaseProvider Provider => _provider ?? throw NotInitialized(nameof(Provider));

    /// <summary>The session database.</summary>
    /// <exception cref="InvalidOperationException">Used before <see cref="InitializeDatabaseAsync"/> completed.</exception>
    public IsolatedDatabase Database => _database?.Database ?? throw NotInitialized(nameof(Database));

    /// <summary>The session database's name, e.g. <c>tractatus_0m5x2k9qzab3f7k</c>; use it instead of a fixed name.</summary>
    public string DatabaseName => Database.Name;

    /// <summary>What the first-use sweep removed or left; null when another database swept this target already.</summary>
    public SweepReport? SweepReport => _database?.SweepReport;

    /// <summary>Prefix of the database name. Default: the session's <see cref="TestSessionOptions.DatabasePrefix"/> (<c>TRACTATUS_DATABASE_PREFIX</c>).</summary>
    protected virtual string DatabasePrefix => Session.Options.DatabasePrefix;

    /// <summary>
    /// Lease settings used for heartbeats. Default: the session's (<c>TRACTATUS_LEASE_TTL_SECONDS</c>).
    /// A provider configured with a shorter time to live must be matched here, or its lease lapses between beats.
    /// </summary>
    protected virtual LeaseOptions LeaseOptions => Session.Options.Lease;

    /// <summary>Where the database is recorded; the process-wide registry unless a test replaces it.</summary>
    internal SessionDatabaseRegistry Registry { get; set; } = SessionDatabaseRegistry.Shared;

    /// <summary>A slug unique to this call, e.g. <c>test-document-0m5x2k9qzab3f7k-1</c>. See <see cref="TestSession.Slug"/>.</summary>
    public string Slug(string @base) => Session.Slug(@base);

    /// <summary>An identifier unique to this call that keeps the base's case. See <see cref="TestSession.Unique"/>.</summary>
    public string Unique(string @base) => Session.Unique(@base);

    /// <summary>An e-mail address unique to this call (plus addressing). See <see cref="TestSession.Email"/>.</summary>
    public string Email(string address) => Session.Email(address);

    /// <summary>
    /// Creates the session database (once), records it, starts its heartbeat, sweeps expired orphans once per target,
    /// then runs <see cref="SeedAsync"/>. The fixture disposes the provider after dropping the database.
    /// </summary>
    public async Task InitializeDatabaseAsync()
    {
        if (Interlocked.Exchange(ref _initialized, 1) == 1)
        {
            return;
        }

        var session = Session;
        _provider = CreateProvider() ?? throw new InvalidOperationException($"{GetType().Name}.CreateProvider() returned null; return the provider for the session database.");
        var options = new SessionDatabaseOptions { Prefix = DatabasePrefix, Session = session, Lease = LeaseOptions, DisposeProvider = true };
        SessionDatabase database;
        try
        {
            database = await SessionDatabase.CreateAsync(_provider, options, Registry, CancellationToken.None).ConfigureAwait(false);
        }
        catch
        {
            await _provider.DisposeAsync().ConfigureAwait(false);
            _provider = null;
            throw;
        }

        _database = database;
        await SeedAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Drops the session database (also after failed tests or a failed <see cref="SeedAsync"/>) and disposes the provider.
    /// Safe after a failed <see cref="InitializeDatabaseAsync"/> and when called twice. When the drop fails, the database
    /// stays recorded so the end of the run retries it, and the exception propagates.
    /// </summary>
    public async Task DropDatabaseAsync()
    {
        if (Interlocked.Exchange(ref _dropped, 1) == 1 || _database is null)
        {
            return;
        }

        await _database.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Creates the provider; called once per fixture. The fixture disposes it after dropping the database.</summary>
    protected abstract IIsolatedDatabaseProvider CreateProvider();

    /// <summary>Runs after the database exists: create tables, unique indexes, seed rows. Default: nothing.</summary>
    protected virtual Task SeedAsync() => Task.CompletedTask;

    /// <summary>Runs the fixture under <paramref name="session"/> instead of the run's (tests of the fixture itself).</summary>
    internal void UseSession(TestSession session) => _session = session;

    /// <summary>
    /// The provider as configured by the environment: its public static <c>FromEnvironment()</c> method (PostgreSQL,
    /// MongoDB), else its public parameterless constructor (SQLite).
    /// </summary>
    /// <exception cref="InvalidOperationException"><typeparamref name="TProvider"/> has neither; the message says to override <see cref="CreateProvider"/>.</exception>
    protected static TProvider ProviderFromEnvironment<TProvider>()
        where TProvider : class, IIsolatedDatabaseProvider
    {
        var type = typeof(TProvider);
        var fromEnvironment = type.GetMethod("FromEnvironment", BindingFlags.Public | BindingFlags.Static, Type.EmptyTypes);
        if (fromEnvironment is not null && type.IsAssignableFrom(fromEnvironment.ReturnType))
        {
            return (TProvider)fromEnvironment.Invoke(null, null)!;
        }

        if (type.GetConstructor(Type.EmptyTypes) is not null)
        {
            return (TProvider)Activator.CreateInstance(type)!;
        }

        throw new InvalidOperationException($"{type.Name} has no public static FromEnvironment() method and no public parameterless constructor, so the fixture cannot create it. Override CreateProvider() and return a configured {type.Name}.");
    }

    private InvalidOperationException NotInitialized(string member) =>
        new($"{GetType().Name}.{member} is not available: the fixture was not initialized, or its initialization failed. Let the test framework set it up (class fixture, one-time setup), or call InitializeDatabaseAsync first.");
}
