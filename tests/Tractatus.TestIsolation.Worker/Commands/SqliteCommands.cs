using System.Globalization;
using Microsoft.Data.Sqlite;
using Tractatus.TestIsolation.Databases;
using Tractatus.TestIsolation.Leases;
using Tractatus.TestIsolation.Sqlite;

namespace Tractatus.TestIsolation.Worker.Commands;

/// <summary>
/// <c>sqlite-concurrent &lt;folder&gt; &lt;ready-dir&gt; &lt;sessions&gt; &lt;rows&gt;</c>: one session among several running at
/// once. Creates its database in the shared folder, writes rows tagged with its session id, waits until every
/// session is at the same point (ready files), then reports what it can see and drops its database.
/// Prints <c>CREATED &lt;name&gt;</c> and <c>RESULT &lt;name&gt; &lt;rows&gt; &lt;foreign rows&gt;</c>.
/// </summary>
public sealed class SqliteConcurrentCommand : IWorkerCommand
{
    /// <inheritdoc />
    public string Name => "sqlite-concurrent";

    /// <inheritdoc />
    public async Task<int> RunAsync(string[] args)
    {
        var folder = args[0];
        var readyDir = args[1];
        var sessions = int.Parse(args[2], CultureInfo.InvariantCulture);
        var rows = int.Parse(args[3], CultureInfo.InvariantCulture);

        var session = TestSession.Start();
        TestSession.SetCurrent(session);
        await using var provider = new SqliteDatabaseProvider(new SqliteProviderOptions { Folder = folder });
        var database = await provider.CreateDatabaseAsync(session, "conc");
        Console.WriteLine("CREATED " + database.Name);

        await using (var connection = await provider.OpenConnectionAsync(database))
        {
            await Execute(connection, "CREATE TABLE documents (slug TEXT NOT NULL UNIQUE, owner TEXT NOT NULL)");
            for (var i = 0; i < rows; i++)
            {
                // The same fixed slug in every session: it collides only if two sessions share a database.
                await Execute(connection, "INSERT INTO documents (slug, owner) VALUES ($slug, $owner)", ("$slug", "test-document-" + i), ("$owner", session.Id));
            }
        }

        Directory.CreateDirectory(readyDir);
        await File.WriteAllTextAsync(Path.Combine(readyDir, database.Name), session.Id);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (Directory.GetFiles(readyDir).Length < sessions)
        {
            if (DateTime.UtcNow > deadline)
            {
                Console.Error.WriteLine("Timed out waiting for the other sessions.");
                return 2;
            }

            await Task.Delay(20);
        }

        long total;
        long foreign;
        await using (var connection = await provider.OpenConnectionAsync(database))
        {
            total = await Scalar(connection, "SELECT COUNT(*) FROM documents", ("$owner", session.Id));
            foreign = await Scalar(connection, "SELECT COUNT(*) FROM documents WHERE owner <> $owner", ("$owner", session.Id));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RESULT {database.Name} {total} {foreign}"));
        var dropped = await provider.DropDatabaseAsync(session, database.Name);
        Console.WriteLine("DROPPED " + dropped);
        return dropped ? 0 : 3;
    }

    private static async Task Execute(SqliteConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> Scalar(SqliteConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return (long)(await command.ExecuteScalarAsync())!;
    }
}

/// <summary>
/// <c>sqlite-hold &lt;folder&gt; &lt;ttl-seconds&gt; [--no-heartbeat]</c>: a live session that never ends on its own.
/// Creates its database, prints <c>READY &lt;name&gt; &lt;session id&gt;</c>, then heartbeats (unless told not to)
/// until it is killed, the way a crashed or hung test run would leave it.
/// </summary>
public sealed class SqliteHoldCommand : IWorkerCommand
{
    /// <inheritdoc />
    public string Name => "sqlite-hold";

    /// <inheritdoc />
    public async Task<int> RunAsync(string[] args)
    {
        var folder = args[0];
        var lease = new LeaseOptions { TimeToLive = TimeSpan.FromSeconds(double.Parse(args[1], CultureInfo.InvariantCulture)) };
        var heartbeat = !args.Contains("--no-heartbeat");

        var session = TestSession.Start();
        var provider = new SqliteDatabaseProvider(new SqliteProviderOptions { Folder = folder, Lease = lease });
        var database = await provider.CreateDatabaseAsync(session, "hold");
        await using (var connection = await provider.OpenConnectionAsync(database))
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "CREATE TABLE held (id INTEGER PRIMARY KEY); INSERT INTO held DEFAULT VALUES;";
            await command.ExecuteNonQueryAsync();
        }

        await using var beats = heartbeat ? new LeaseHeartbeat(ct => provider.HeartbeatAsync(session, ct), lease) : null;
        Console.WriteLine($"READY {database.Name} {session.Id}");
        await Task.Delay(Timeout.Infinite);
        return 0;
    }
}
