using System.Collections.Concurrent;

using Tractatus.TestIsolation.Leases;

namespace Tractatus.TestIsolation.Sqlite;

/// <summary>
/// The session databases this process created and still holds the lock of, shared by every provider
/// instance in the process, so a database created through one instance can be heartbeated or dropped
/// through another (e.g. the run-end teardown).
/// </summary>
internal static class HeldSqliteDatabases
{
    private static readonly ConcurrentDictionary<string, HeldSqliteDatabase> Held = new(PathComparer);

    private static StringComparer PathComparer => OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;

    internal static void Add(HeldSqliteDatabase database) => Held[database.Files.Database] = database;

    internal static bool TryGet(string databasePath, out HeldSqliteDatabase held) =>
        Held.TryGetValue(databasePath, out held!);

    internal static bool TryRemove(string databasePath, out HeldSqliteDatabase held) =>
        Held.TryRemove(databasePath, out held!);

    internal static IReadOnlyList<HeldSqliteDatabase> OwnedBy(string sessionId, string folder)
    {
        var prefix = Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        return Held.Values
            .Where(h => h.SessionId == sessionId && h.Files.Database.StartsWith(prefix, OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal))
            .ToList();
    }
}

/// <summary>A database this process owns: its files, its owner session, and the OS lock that proves it is alive.</summary>
internal sealed record HeldSqliteDatabase(SqliteDatabaseFiles Files, string SessionId, OwnerFileLock Lock);
