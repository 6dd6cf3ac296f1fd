using Tractatus.TestIsolation.Databases;

namespace Tractatus.TestIsolation.Run;

/// <summary>
/// Every session database and state folder this process created, so the end of the run (and process exit, and Ctrl+C)
/// can remove whatever was not, and report what happened. Also remembers which provider targets were swept, so each
/// server or folder is swept once per process.
/// </summary>
/// <remarks>Thread-safe: tests running in parallel create databases concurrently.</remarks>
internal sealed class SessionDatabaseRegistry
{
    private readonly object _gate = new();
    private readonly List<SessionDatabase> _databases = [];
    private readonly List<SessionStateDirectory> _stateDirectories = [];
    private readonly List<IIsolatedDatabaseProvider> _providersToDispose = [];
    private readonly HashSet<string> _sweptTargets = new(StringComparer.Ordinal);
    private readonly List<string> _sweptNames = [];
    private readonly List<string> _warnings = [];

    /// <summary>The registry of this process.</summary>
    public static SessionDatabaseRegistry Shared { get; } = new();

    public IReadOnlyList<SessionDatabase> Databases
    {
        get
        {
            lock (_gate)
            {
                return _databases.ToArray();
            }
        }
    }

    public IReadOnlyList<string> Swept
    {
        get
        {
            lock (_gate)
            {
                return _sweptNames.ToArray();
            }
        }
    }

    public IReadOnlyList<string> Warnings
    {
        get
        {
            lock (_gate)
            {
                return _warnings.ToArray();
            }
        }
    }

    public void Add(SessionDatabase database)
    {
        lock (_gate)
        {
            _databases.Add(database);
        }
    }

    public void Add(SessionStateDirectory directory)
    {
        lock (_gate)
        {
            _stateDirectories.Add(directory);
        }
    }

    /// <summary>True for the first caller per <paramref name="target"/> (provider and server or folder).</summary>
    public bool TryClaimSweep(string target)
    {
        lock (_gate)
        {
            return _sweptTargets.Add(target);
        }
    }

    public void RecordSweep(SweepReport report)
    {
        lock (_gate)
        {
            _sweptNames.AddRange(report.Dropped);
        }
    }

    public void AddWarning(string warning)
    {
        lock (_gate)
        {
            _warnings.Add(warning);
        }
    }

    /// <summary>The database's creator will not dispose its provider (its drop failed): the end of the run does, after retrying the drop.</summary>
    public void DisposeProviderAtEnd(SessionDatabase database)
    {
        if (database.TakeProviderOwnership())
        {
            lock (_gate)
            {
                _providersToDispose.Add(database.Provider);
            }
        }
    }

    /// <summary>
    /// Drops every database still recorded, deletes state folders, then disposes providers handed over. Never throws:
    /// what cannot be removed is counted as left (a later run's sweep removes it after its lease expires).
    /// </summary>
    public async Task<SessionRunSummary> TeardownAsync(TestSession session, CancellationToken cancellationToken = default)
    {
        foreach (var database in Databases.Where(d => !d.IsDropped))
        {
            DisposeProviderAtEnd(database); // its creator did not (or could not) clean up, so it will not dispose the provider either
            try
            {
                if (!await database.DropAsync(cancellationToken).ConfigureAwait(false))
                {
                    AddWarning($"{database.Database.Provider} refused to drop {database.Database.DisplayName}: its lease is not this session's.");
                }
            }
#pragma warning disable CA1031 // Teardown at run end must try every database; one failure is reported, not thrown.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                AddWarning($"Could not drop {database.Database.DisplayName}: {ex.GetType().Name}: {ex.Message}");
            }
        }

        SessionStateDirectory[] directories;
        IIsolatedDatabaseProvider[] providers;
        lock (_gate)
        {
            directories = _stateDirectories.ToArray();
            _stateDirectories.Clear();
            providers = _providersToDispose.Distinct().ToArray();
            _providersToDispose.Clear();
        }

        var removed = 0;
        foreach (var directory in directories)
        {
            try
            {
                directory.Delete();
                removed++;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                AddWarning($"Could not delete the session state folder {directory.Path}: {ex.Message}");
            }
        }

        foreach (var provider in providers)
        {
            try
            {
                await provider.DisposeAsync().ConfigureAwait(false);
            }
#pragma warning disable CA1031 // Disposing at run end is best effort.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                AddWarning($"Could not dispose the {provider.Name} provider: {ex.Message}");
            }
        }

        var all = Databases;
        return new SessionRunSummary(
            session.Id,
            Environment.ProcessId,
            all.Count,
            all.Count(d => d.IsDropped),
            all.Where(d => !d.IsDropped).Select(d => d.Database.DisplayName).ToArray(),
            directories.Length,
            removed,
            Swept,
            Warnings);
    }
}
