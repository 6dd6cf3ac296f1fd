using Microsoft.Data.Sqlite;
using Tractatus.TestIsolation.Databases;
using Tractatus.TestIsolation.Leases;

namespace Tractatus.TestIsolation.Sqlite;

/// <summary>
/// Session databases as SQLite files: <c>&lt;folder&gt;/&lt;prefix&gt;_&lt;session id&gt;.db</c>, the embedded
/// default that needs no server. Next to each file sit its lease (<c>.lease.json</c>) and a lock file
/// (<c>.lock</c>) that the owning process keeps locked while it lives.
/// </summary>
/// <remarks>
/// A file is swept only when all of these hold: its name follows this library's pattern, it has this
/// library's lease, the lease expired, and no process holds its lock. The lock alone would free a
/// crashed session's file at once, but the lease TTL is kept as a second condition so SQLite behaves
/// like the server providers and a crash is swept on the same schedule everywhere.
/// The folder belongs to one machine: leases use its clock and the lock is a local OS lock, so do not
/// share the folder between machines over a network file system.
/// </remarks>
public sealed class SqliteDatabaseProvider : IIsolatedDatabaseProvider
{
    /// <summary>The value of <see cref="Name"/>.</summary>
    public const string ProviderName = "sqlite";

    private const int MaxNameAttempts = 100;

    /// <summary>A provider over <see cref="SqliteProviderOptions.Folder"/> with default options.</summary>
    public SqliteDatabaseProvider()
        : this(new SqliteProviderOptions())
    {
    }

    /// <summary>A provider with the given folder and lease settings.</summary>
    public SqliteDatabaseProvider(SqliteProviderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.Folder))
        {
            throw new ArgumentException($"SqliteProviderOptions.Folder is empty. Set it (or {SqliteProviderOptions.FolderVariable}) to a writable folder, or leave it unset for the temp folder.", nameof(options));
        }

        Options = options with { Folder = Path.GetFullPath(options.Folder) };
        LeaseStore = new SqliteLeaseStore(this);
    }

    /// <inheritdoc />
    public ILeaseStore LeaseStore { get; }

    /// <summary>The folder (as a full path) and lease settings in use.</summary>
    public SqliteProviderOptions Options { get; }

    /// <summary>The folder holding the session database files.</summary>
    public string Folder => Options.Folder;

    /// <inheritdoc />
    public string Name => ProviderName;

    /// <inheritdoc />
    public DatabaseNameRules NameRules => DatabaseNameRules.Sqlite;

    /// <summary>Full path of the file that holds the database called <paramref name="databaseName"/>.</summary>
    internal string PathFor(string databaseName) => new SqliteDatabaseFiles(Folder, databaseName).Database;

    /// <summary>
    /// Opens a connection to <paramref name="database"/>; the caller disposes it. Every provider has this method,
    /// returning its driver's handle.
    /// </summary>
    public async Task<SqliteConnection> OpenConnectionAsync(IsolatedDatabase database, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        var connection = new SqliteConnection(database.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The prefix is not valid for a file name (the message says why).</exception>
    /// <exception cref="InvalidOperationException">The folder cannot be created or written; the message names it and the setting to change.</exception>
    public Task<IsolatedDatabase> CreateDatabaseAsync(TestSession session, string prefix, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        NameRules.ValidatePrefix(prefix);
        EnsureFolderIsWritable();

        for (var attempt = 0; attempt < MaxNameAttempts; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var files = new SqliteDatabaseFiles(Folder, session.DatabaseName(prefix, NameRules));
            if (File.Exists(files.Database) || File.Exists(files.Lease))
            {
                continue; // the same session id in another process (or a leftover); take the next number
            }

            var fileLock = OwnerFileLock.TryAcquire(files.Lock);
            if (fileLock is null)
            {
                continue;
            }

            try
            {
                // Lock first, then lease, then database: a sweeper never sees a database with a lease whose lock is free while its owner lives.
                SqliteLeaseFile.Write(files.Lease, SqliteLeaseFile.NewLease(session, Options.Lease, Options.Lease.TimeProvider.GetUtcNow()));
                var connectionString = BuildConnectionString(files.Database);
                using (var connection = new SqliteConnection(connectionString))
                {
                    connection.Open();
                    using var command = connection.CreateCommand();
                    command.CommandText = "PRAGMA user_version;"; // touches the file so it exists before the first test opens it
                    command.ExecuteScalar();
                }

                HeldSqliteDatabases.Add(new HeldSqliteDatabase(files, session.Id, fileLock));
                return Task.FromResult(new IsolatedDatabase(Name, files.Name, connectionString, files.Database));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or SqliteException)
            {
                try
                {
                    DeleteDatabaseFiles(files);
                }
                catch (Exception cleanup) when (cleanup is IOException or UnauthorizedAccessException)
                {
                    // The original error says more; the lease left behind lets a later sweep finish the cleanup.
                }

                fileLock.ReleaseAndDelete();
                throw new InvalidOperationException($"Could not create the SQLite session database '{files.Database}': {ex.Message} Check that the folder is writable, or set {SqliteProviderOptions.FolderVariable} (SqliteProviderOptions.Folder) to another folder.", ex);
            }
        }

        throw new InvalidOperationException($"Could not find a free SQLite database name for prefix '{prefix}' in '{Folder}' after {MaxNameAttempts} attempts; the folder holds many files of session {session.Id}. Sweep or empty the folder.");
    }

    /// <inheritdoc />
    public Task HeartbeatAsync(TestSession session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        var now = Options.Lease.TimeProvider.GetUtcNow();
        foreach (var held in HeldSqliteDatabases.OwnedBy(session.Id, Folder))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!File.Exists(held.Files.Lease))
            {
                throw new LeaseLostException($"The lease of the SQLite session database '{held.Files.Database}' was deleted behind this session's back (by hand: a sweep never removes a database whose lock is held). Nothing is recreated without a lease.") { ResourceName = held.Files.Name };
            }

            SqliteLeaseFile.Write(held.Files.Lease, SqliteLeaseFile.NewLease(session, Options.Lease, now));
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<bool> DropDatabaseAsync(TestSession session, string databaseName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(databaseName);
        if (LeaseStore.SessionIdOf(databaseName) is null)
        {
            return Task.FromResult(false);
        }

        var files = new SqliteDatabaseFiles(Folder, databaseName);
        if (HeldSqliteDatabases.TryGet(files.Database, out var held))
        {
            if (held.SessionId != session.Id)
            {
                return Task.FromResult(false);
            }

            // Delete first: if that fails (a file still open on Windows) the database stays held, so a retry can drop it.
            DeleteDatabaseFiles(files);
            HeldSqliteDatabases.TryRemove(files.Database, out _);
            held.Lock.ReleaseAndDelete();
            return Task.FromResult(true);
        }

        // Not held here: a database of this session created by another process, or left by a crash of this session id.
        var lease = SqliteLeaseFile.TryRead(files.Lease);
        if (lease is null || lease.Owner != session.Id)
        {
            return Task.FromResult(false);
        }

        var fileLock = OwnerFileLock.TryAcquire(files.Lock);
        if (fileLock is null)
        {
            return Task.FromResult(false);
        }

        using (fileLock)
        {
            DeleteDatabaseFiles(files);
            fileLock.ReleaseAndDelete();
        }

        return Task.FromResult(true);
    }

    /// <inheritdoc />
    public Task<SweepReport> SweepExpiredAsync(TestSession current, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(current);
        return LeaseSweeper.SweepAsync(LeaseStore, new SweepOptions { CurrentSessionId = current.Id }, cancellationToken);
    }

    /// <summary>Does nothing: a session database outlives the provider instance that created it until it is dropped.</summary>
    /// <remarks>Its lock belongs to the process, not to this instance, and is released by dropping the database or by process exit.</remarks>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <inheritdoc />
    public override string ToString() => $"sqlite folder '{Folder}'";

    /// <summary>Closes pooled connections, then deletes the database, its WAL/SHM/journal files and, last, its lease.</summary>
    internal static void DeleteDatabaseFiles(SqliteDatabaseFiles files)
    {
        using (var connection = new SqliteConnection(BuildConnectionString(files.Database)))
        {
            // Pooled connections keep the file open; on Windows that blocks the delete, everywhere it would keep writing to an unlinked file.
            SqliteConnection.ClearPool(connection);
        }

        foreach (var path in files.DatabaseAndCompanions)
        {
            File.Delete(path);
        }

        // The lease goes last: while it exists the leftovers are still recognisably ours.
        File.Delete(files.Lease);
    }

    private static string BuildConnectionString(string path) => new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Pooling = true,
    }.ToString();

    /// <summary>For the default folder under the shared temp folder: refuses a link, another user's folder or one open to others.</summary>
    internal void EnsureDefaultFolderIsPrivate()
    {
        var userFolder = SqliteProviderOptions.DefaultUserFolder();
        if (string.Equals(Path.GetDirectoryName(Folder), userFolder, StringComparison.Ordinal))
        {
            PrivateFolder.Ensure(userFolder);
        }
    }

    private void EnsureFolderIsWritable()
    {
        EnsureDefaultFolderIsPrivate();
        try
        {
            Directory.CreateDirectory(Folder);
            var probe = Path.Combine(Folder, ".write-probe-" + Guid.NewGuid().ToString("N"));
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new InvalidOperationException($"The SQLite session folder '{Folder}' cannot be created or written ({ex.Message}). Set {SqliteProviderOptions.FolderVariable} (or SqliteProviderOptions.Folder) to a writable folder.", ex);
        }
    }
}
