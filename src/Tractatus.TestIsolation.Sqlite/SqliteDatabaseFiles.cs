namespace Tractatus.TestIsolation.Sqlite;

/// <summary>The files that make up one session database in the provider's folder.</summary>
internal sealed class SqliteDatabaseFiles
{
    internal const string DatabaseExtension = ".db";
    internal const string LeaseExtension = ".lease.json";
    internal const string LockExtension = ".lock";

    internal SqliteDatabaseFiles(string folder, string name)
    {
        Name = name;
        Database = Path.Combine(folder, name + DatabaseExtension);
        Lease = Path.Combine(folder, name + LeaseExtension);
        Lock = Path.Combine(folder, name + LockExtension);
    }

    internal string Name { get; }

    /// <summary>The SQLite database file itself.</summary>
    internal string Database { get; }

    /// <summary>The lease record (JSON) that proves this library created the database and says until when it is alive.</summary>
    internal string Lease { get; }

    /// <summary>The file whose OS lock the owning process holds while the session lives.</summary>
    internal string Lock { get; }

    /// <summary>Files SQLite itself may leave next to the database (WAL mode, rollback journal).</summary>
    internal IEnumerable<string> DatabaseAndCompanions =>
        [Database, Database + "-wal", Database + "-shm", Database + "-journal"];

    /// <summary>The database name a file in the folder belongs to, or null for files this provider does not write.</summary>
    internal static string? NameOf(string fileName)
    {
        foreach (var extension in new[] { DatabaseExtension, LeaseExtension, LockExtension })
        {
            if (fileName.EndsWith(extension, StringComparison.Ordinal) && fileName.Length > extension.Length)
            {
                return fileName[..^extension.Length];
            }
        }

        return null;
    }
}
