using System.Globalization;
using System.Text.RegularExpressions;
using Tractatus.TestIsolation.Databases;

namespace Tractatus.TestIsolation.Leases;

/// <summary>
/// The session folders of one state root as an <see cref="ILeaseStore"/>: <c>sessions/&lt;id&gt;/</c> with its lease
/// file, the owners' lock files <c>sessions/.owner-&lt;id&gt;-&lt;random&gt;.lock</c> (one per process that opened it),
/// and <c>sessions/.trash-&lt;id&gt;-&lt;random&gt;/</c> folders a removal renamed the folder to.
/// </summary>
internal sealed partial class SessionStateStore : ILeaseStore
{
    private const string TrashPrefix = ".trash-";
    private const string OwnerLockPrefix = ".owner-";
    private const string OwnerLockSuffix = ".lock";

    public SessionStateStore(string root, LeaseOptions leaseOptions)
    {
        Root = root;
        LeaseOptions = leaseOptions;
        SessionsFolder = Path.Combine(root, SessionStateDirectory.SessionsFolderName);
    }

    public string Root { get; }

    public string SessionsFolder { get; }

    public LeaseOptions LeaseOptions { get; }

    public string Kind => "state";

    public string Location => SessionsFolder;

    public string? SessionIdOf(string name)
    {
        if (TestSession.IsValidId(name))
        {
            return name;
        }

        var trash = TrashName().Match(name);
        return trash.Success ? trash.Groups[1].Value : null;
    }

    public Task<IReadOnlyList<string>> ListNamesAsync(CancellationToken cancellationToken)
    {
        if (!Directory.Exists(SessionsFolder))
        {
            return Task.FromResult<IReadOnlyList<string>>([]);
        }

        var names = new List<string>();
        foreach (var entry in new DirectoryInfo(SessionsFolder).EnumerateFileSystemInfos())
        {
            if (entry is DirectoryInfo && entry.LinkTarget is null)
            {
                names.Add(entry.Name);
            }
            else if (entry is FileInfo && OwnerLockName().Match(entry.Name) is { Success: true } owner)
            {
                names.Add(owner.Groups[1].Value); // a lock without a folder: a creation cut short before the folder existed
            }
        }

        return Task.FromResult<IReadOnlyList<string>>(names);
    }

    public Task<LeaseProbe> ProbeAsync(string name, CancellationToken cancellationToken) =>
        Task.FromResult(Probe(name, locksHeldBySweeper: false));

    public Task<DropOutcome> DropIfAsync(string name, Func<LeaseProbe, bool> stillRemovable, CancellationToken cancellationToken)
    {
        var sessionId = SessionIdOf(name) ?? throw new ArgumentException($"'{name}' is not a session folder name.", nameof(name));
        var held = new List<OwnerFileLock>();
        try
        {
            foreach (var path in OwnerLocks(sessionId))
            {
                var taken = OwnerFileLock.TryAcquire(path);
                if (taken is null)
                {
                    return Task.FromResult(DropOutcome.Busy);
                }

                held.Add(taken);
            }

            var fresh = Probe(name, locksHeldBySweeper: true);
            if (!fresh.Exists)
            {
                return Task.FromResult(DropOutcome.Vanished);
            }

            if (!stillRemovable(fresh))
            {
                return Task.FromResult(DropOutcome.Changed);
            }

            var folder = Path.Combine(SessionsFolder, name);
            if (Directory.Exists(folder))
            {
                // Renamed first, so nobody sees a half-deleted session folder; the lease inside goes last.
                var trash = name.StartsWith(TrashPrefix, StringComparison.Ordinal)
                    ? folder
                    : Path.Combine(SessionsFolder, string.Create(CultureInfo.InvariantCulture, $"{TrashPrefix}{name}-{Random.Shared.Next():x8}"));
                if (trash != folder)
                {
                    Directory.Move(folder, trash);
                }

                DeleteFolder(trash);
            }

            if (!Directory.Exists(Path.Combine(SessionsFolder, sessionId)))
            {
                foreach (var taken in held)
                {
                    taken.ReleaseAndDelete();
                }

                held.Clear();
            }

            return Task.FromResult(DropOutcome.Dropped);
        }
        finally
        {
            foreach (var taken in held)
            {
                taken.Dispose();
            }
        }
    }

    /// <summary>Takes a new owner lock for <paramref name="sessionId"/>: one per opening process, so several processes of one session can share its folder.</summary>
    public OwnerFileLock AcquireOwnerLock(string sessionId)
    {
        var path = Path.Combine(SessionsFolder, string.Create(CultureInfo.InvariantCulture, $"{OwnerLockPrefix}{sessionId}-{Random.Shared.NextInt64():x16}{OwnerLockSuffix}"));
        return OwnerFileLock.TryAcquire(path)
            ?? throw new IOException($"Could not lock the new owner lock file '{path}' of session {sessionId}; another process took it.");
    }

    /// <summary>Deletes a session folder's files, the lease last, then the folder: an interrupted delete leaves a folder still recognisably ours.</summary>
    public static void DeleteFolder(string folder)
    {
        var directory = new DirectoryInfo(folder);
        foreach (var entry in directory.EnumerateFileSystemInfos())
        {
            if (entry.Name == SessionStateDirectory.LeaseFileName)
            {
                continue;
            }

            if (entry is DirectoryInfo sub && sub.LinkTarget is null)
            {
                sub.Delete(recursive: true);
            }
            else
            {
                entry.Delete(); // a link is removed, never followed
            }
        }

        OwnerFileLock.TryDelete(Path.Combine(folder, SessionStateDirectory.LeaseFileName));
        directory.Delete();
    }

    private LeaseProbe Probe(string name, bool locksHeldBySweeper)
    {
        var now = LeaseOptions.TimeProvider.GetUtcNow();
        var sessionId = SessionIdOf(name)!;
        var folder = Path.Combine(SessionsFolder, name);
        var locks = OwnerLocks(sessionId);
        var folderExists = Directory.Exists(folder);
        var isTrash = name.StartsWith(TrashPrefix, StringComparison.Ordinal);
        if (!folderExists && (isTrash || locks.Count == 0))
        {
            return LeaseProbe.Missing(now);
        }

        var heldBy = locksHeldBySweeper ? 0 : locks.Count(OwnerFileLock.IsHeld);
        var owner = heldBy > 0 ? OwnerLiveness.Alive : OwnerLiveness.Gone;
        var detail = heldBy > 0 ? string.Create(CultureInfo.InvariantCulture, $"{heldBy} owner lock file(s) sessions/{OwnerLockPrefix}{sessionId}-*{OwnerLockSuffix} held by a running process") : null;
        var lease = folderExists ? ReadLease(folder, sessionId) : null;

        // Without a lease, the library's mark is an owner lock file and nothing but library files in the folder:
        // what a creation (lock → folder → lease) or a removal (lease deleted last) cut short leaves.
        var reserved = lease is null && (locks.Count > 0 || isTrash) && (!folderExists || OnlyLibraryFiles(folder));
        return new LeaseProbe(true, lease, now, owner, reserved, ReservationHeld: heldBy > 0, detail);
    }

    private List<string> OwnerLocks(string sessionId)
    {
        if (!Directory.Exists(SessionsFolder))
        {
            return [];
        }

        return Directory.EnumerateFiles(SessionsFolder, OwnerLockPrefix + sessionId + "-*" + OwnerLockSuffix)
            .Where(path => OwnerLockName().IsMatch(Path.GetFileName(path)))
            .ToList();
    }

    private static bool OnlyLibraryFiles(string folder) =>
        new DirectoryInfo(folder).EnumerateFileSystemInfos().All(entry =>
            entry is FileInfo && (entry.Name == SessionStateDirectory.LeaseFileName || entry.Name.StartsWith(SessionStateDirectory.LeaseFileName + ".tmp-", StringComparison.Ordinal)));

    private static LeaseRecord? ReadLease(string folder, string expectedOwner)
    {
        var path = Path.Combine(folder, SessionStateDirectory.LeaseFileName);
        var info = new FileInfo(path);
        if (!info.Exists || info.LinkTarget is not null)
        {
            return null; // a link is never followed: it is not a lease this library wrote
        }

        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (IOException)
        {
            return null;
        }

        return LeaseRecord.TryParse(json, out var lease) && string.Equals(lease!.Owner, expectedOwner, StringComparison.Ordinal) ? lease : null;
    }

    [GeneratedRegex(@"^\.trash-([0-9a-z]{15})-[0-9a-f]{8}\z", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex TrashName();

    [GeneratedRegex(@"^\.owner-([0-9a-z]{15})-[0-9a-f]{16}\.lock\z", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex OwnerLockName();
}
