using System.Globalization;
using System.Text;
using Tractatus.TestIsolation.Databases;
using Tractatus.TestIsolation.Leases;
using Tractatus.TestIsolation.SharedState;

namespace Tractatus.TestIsolation;

/// <summary>
/// A folder for one session's own state, <c>&lt;root&gt;/sessions/&lt;session id&gt;/</c> (e.g. <c>state.json</c>,
/// <c>checkpoints.json</c>), so concurrent sessions never blend their counters. It carries a lease file that a
/// background heartbeat renews; <see cref="Sweep"/> removes folders of sessions whose lease expired (crashed
/// or finished runs). State that is meant to be shared stays outside and is written through <see cref="SharedStateFile"/>.
/// </summary>
public sealed class SessionStateDirectory : IDisposable, IAsyncDisposable
{
    /// <summary>The folder under the root that holds one folder per session.</summary>
    public const string SessionsFolderName = "sessions";

    /// <summary>The lease file inside each session folder; a folder without it is never swept.</summary>
    public const string LeaseFileName = ".tractatus-lease.json";

    private const string TrashPrefix = ".trash-";

    private readonly LeaseHeartbeat _heartbeat;
    private readonly object _leaseGate = new();
    private LeaseRecord _lease;

    private SessionStateDirectory(string root, string path, TestSession session, LeaseOptions leaseOptions)
    {
        Root = root;
        Path = path;
        Session = session;
        LeaseOptions = leaseOptions;
        _lease = LeaseRecord.For(session, DateTimeOffset.UtcNow, leaseOptions.TimeToLive);
        WriteLease(_lease);
        _heartbeat = new LeaseHeartbeat(_ => { RenewLease(); return Task.CompletedTask; }, leaseOptions);
    }

    /// <summary>The state root (full path).</summary>
    public string Root { get; }

    /// <summary>This session's folder (full path).</summary>
    public string Path { get; }

    /// <summary>The owning session.</summary>
    public TestSession Session { get; }

    /// <summary>Lease time to live and heartbeat interval.</summary>
    public LeaseOptions LeaseOptions { get; }

    /// <summary>The lease as last written.</summary>
    public LeaseRecord Lease
    {
        get
        {
            lock (_leaseGate)
            {
                return _lease;
            }
        }
    }

    /// <summary>The last heartbeat failure (e.g. the folder was swept while this process was paused); null when all succeeded.</summary>
    public Exception? HeartbeatError => _heartbeat.LastError;

    /// <summary>
    /// Creates (if needed) <c>&lt;root&gt;/sessions/&lt;session id&gt;/</c>, writes its lease and starts the heartbeat.
    /// </summary>
    /// <param name="root">The state root, e.g. <c>.claude</c>.</param>
    /// <param name="session">Owner; default <see cref="TestSession.Current"/>.</param>
    /// <param name="leaseOptions">Default the session's <see cref="TestSessionOptions.Lease"/>.</param>
    public static SessionStateDirectory Open(string root, TestSession? session = null, LeaseOptions? leaseOptions = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        session ??= TestSession.Current;
        var fullRoot = System.IO.Path.GetFullPath(root);
        var path = PathFor(fullRoot, session.Id);
        Directory.CreateDirectory(path);
        return new SessionStateDirectory(fullRoot, path, session, leaseOptions ?? session.Options.Lease);
    }

    /// <summary>The folder a session would use under <paramref name="root"/>, without creating it.</summary>
    public static string PathFor(string root, string sessionId)
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
    public void RenewLease()
    {
        lock (_leaseGate)
        {
            var renewed = _lease.RenewedAt(DateTimeOffset.UtcNow, LeaseOptions.TimeToLive);
            WriteLease(renewed);
            _lease = renewed;
        }
    }

    /// <summary>Stops the heartbeat and deletes this session's folder with everything in it.</summary>
    public void Delete()
    {
        _heartbeat.Dispose();
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }

    /// <summary>Stops the heartbeat. The folder stays until its lease expires and a later <see cref="Sweep"/> removes it.</summary>
    public void Dispose() => _heartbeat.Dispose();

    /// <summary>Stops the heartbeat (see <see cref="Dispose"/>).</summary>
    public ValueTask DisposeAsync() => _heartbeat.DisposeAsync();

    /// <summary>
    /// Removes session folders under <c>&lt;root&gt;/sessions/</c> whose lease expired: each is renamed to a trash
    /// name first (so nobody sees a half-deleted folder) and then deleted. Never removes a folder whose name is
    /// not a session id, that has no lease file of this library or a lease of another owner, whose lease is live,
    /// or that belongs to <paramref name="current"/>.
    /// </summary>
    /// <param name="root">The state root.</param>
    /// <param name="leaseOptions">Reserved for the lease policy; expiry is read from each lease record.</param>
    /// <param name="current">The running session, kept whatever its lease says; default the ambient session if one started.</param>
    public static SweepReport Sweep(string root, LeaseOptions leaseOptions, TestSession? current = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        ArgumentNullException.ThrowIfNull(leaseOptions);
        current ??= TestSession.CurrentIfStarted;
        var sessions = System.IO.Path.Combine(System.IO.Path.GetFullPath(root), SessionsFolderName);
        if (!Directory.Exists(sessions))
        {
            return SweepReport.Empty;
        }

        List<string> dropped = [], kept = [], ignored = [];
        foreach (var folder in Directory.GetDirectories(sessions))
        {
            var name = System.IO.Path.GetFileName(folder);
            if (name.StartsWith(TrashPrefix, StringComparison.Ordinal))
            {
                TryDeleteTree(folder); // left by a sweep that could not finish deleting
                continue;
            }

            if (!TestSession.IsValidId(name))
            {
                ignored.Add(name);
                continue;
            }

            if (current is not null && string.Equals(current.Id, name, StringComparison.Ordinal))
            {
                kept.Add(name);
                continue;
            }

            var lease = ReadLease(folder, name);
            if (lease is null)
            {
                ignored.Add(name);
                continue;
            }

            if (!lease.IsExpiredAt(DateTimeOffset.UtcNow))
            {
                kept.Add(name);
                continue;
            }

            var trash = System.IO.Path.Combine(sessions, string.Create(CultureInfo.InvariantCulture, $"{TrashPrefix}{name}-{Random.Shared.Next():x8}"));
            try
            {
                Directory.Move(folder, trash);
            }
            catch (IOException)
            {
                continue; // another sweeper took it, or it is in use
            }
            catch (UnauthorizedAccessException)
            {
                ignored.Add(name);
                continue;
            }

            // A heartbeat may have landed between reading the lease and the rename: then it is live, put it back.
            var after = ReadLease(trash, name);
            if (after is not null && !after.IsExpiredAt(DateTimeOffset.UtcNow))
            {
                Directory.Move(trash, folder);
                kept.Add(name);
                continue;
            }

            TryDeleteTree(trash);
            dropped.Add(name);
        }

        return new SweepReport(dropped, kept, ignored);
    }

    private void WriteLease(LeaseRecord lease) =>
        AtomicFile.Replace(System.IO.Path.Combine(Path, LeaseFileName), Encoding.UTF8.GetBytes(lease.ToJson()), flushToDisk: true);

    private static LeaseRecord? ReadLease(string folder, string expectedOwner)
    {
        string json;
        try
        {
            json = File.ReadAllText(System.IO.Path.Combine(folder, LeaseFileName));
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }

        return LeaseRecord.TryParse(json, out var lease) && string.Equals(lease!.Owner, expectedOwner, StringComparison.Ordinal) ? lease : null;
    }

    private static void TryDeleteTree(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // Left as a .trash- folder; the next sweep retries.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
