namespace Tractatus.TestIsolation.Tool.Tests;

/// <summary>Looks at the servers and the SQLite folder directly (not through the tool) for what a session left.</summary>
internal static class Leftovers
{
    public static async Task<IReadOnlyList<string>> OfAsync(string sessionId, string sqliteFolder)
    {
        var left = new List<string>();
        left.AddRange((await TestServers.PostgresDatabasesAsync(sessionId)).Select(n => "postgresql " + n));
        if (TestServers.Mongo is not null)
        {
            left.AddRange((await TestServers.MongoDatabasesAsync(sessionId)).Select(n => "mongodb " + n));
        }

        if (Directory.Exists(sqliteFolder))
        {
            left.AddRange(Directory.GetFileSystemEntries(sqliteFolder).Where(f => Path.GetFileName(f).Contains(sessionId, StringComparison.Ordinal)).Select(f => "sqlite " + Path.GetFileName(f)));
        }

        return left;
    }
}
