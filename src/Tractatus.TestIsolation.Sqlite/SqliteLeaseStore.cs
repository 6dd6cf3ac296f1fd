using Tractatus.TestIsolation.Leases;

namespace Tractatus.TestIsolation.Sqlite;

/// <summary>
/// The session database files of one folder as an <see cref="ILeaseStore"/>. Liveness is the OS lock on
/// <c>&lt;name&gt;.lock</c>, held by the owning process while it lives. The provider writes lock, then lease, then
/// database, so a lock file with neither lease nor database is a creation cut short (removed once the lock is free),
/// and a database without a lease is never the library's.
/// </summary>
internal sealed class SqliteLeaseStore : ILeaseStore
{
    private readonly SqliteDatabaseProvider _provider;

    public SqliteLeaseStore(SqliteDatabaseProvider provider) => _provider = provider;

    public string Kind => "sqlite";

    public string Location => _provider.Folder;

    private TimeProvider Clock => _provider.Options.Lease.TimeProvider;

    public string? SessionIdOf(string name) =>
        name.IndexOfAny(['/', '\\']) >= 0 ? null : SessionDatabaseNames.SessionIdOf(name, _provider.NameRules);

    public Task<IReadOnlyList<string>> ListNamesAsync(CancellationToken cancellationToken)
    {
        _provider.EnsureDefaultFolderIsPrivate(); // never sweep through a planted link or another user's folder
        if (!Directory.Exists(_provider.Folder))
        {
            return Task.FromResult<IReadOnlyList<string>>([]);
        }

        IReadOnlyList<string> names = new DirectoryInfo(_provider.Folder).EnumerateFileSystemInfos()
            .Select(entry => SqliteDatabaseFiles.NameOf(entry.Name))
            .OfType<string>()
            .ToList();
        return Task.FromResult(names);
    }

    public Task<LeaseProbe> ProbeAsync(string name, CancellationToken cancellationToken) =>
        Task.FromResult(Probe(new SqliteDatabaseFiles(_provider.Folder, name), lockHeldBySweeper: false));

    public Task<DropOutcome> DropIfAsync(string name, Func<LeaseProbe, bool> stillRemovable, CancellationToken cancellationToken)
    {
        var files = new SqliteDatabaseFiles(_provider.Folder, name);
        if (HeldSqliteDatabases.TryGet(files.Database, out _))
        {
            return Task.FromResult(DropOutcome.Busy); // this process owns it
        }

        using var fileLock = OwnerFileLock.TryAcquire(files.Lock);
        if (fileLock is null)
        {
            return Task.FromResult(DropOutcome.Busy);
        }

        var fresh = Probe(files, lockHeldBySweeper: true);
        if (!fresh.Exists || !stillRemovable(fresh))
        {
            if (!fresh.Exists || (fresh.Lease is null && !File.Exists(files.Database) && !File.Exists(files.Lease)))
            {
                fileLock.ReleaseAndDelete(); // only the lock file this sweep just created or found empty: ours
            }

            return Task.FromResult(fresh.Exists ? DropOutcome.Changed : DropOutcome.Vanished);
        }

        SqliteDatabaseProvider.DeleteDatabaseFiles(files);
        fileLock.ReleaseAndDelete();
        return Task.FromResult(DropOutcome.Dropped);
    }

    private LeaseProbe Probe(SqliteDatabaseFiles files, bool lockHeldBySweeper)
    {
        var now = Clock.GetUtcNow();
        var lockFile = new FileInfo(files.Lock);
        if (lockFile.LinkTarget is not null || Directory.Exists(files.Lock))
        {
            throw new IOException($"'{files.Lock}' is a {(Directory.Exists(files.Lock) ? "directory" : "symbolic link")}, not the lock file this library creates; this database is left alone. Remove it by hand if it is a leftover.");
        }

        var databaseExists = File.Exists(files.Database);
        var leaseExists = File.Exists(files.Lease);
        var lockExists = lockFile.Exists;
        if (!databaseExists && !leaseExists && !lockExists)
        {
            return LeaseProbe.Missing(now);
        }

        var heldHere = HeldSqliteDatabases.TryGet(files.Database, out _);
        var held = !lockHeldBySweeper && (heldHere || (lockExists && OwnerFileLock.IsHeld(files.Lock)));
        var lease = SqliteLeaseFile.TryRead(files.Lease);
        var reserved = lease is null && lockExists && !databaseExists && !leaseExists;
        return new LeaseProbe(
            true,
            lease,
            now,
            held ? OwnerLiveness.Alive : OwnerLiveness.Gone,
            reserved,
            ReservationHeld: held,
            held ? $"{files.Name}.lock is locked by a running process{(heldHere ? " (this one)" : string.Empty)}" : null);
    }
}
