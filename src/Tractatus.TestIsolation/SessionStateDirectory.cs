using System.Text;
using Tractatus.TestIsolation.Databases;
using Tractatus.TestIsolation.Leases;
using Tractatus.TestIsolation.SharedState;

namespace Tractatus.TestIsolation;

/// <summary>
/// A folder for one session's own state, <c>&lt;root&gt;/sessions/&lt;session id&gt;/</c> (e.g. <c>state.json</c>,
/// <c>checkpoints.json</c>), so concurrent sessions never blend their counters. It carries a lease file that a
/// background heartbeat renews, and its owner holds an OS lock (<c>sessions/.owner-&lt;id&gt;-*.lock</c>) for as long
/// as its process lives. <see cref="Sweep"/> removes a folder only when its lease expired and no process holds
/// that lock, so a paused owner keeps its state. State that is meant to be shared stays outside and is written
/// through <see cref="SharedStateFile"/>.
/// </summary>
public sealed class SessionStateDirectory : IDisposable, IAsyncDisposable
{
    /// <summary>The folder under the root that holds one folder per session.</summary>
    internal const string SessionsFolderName = "sessions";

    /// <summary>The lease file inside each session folder; a folder without it is never swept (unless its creation was cut short, see <see cref="Sweep"/>).</summary>
    internal const string LeaseFileName = ".tractatus-lease.json";

    private readonly LeaseHeartbeat _heartbeat;
    private readonly OwnerFileLock _ownerLock;
    private readonly object _leaseGate = new();
    private LeaseRecord _lease;
    private bool _lost;

    private SessionStateDirectory(string root, string path, TestSession session, LeaseOptions leaseOptions, OwnerFileLock ownerLock)
    {
        Root = root;
        Path = path;
        Session = session;
        LeaseOptions = leaseOptions;
        _ownerLock = ownerLock;
        _lease = LeaseRecord.For(session, leaseOptions.TimeProvider.GetUtcNow(), leaseOptions.TimeToLive);
        WriteLease(_lease);
        _heartbeat = new LeaseHeartbeat(_ => { RenewLease(); return Task.CompletedTask; }, leaseOptions);
    }

    /// <summary>The state root (full path).</summary>
    public string Root { get; }

    /// <summary>This session's folder (full path).</summary>
    public string Path { get; }

    /// <summary>The owning session.</summary>
    public TestSession Session { get; }

    /// <summary>Lease time to live, heartbeat interval and clock.</summary>
    public LeaseOptions LeaseOptions { get; }

    /// <summary>The lease as last written.</summary>
    internal LeaseRecord Lease
    {
        get
        {
            lock (_leaseGate)
            {
                return _lease;
            }
        }
    }

    /// <summary>The last heartbeat failure (e.g. <see cref="LeaseLostException"/> when the folder was removed behind its back); null when all succeeded.</summary>
    internal Exception? HeartbeatError => _heartbeat.LastError;

    /// <summary>
    /// Creates (if needed) <c>&lt;root&gt;/sessions/&lt;session id&gt;/</c>, takes the owner lock, writes its lease and starts the heartbeat.
    /// The lock is taken before the folder is created and the lease written: a crash at any point leaves only what a
    /// later <see cref="Sweep"/> recognises and removes.
    /// </summary>
    /// <param name="root">The state root, e.g. <c>.claude</c>.</param>
    /// <param name="session">Owner; default <see cref="TestSession.Current"/>.</param>
    /// <param name="leaseOptions">Default the session's <see cref="TestSessionOptions.Lease"/>.</param>
    public static SessionStateDirectory Open(string root, TestSession? session = null, LeaseOptions? leaseOptions = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        session ??= TestSession.Current;
        var store = new SessionStateStore(System.IO.Path.GetFullPath(root), leaseOptions ?? session.Options.Lease);
        var path = PathFor(store.Root, session.Id);
        Directory.CreateDirectory(store.SessionsFolder);
        var ownerLock = store.AcquireOwnerLock(session.Id);
        try
        {
            Directory.CreateDirectory(path);
            return new SessionStateDirectory(store.Root, path, session, store.LeaseOptions, ownerLock);
        }
        catch
        {
            ownerLock.ReleaseAndDelete();
            throw;
        }
    }

    /// <summary>The folder a session would use under <paramref name="root"/>, without creating it.</summary>
    internal static string PathFor(string root, string sessionId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        if (!TestSession.IsValidId(sessionId))
        {
            throw new ArgumentException($"'{sessionId}' is not a session id (15 characters 0-9 and a-z).", nameof(sessionId));
        }

        return System.IO.Path.Combine(System.IO.Path.GetFullPath(root), SessionsFolderName, sessionId);
    }

    /// <summary>The path of a file in this session's folder, e.g. <c>GetFilePath("state.json")</c>.</summary>
    /// <exception cref="ArgumentException">The name is empty, contains a folder separator, or is <c>.</c>/<c>..</c> or the lease file.</exception>
    public string GetFilePath(string fileName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        if (fileName.IndexOfAny(['/', '\\']) >= 0 || fileName is "." or ".." || fileName.Equals(LeaseFileName, StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"'{fileName}' is not a plain file name for session state; pass a name such as \"state.json\" (no folders, not the lease file).", nameof(fileName));
        }

        return System.IO.Path.Combine(Path, fileName);
    }

    /// <summary>Renews the lease now (the heartbeat also does this every <see cref="LeaseOptions.HeartbeatInterval"/>).</summary>
    /// <exception cref="LeaseLostException">The folder or its lease is gone (removed by hand, or by a sweep after this process lost its lock).</exception>
    internal void RenewLease()
    {
        lock (_leaseGate)
        {
            if (_lost || !File.Exists(System.IO.Path.Combine(Path, LeaseFileName)))
            {
                _lost = true;
                throw new LeaseLostException($"The session state folder '{Path}' or its lease file was removed behind this session's back; its state is gone. Nothing is recreated without a lease: open a new SessionStateDirectory.") { ResourceName = Session.Id };
            }

            var renewed = _lease.RenewedAt(LeaseOptions.TimeProvider.GetUtcNow(), LeaseOptions.TimeToLive);
            WriteLease(renewed);
            _lease = renewed;
        }
    }

    /// <summary>Stops the heartbeat and deletes this session's folder with everything in it, then releases the owner lock.</summary>
    public void Delete()
    {
        _heartbeat.Dispose();
        if (Directory.Exists(Path))
        {
            SessionStateStore.DeleteFolder(Path);
        }

        _ownerLock.ReleaseAndDelete();
    }

    /// <summary>Stops the heartbeat and releases the owner lock. The folder stays until its lease expires and a later <see cref="Sweep"/> removes it.</summary>
    public void Dispose()
    {
        _heartbeat.Dispose();
        _ownerLock.Dispose();
    }

    /// <summary>Stops the heartbeat and releases the owner lock (see <see cref="Dispose"/>).</summary>
    public async ValueTask DisposeAsync()
    {
        await _heartbeat.DisposeAsync().ConfigureAwait(false);
        _ownerLock.Dispose();
    }

    /// <summary>
    /// Removes, through <see cref="LeaseSweeper"/>, session folders under <c>&lt;root&gt;/sessions/</c> whose lease expired
    /// (with the time to live their owner wrote) and whose owner lock no process holds; also folders and lock files of a
    /// creation or removal that was cut short (only library files in them, no process holding the lock), and
    /// <c>.trash-*</c> folders after the same lease and lock check. Never removes a folder whose name is not a session id,
    /// that has no lease of this library and holds other files, a lease of another owner, a live lease or a held lock,
    /// or that belongs to <paramref name="current"/>. Every folder named like a session's is reported.
    /// </summary>
    /// <param name="root">The state root.</param>
    /// <param name="leaseOptions">Its clock judges expiry (default the system clock); the time to live that counts is the one each owner wrote.</param>
    /// <param name="current">The running session, kept whatever its lease says; default the ambient session if one started.</param>
    public static SweepReport Sweep(string root, LeaseOptions leaseOptions, TestSession? current = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        ArgumentNullException.ThrowIfNull(leaseOptions);
        current ??= TestSession.CurrentIfStarted;
        var store = LeaseStoreFor(root, leaseOptions);
        return LeaseSweeper.SweepAsync(store, new SweepOptions { CurrentSessionId = current?.Id }).GetAwaiter().GetResult();
    }

    /// <summary>The session folders under <paramref name="root"/> as a store for <see cref="LeaseSweeper"/> (list, sweep, dry run).</summary>
    public static ILeaseStore LeaseStoreFor(string root, LeaseOptions? leaseOptions = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        return new SessionStateStore(System.IO.Path.GetFullPath(root), leaseOptions ?? new LeaseOptions());
    }

    private void WriteLease(LeaseRecord lease) =>
        AtomicFile.Replace(System.IO.Path.Combine(Path, LeaseFileName), Encoding.UTF8.GetBytes(lease.ToJson()), flushToDisk: true);
}
