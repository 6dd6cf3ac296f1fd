using System.Globalization;
using Npgsql;
using Tractatus.TestIsolation.Databases;
using Tractatus.TestIsolation.Leases;
using Tractatus.TestIsolation.PostgreSql;

namespace Tractatus.TestIsolation.Worker.Commands;

/// <summary>
/// <c>postgres-isolate &lt;prefix&gt; &lt;barrier file&gt;</c>: one concurrent session. Creates its database,
/// writes the same fixed-slug rows every session writes, prints <c>READY &lt;db&gt;</c>, waits until the barrier
/// file exists (so all sessions are alive at once), checks it sees only its own rows (<c>ROWS &lt;total&gt;
/// &lt;foreign&gt;</c>), drops its database and prints <c>DONE</c>. Exit code 0 only when isolated.
/// Server: <c>TRACTATUS_POSTGRES_CONNECTION_STRING</c>.
/// </summary>
public sealed class PostgresIsolateCommand : IWorkerCommand
{
    /// <inheritdoc />
    public string Name => "postgres-isolate";

    /// <inheritdoc />
    public async Task<int> RunAsync(string[] args)
    {
        var (prefix, barrier) = (args[0], args[1]);
        var session = TestSession.Start();
        await using var provider = WorkerData.PostgresProvider();
        var database = await provider.CreateDatabaseAsync(session, prefix);
        await using (var connection = await provider.OpenConnectionAsync(database))
        {
            await using var create = new NpgsqlCommand("CREATE TABLE documents (slug text PRIMARY KEY, owner text NOT NULL)", connection);
            await create.ExecuteNonQueryAsync();
            foreach (var slug in WorkerData.FixedSlugs)
            {
                await using var insert = new NpgsqlCommand("INSERT INTO documents (slug, owner) VALUES (@slug, @owner)", connection);
                insert.Parameters.AddWithValue("slug", slug);
                insert.Parameters.AddWithValue("owner", session.Id);
                await insert.ExecuteNonQueryAsync();
            }
        }

        Console.WriteLine($"READY {database.Name}");
        await WorkerData.WaitForFileAsync(barrier, TimeSpan.FromSeconds(120));

        long total, foreign;
        await using (var connection = await provider.OpenConnectionAsync(database))
        await using (var count = new NpgsqlCommand("SELECT count(*), count(*) FILTER (WHERE owner <> @owner) FROM documents", connection))
        {
            count.Parameters.AddWithValue("owner", session.Id);
            await using var reader = await count.ExecuteReaderAsync();
            await reader.ReadAsync();
            (total, foreign) = (reader.GetInt64(0), reader.GetInt64(1));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ROWS {total} {foreign}"));
        var dropped = await provider.DropDatabaseAsync(session, database.Name);
        Console.WriteLine($"DONE dropped={dropped}");
        return total == WorkerData.FixedSlugs.Length && foreign == 0 && dropped ? 0 : 2;
    }
}

/// <summary>
/// <c>postgres-hold &lt;prefix&gt; &lt;ttl seconds&gt;</c>: a session that creates its database, heartbeats its lease
/// every third of the TTL, prints <c>CREATED &lt;db&gt;</c> and then waits to be killed (a crashed test run).
/// </summary>
public sealed class PostgresHoldCommand : IWorkerCommand
{
    /// <inheritdoc />
    public string Name => "postgres-hold";

    /// <inheritdoc />
    public async Task<int> RunAsync(string[] args)
    {
        var prefix = args[0];
        var lease = new LeaseOptions { TimeToLive = TimeSpan.FromSeconds(double.Parse(args[1], CultureInfo.InvariantCulture)) };
        var session = TestSession.Start(new TestSessionOptions { Lease = lease });
        await using var provider = WorkerData.PostgresProvider();
        var database = await provider.CreateDatabaseAsync(session, prefix);
        await using var heartbeat = new LeaseHeartbeat(token => provider.HeartbeatAsync(session, token), lease);
        Console.WriteLine($"CREATED {database.Name}");
        await Task.Delay(Timeout.Infinite);
        return 0;
    }
}
