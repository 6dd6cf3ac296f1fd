using Tractatus.TestIsolation.Leases;

namespace Tractatus.TestIsolation.Sqlite.Tests;

/// <summary>
/// Writes the files a session leaves behind when its process dies: the database file and its lease, with no
/// process holding the lock. Real files in a real folder; the same shape the provider writes.
/// </summary>
internal static class Orphans
{
    internal static string Write(string folder, TestSession owner, string prefix, DateTimeOffset heartbeatAt, TimeSpan timeToLive)
    {
        var name = owner.DatabaseName(prefix, DatabaseNameRules.Sqlite);
        File.WriteAllBytes(Path.Combine(folder, name + ".db"), []);
        File.WriteAllText(Path.Combine(folder, name + ".lease.json"), LeaseRecord.For(owner, heartbeatAt, timeToLive).ToJson());
        return name;
    }

    internal static string WriteExpired(string folder, TestSession owner, string prefix = "orphan") =>
        Write(folder, owner, prefix, DateTimeOffset.UtcNow.AddMinutes(-10), TimeSpan.FromMinutes(5));
}
