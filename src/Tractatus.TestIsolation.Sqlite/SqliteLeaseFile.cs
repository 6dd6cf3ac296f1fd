using Tractatus.TestIsolation.Databases;
using Tractatus.TestIsolation.Leases;

namespace Tractatus.TestIsolation.Sqlite;

/// <summary>Reads and writes the JSON lease record that sits next to a session database file.</summary>
internal static class SqliteLeaseFile
{
    internal static LeaseRecord NewLease(TestSession session, LeaseOptions options, DateTimeOffset now) =>
        LeaseRecord.For(session, now, options.TimeToLive);

    /// <summary>Writes to a temporary file and renames it over the lease, so a reader never sees half a record.</summary>
    internal static void Write(string path, LeaseRecord lease)
    {
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            using (var writer = new StreamWriter(stream))
            {
                writer.Write(lease.ToJson());
                writer.Flush();
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            OwnerFileLock.TryDelete(temporary);
        }
    }

    /// <summary>The lease at <paramref name="path"/>, or null when it is missing or not this library's lease.</summary>
    internal static LeaseRecord? TryRead(string path)
    {
        if (new FileInfo(path).LinkTarget is not null)
        {
            return null; // the library never writes a link: not our lease
        }

        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }

        return LeaseRecord.TryParse(json, out var lease) ? lease : null;
    }
}
