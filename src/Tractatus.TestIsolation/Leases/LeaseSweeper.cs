using System.Globalization;
using Tractatus.TestIsolation.Databases;

namespace Tractatus.TestIsolation.Leases;

/// <summary>
/// The one sweep of leased session resources, for every store (PostgreSQL, MongoDB, SQLite, state folders).
/// A resource is removed only when its name is one this library creates, it carries this library's lease for the
/// session in its name (or the library's reservation mark of a creation cut short), the lease expired by the store's
/// clock (with the time to live its owner wrote), and no process of the owner provably runs. Each resource is
/// read and removed on its own, bounded by <see cref="SweepOptions.ItemTimeout"/>: one stuck or forbidden
/// resource is reported as failed and the sweep goes on.
/// </summary>
/// <example>
/// <code>
/// await using var provider = PostgreSqlDatabaseProvider.FromEnvironment();
/// foreach (var resource in await LeaseSweeper.ListAsync(provider.LeaseStore))
///     Console.WriteLine($"{resource.Name} {resource.State} {resource.SessionId} {resource.Host} {resource.ExpiresAt}");
/// var report = await LeaseSweeper.SweepAsync(provider.LeaseStore, new SweepOptions { DryRun = true });
/// </code>
/// </example>
public static class LeaseSweeper
{
    /// <summary>Every session-owned resource on <paramref name="store"/> with its owner and state; removes nothing.</summary>
    public static async Task<IReadOnlyList<LeasedResource>> ListAsync(ILeaseStore store, SweepOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        options ??= new SweepOptions();
        var resources = new List<LeasedResource>();
        foreach (var (name, sessionId) in await CandidatesAsync(store, options, cancellationToken).ConfigureAwait(false))
        {
            resources.Add(await ReadAsync(store, name, sessionId, options, cancellationToken).ConfigureAwait(false));
        }

        return resources;
    }

    /// <summary>
    /// Removes what may go (see the class remarks) and reports every session-named resource with what was done
    /// and why. Never throws for one resource; throws only when the store cannot be listed at all.
    /// </summary>
    public static async Task<SweepReport> SweepAsync(ILeaseStore store, SweepOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        options ??= new SweepOptions();
        var items = new List<SweepItemResult>();
        foreach (var (name, sessionId) in await CandidatesAsync(store, options, cancellationToken).ConfigureAwait(false))
        {
            var resource = await ReadAsync(store, name, sessionId, options, cancellationToken).ConfigureAwait(false);
            var item = await SweepOneAsync(store, resource, options, cancellationToken).ConfigureAwait(false);
            items.Add(item);
            options.Progress?.Report(item);
        }

        return new SweepReport(store.Kind, store.Location, items);
    }

    /// <summary>
    /// Removes what the finished session <paramref name="sessionId"/> left on <paramref name="store"/>, whatever the
    /// time left on its leases, as long as none of its processes provably runs. Other sessions' resources are not
    /// looked at. For wrappers that know the session's command has exited.
    /// </summary>
    public static Task<SweepReport> DropFinishedSessionAsync(ILeaseStore store, string sessionId, bool dryRun = false, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        return SweepAsync(store, new SweepOptions { FinishedSessionId = sessionId, OnlySessionId = sessionId, DryRun = dryRun }, cancellationToken);
    }

    /// <summary>
    /// The state of a resource from one read: the single place that decides what is live, what is not ours and
    /// what may go. <paramref name="sessionId"/> is the id in the resource's name.
    /// </summary>
    internal static LeaseState Classify(LeaseProbe probe, string sessionId, SweepOptions options)
    {
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(options);
        if (!probe.Exists)
        {
            return LeaseState.Vanished;
        }

        if (probe.Lease is null)
        {
            if (!probe.Reserved)
            {
                return LeaseState.Unleased;
            }

            return probe.ReservationHeld || probe.Owner == OwnerLiveness.Alive ? LeaseState.Reserved : LeaseState.Abandoned;
        }

        if (!string.Equals(probe.Lease.Owner, sessionId, StringComparison.Ordinal))
        {
            return LeaseState.Unleased; // a lease for another session than the name says: not a pairing this library writes
        }

        if (string.Equals(sessionId, options.CurrentSessionId, StringComparison.Ordinal))
        {
            return LeaseState.Current;
        }

        if (probe.Owner == OwnerLiveness.Alive)
        {
            return probe.Lease.IsExpiredAt(probe.Now) ? LeaseState.ExpiredOwnerAlive : LeaseState.Live;
        }

        if (probe.Lease.IsExpiredAt(probe.Now))
        {
            return LeaseState.Expired;
        }

        return LeaseState.Live;
    }

    /// <summary>True when a resource in <paramref name="state"/> of session <paramref name="sessionId"/> may be removed under <paramref name="options"/>.</summary>
    internal static bool IsRemovable(LeaseState state, OwnerLiveness owner, string sessionId, SweepOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return state switch
        {
            LeaseState.Expired or LeaseState.Abandoned => true,
            // A finished session's live leases go at once, but never while one of its processes provably runs.
            LeaseState.Live => owner != OwnerLiveness.Alive && string.Equals(sessionId, options.FinishedSessionId, StringComparison.Ordinal),
            _ => false,
        };
    }

    private static async Task<List<(string Name, string SessionId)>> CandidatesAsync(ILeaseStore store, SweepOptions options, CancellationToken cancellationToken)
    {
        var names = await store.ListNamesAsync(cancellationToken).ConfigureAwait(false);
        var candidates = new List<(string, string)>();
        foreach (var name in names.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var sessionId = store.SessionIdOf(name);
            if (sessionId is null || (options.OnlySessionId is not null && sessionId != options.OnlySessionId))
            {
                continue; // not a name this library creates: not even worth reporting
            }

            candidates.Add((name, sessionId));
        }

        return candidates;
    }

    private static async Task<LeasedResource> ReadAsync(ILeaseStore store, string name, string sessionId, SweepOptions options, CancellationToken cancellationToken)
    {
        try
        {
            var probe = await WithTimeoutAsync(token => store.ProbeAsync(name, token), options, cancellationToken).ConfigureAwait(false);
            var state = Classify(probe, sessionId, options);
            return new LeasedResource(store.Kind, store.Location, name, sessionId, state, probe.Lease, probe.Now, probe.Owner, Explain(state, probe));
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && IsPerItem(e))
        {
            return new LeasedResource(store.Kind, store.Location, name, sessionId, LeaseState.Unreadable, null, default, OwnerLiveness.Unknown, Describe(e, options, "reading"));
        }
    }

    private static async Task<SweepItemResult> SweepOneAsync(ILeaseStore store, LeasedResource resource, SweepOptions options, CancellationToken cancellationToken)
    {
        if (resource.State == LeaseState.Unreadable)
        {
            return new SweepItemResult(resource, SweepAction.Failed, resource.Detail ?? "could not be read");
        }

        if (!IsRemovable(resource.State, resource.Owner, resource.SessionId, options))
        {
            var action = resource.State is LeaseState.Unleased or LeaseState.Vanished ? SweepAction.Ignored : SweepAction.KeptLive;
            return new SweepItemResult(resource, action, resource.Detail ?? resource.State.ToString());
        }

        if (options.DryRun)
        {
            return new SweepItemResult(resource, SweepAction.WouldDrop, resource.Detail ?? resource.State.ToString());
        }

        try
        {
            var outcome = await WithTimeoutAsync(
                token => store.DropIfAsync(resource.Name, fresh => IsRemovable(Classify(fresh, resource.SessionId, options), fresh.Owner, resource.SessionId, options), token),
                options,
                cancellationToken).ConfigureAwait(false);
            return outcome switch
            {
                DropOutcome.Dropped => new SweepItemResult(resource, SweepAction.Dropped, resource.Detail ?? resource.State.ToString()),
                DropOutcome.Vanished => new SweepItemResult(resource, SweepAction.Ignored, "removed meanwhile by its owner or another sweep"),
                DropOutcome.Busy => new SweepItemResult(resource, SweepAction.KeptLive, "another process holds its lock right now (its owner renewing, or another sweep); the next sweep looks again"),
                _ => new SweepItemResult(resource, SweepAction.KeptLive, "changed while it was being removed (renewed, or its owner came back); kept"),
            };
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && IsPerItem(e))
        {
            return new SweepItemResult(resource, SweepAction.Failed, Describe(e, options, "removing"));
        }
    }

    private static async Task<T> WithTimeoutAsync<T>(Func<CancellationToken, Task<T>> action, SweepOptions options, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.ItemTimeout);
        var work = action(timeout.Token);

        // A store call that ignores its token must still not stall the sweep.
        var finished = await Task.WhenAny(work, Task.Delay(Timeout.InfiniteTimeSpan, timeout.Token)).ConfigureAwait(false);
        if (finished != work)
        {
            cancellationToken.ThrowIfCancellationRequested();
            _ = work.ContinueWith(t => t.Exception, TaskScheduler.Default); // observe a late failure
            throw new TimeoutException($"did not answer within {Seconds(options.ItemTimeout)} s");
        }

        return await work.ConfigureAwait(false);
    }

    private static bool IsPerItem(Exception e) => e is not (OutOfMemoryException or StackOverflowException);

    private static string Describe(Exception e, SweepOptions options, string doing) => e switch
    {
        TimeoutException or OperationCanceledException =>
            $"{doing} it did not finish within {Seconds(options.ItemTimeout)} s (SweepOptions.ItemTimeout); something holds it. The next sweep tries again.",
        _ => $"{doing} it failed: {e.GetType().Name}: {e.Message}",
    };

    private static string Explain(LeaseState state, LeaseProbe probe)
    {
        var holder = probe.Detail is null ? string.Empty : " (" + probe.Detail + ")";
        var expires = probe.Lease is null ? string.Empty : probe.Lease.ExpiresAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
        return state switch
        {
            LeaseState.Current => "owned by the sweeping session",
            LeaseState.Live => $"lease live until {expires}" + holder,
            LeaseState.Reserved => "being created: its creator holds the name's lock" + holder,
            LeaseState.ExpiredOwnerAlive => $"lease expired {expires}, but the owner still runs (paused?): it holds its liveness lock" + holder,
            LeaseState.Expired when probe.Owner == OwnerLiveness.Gone => $"lease expired {expires} and no process holds the owner's liveness lock",
            LeaseState.Expired => $"lease expired {expires} (this store cannot prove whether the owner runs; the owner's time to live decides)",
            LeaseState.Abandoned => "creation cut short: the library's reservation mark is there, no lease, and nobody holds the name's lock",
            LeaseState.Unleased => "no lease of this library for the session in its name: not ours, never touched",
            LeaseState.Vanished => "gone meanwhile",
            _ => state.ToString(),
        };
    }

    private static string Seconds(TimeSpan value) => value.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture);
}
