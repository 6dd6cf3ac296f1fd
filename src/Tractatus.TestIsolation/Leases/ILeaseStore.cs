namespace Tractatus.TestIsolation.Leases;

/// <summary>
/// One place that holds leased session resources (a database server, a SQLite folder, a state root): what
/// <see cref="LeaseSweeper.ListAsync"/> and <see cref="LeaseSweeper.SweepAsync"/> work on. Get one from a provider's
/// <see cref="Databases.IIsolatedDatabaseProvider.LeaseStore"/> or from <see cref="SessionStateDirectory.LeaseStoreFor"/>.
/// </summary>
/// <remarks>
/// A handle, not an extension point: reading a lease and removing a resource under its lock are internal to this
/// library's packages, so only the stores they ship implement it. Everything that is decided rather than read
/// (which names count, what is live, what may go, error isolation per item, dry runs, reports) is
/// <see cref="LeaseSweeper"/>'s, written once for every store.
/// </remarks>
public interface ILeaseStore
{
    /// <summary>Provider kind for reports, e.g. <c>postgresql</c>, <c>mongodb</c>, <c>sqlite</c>, <c>state</c>.</summary>
    string Kind { get; }

    /// <summary>Where the store is, without password (server URL, folder).</summary>
    string Location { get; }

    /// <summary>
    /// The session id in <paramref name="name"/> when it is a name this library can create on this store
    /// (right pattern, case, characters and counter range); null for every other name, which is then never touched.
    /// </summary>
    internal string? SessionIdOf(string name);

    /// <summary>
    /// Every resource name on the store, the library's and others' (which ones are the library's is the sweeper's
    /// business); a cheap way to check that the store answers.
    /// </summary>
    Task<IReadOnlyList<string>> ListNamesAsync(CancellationToken cancellationToken);

    /// <summary>Reads the resource's lease and its owner's liveness with the store's clock. Must not wait on locks.</summary>
    internal Task<LeaseProbe> ProbeAsync(string name, CancellationToken cancellationToken);

    /// <summary>
    /// Takes the resource's lock without waiting, reads it again under the lock and removes it only when
    /// <paramref name="stillRemovable"/> says so for that fresh read, so a heartbeat or a second sweeper racing
    /// this one is never lost. Returns what happened; throws for failures (reported per item by the sweeper).
    /// </summary>
    internal Task<DropOutcome> DropIfAsync(string name, Func<LeaseProbe, bool> stillRemovable, CancellationToken cancellationToken);
}

/// <summary>The result of <see cref="ILeaseStore.DropIfAsync"/>.</summary>
internal enum DropOutcome
{
    /// <summary>Removed.</summary>
    Dropped,

    /// <summary>Not removed: the fresh read under the lock said no (renewed meanwhile, owner came back...).</summary>
    Changed,

    /// <summary>Not removed: another process holds the resource's lock right now (its owner, a creator or another sweeper).</summary>
    Busy,

    /// <summary>Already gone.</summary>
    Vanished,
}
