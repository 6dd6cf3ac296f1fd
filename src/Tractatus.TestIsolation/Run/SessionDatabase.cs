using System.Globalization;
using Tractatus.TestIsolation.Databases;
using Tractatus.TestIsolation.Leases;

namespace Tractatus.TestIsolation.Run;

/// <summary>
/// A session database in use: created through a provider, its lease heartbeated until it is disposed, then
/// dropped. Use it with <c>await using</c> outside a framework adapter, so hand-written code is never swept while
/// it runs. Every one is tracked for the run: whatever is not disposed is dropped when the <see cref="SessionRun"/> ends.
/// </summary>
/// <remarks>On first use per provider target (server or folder) in a process, creating one also sweeps databases of crashed sessions whose leases expired.</remarks>
public sealed class SessionDatabase : IAsyncDisposable
{
    private readonly object _gate = new();
    private readonly SessionDatabaseRegistry _registry;
    private LeaseHeartbeat? _heartbeat;
    private bool _dropped;
    private bool _disposesProvider;
    private int _disposed;

    private SessionDatabase(IIsolatedDatabaseProvider provider, TestSession session, IsolatedDatabase database, LeaseOptions lease, bool disposeProvider, SessionDatabaseRegistry registry)
    {
        Provider = provider;
        Session = session;
        Database = database;
        _disposesProvider = disposeProvider;
        _registry = registry;
        _heartbeat = new LeaseHeartbeat(ct => provider.HeartbeatAsync(session, ct), lease);
    }

    /// <summary>The provider that created the database and drops it.</summary>
    public IIsolatedDatabaseProvider Provider { get; }

    /// <summary>The owning session.</summary>
    public TestSession Session { get; }

    /// <summary>The database: name, connection string, and where it is (for messages).</summary>
    public IsolatedDatabase Database { get; }

    /// <summary>The database's name, e.g. <c>tractatus_0m5x2k9qzab3f7k</c>.</summary>
    public string Name => Database.Name;

    /// <summary>What the first-use sweep of this target removed or left; null when another database swept it already.</summary>
    public SweepReport? SweepReport { get; private set; }

    /// <summary>True once the database was dropped.</summary>
    public bool IsDropped
    {
        get
        {
            lock (_gate)
            {
                return _dropped;
            }
        }
    }


    /// <summary>
    /// Creates a database of the session through <paramref name="provider"/>, records it for the run, starts renewing
    /// its lease, and sweeps expired orphans of the provider's target once per process.
    /// </summary>
    /// <exception cref="ArgumentException">The prefix breaks the server's naming rules.</exception>
    /// <exception cref="InvalidOperationException">The provider cannot create the database; the message says why and what to change.</exception>
    public static Task<SessionDatabase> CreateAsync(IIsolatedDatabaseProvider provider, SessionDatabaseOptions? options = null, CancellationToken cancellationToken = default) =>
        CreateAsync(provider, options, SessionDatabaseRegistry.Shared, cancellationToken);

    internal static async Task<SessionDatabase> CreateAsync(IIsolatedDatabaseProvider provider, SessionDatabaseOptions? options, SessionDatabaseRegistry registry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(provider);
        options ??= new SessionDatabaseOptions();
        var session = options.Session ?? SessionRun.Active?.Session ?? TestSession.Current;
        var database = await provider.CreateDatabaseAsync(session, options.Prefix ?? session.Options.DatabasePrefix, cancellationToken).ConfigureAwait(false);
        var created = new SessionDatabase(provider, session, database, options.Lease ?? session.Options.Lease, options.DisposeProvider, registry);
        registry.Add(created);

        // After creating: this session's own database is never swept, and an unreachable server has already failed fast above.
        if (registry.TryClaimSweep(SweepTarget(provider, database)))
        {
            try
            {
                created.SweepReport = await provider.SweepExpiredAsync(session, cancellationToken).ConfigureAwait(false);
                registry.RecordSweep(created.SweepReport);
            }
#pragma warning disable CA1031 // A failed sweep of other runs' leftovers must not fail this run's tests.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                registry.AddWarning($"Sweeping expired {provider.Name} databases failed: {ex.GetType().Name}: {ex.Message}");
            }
        }

        return created;
    }

    /// <summary>
    /// Stops the heartbeat and drops the database; true when it is gone (also when it was dropped before), false when
    /// the provider refused because the lease is not this session's. Exceptions of the provider propagate.
    /// </summary>
    public async Task<bool> DropAsync(CancellationToken cancellationToken = default)
    {
        if (IsDropped)
        {
            return true;
        }

        var heartbeatProblem = await StopHeartbeatAsync().ConfigureAwait(false);
        if (heartbeatProblem is not null)
        {
            _registry.AddWarning(heartbeatProblem);
        }

        var dropped = await Provider.DropDatabaseAsync(Session, Database.Name, cancellationToken).ConfigureAwait(false);
        if (dropped)
        {
            lock (_gate)
            {
                _dropped = true;
            }
        }

        return dropped;
    }

    /// <summary>
    /// Drops the database (see <see cref="DropAsync"/>) and, with <see cref="SessionDatabaseOptions.DisposeProvider"/>, disposes
    /// the provider. Safe to call twice. When the drop fails or is refused, the database stays recorded so the end of the run
    /// retries it (and disposes the provider afterwards); a provider exception propagates.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        bool dropped;
        try
        {
            dropped = await DropAsync().ConfigureAwait(false);
        }
        catch
        {
            _registry.DisposeProviderAtEnd(this);
            throw;
        }

        if (!dropped)
        {
            _registry.DisposeProviderAtEnd(this);
            _registry.AddWarning($"{Provider.Name} refused to drop {Database.DisplayName}: its lease is not session {Session.Id}'s.");
            return;
        }

        if (TakeProviderOwnership())
        {
            await Provider.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Database.Provider} database {Database.DisplayName} of session {Session.Id}{(IsDropped ? " (dropped)" : string.Empty)}");

    /// <summary>True exactly once when this object is responsible for disposing <see cref="Provider"/>; the caller then disposes it.</summary>
    internal bool TakeProviderOwnership()
    {
        lock (_gate)
        {
            var owned = _disposesProvider;
            _disposesProvider = false;
            return owned;
        }
    }

    /// <summary>Stops renewing the lease; returns the last heartbeat error when any beat failed, for the run summary.</summary>
    private async ValueTask<string?> StopHeartbeatAsync()
    {
        LeaseHeartbeat? heartbeat;
        lock (_gate)
        {
            heartbeat = _heartbeat;
            _heartbeat = null;
        }

        if (heartbeat is null)
        {
            return null;
        }

        await heartbeat.DisposeAsync().ConfigureAwait(false);
        return heartbeat.FailedBeats == 0
            ? null
            : string.Create(CultureInfo.InvariantCulture, $"{heartbeat.FailedBeats} lease heartbeat(s) of {Database.DisplayName} failed, last: {heartbeat.LastError?.GetType().Name}: {heartbeat.LastError?.Message}");
    }

    /// <summary>Identifies the server or folder: the display name with this database's name taken out.</summary>
    private static string SweepTarget(IIsolatedDatabaseProvider provider, IsolatedDatabase database) =>
        provider.Name + "|" + database.DisplayName.Replace(database.Name, "*", StringComparison.Ordinal);
}
