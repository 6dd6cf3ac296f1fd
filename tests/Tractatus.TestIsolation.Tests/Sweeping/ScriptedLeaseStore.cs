using System.Collections.Concurrent;
using Tractatus.TestIsolation.Leases;

namespace Tractatus.TestIsolation.Tests.Sweeping;

/// <summary>
/// A store whose answers the test scripts per resource, to check the core sweep's decisions and error isolation in
/// one place. The real stores (PostgreSQL, MongoDB wire server, SQLite files, state folders) are tested against
/// real servers and files in their own projects.
/// </summary>
internal sealed class ScriptedLeaseStore : ILeaseStore
{
    public ConcurrentDictionary<string, Func<LeaseProbe>> Probes { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, Func<LeaseProbe>> FreshProbes { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, Func<Task<DropOutcome>>> Drops { get; } = new(StringComparer.Ordinal);

    public List<string> Extra { get; } = [];

    public ConcurrentQueue<string> Dropped { get; } = new();

    public string Kind => "scripted";

    public string Location => "memory";

    public string? SessionIdOf(string name) => SessionDatabaseNames.SessionIdOf(name, DatabaseNameRules.PostgreSql);

    public Task<IReadOnlyList<string>> ListNamesAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>([.. Probes.Keys, .. Extra]);

    public async Task<LeaseProbe> ProbeAsync(string name, CancellationToken cancellationToken)
    {
        await Task.Yield();
        return Probes[name]();
    }

    public async Task<DropOutcome> DropIfAsync(string name, Func<LeaseProbe, bool> stillRemovable, CancellationToken cancellationToken)
    {
        if (Drops.TryGetValue(name, out var drop))
        {
            return await drop();
        }

        var fresh = (FreshProbes.TryGetValue(name, out var freshProbe) ? freshProbe : Probes[name])();
        if (!stillRemovable(fresh))
        {
            return DropOutcome.Changed;
        }

        Dropped.Enqueue(name);
        return DropOutcome.Dropped;
    }
}
