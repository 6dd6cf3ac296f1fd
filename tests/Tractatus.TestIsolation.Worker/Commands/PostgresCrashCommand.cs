using System.Diagnostics;
using Tractatus.TestIsolation.Databases;
using Tractatus.TestIsolation.PostgreSql;

namespace Tractatus.TestIsolation.Worker.Commands;

/// <summary>
/// <c>postgres-crash-at &lt;point&gt;</c>: a session that SIGKILLs itself at one point of a database's life, to show a
/// later sweep leaves nothing. Its clock runs an hour behind, so its leases are already expired (the TTL has "passed").
/// Points: <c>before-create</c>, <c>during-create</c> (killed while CREATE DATABASE runs), <c>after-create</c> (created,
/// no lease yet), <c>after-lease</c> (leased, still marked reserved), <c>pool-refill</c> (in the background clone of the
/// template pool), <c>idle</c> (created, then killed while tests would run), <c>drop</c> (during teardown).
/// Prints <c>SESSION &lt;id&gt;</c> first. Server: <c>TRACTATUS_POSTGRES_CONNECTION_STRING</c>.
/// </summary>
public sealed class PostgresCrashCommand : IWorkerCommand
{
    /// <inheritdoc />
    public string Name => "postgres-crash-at";

    /// <inheritdoc />
    public async Task<int> RunAsync(string[] args)
    {
        var point = args[0];
        var lease = new LeaseOptions { TimeToLive = TimeSpan.FromSeconds(60), TimeProvider = PastClock.OneHourBehind };
        var session = TestSession.Start(new TestSessionOptions { Lease = lease });
        Console.WriteLine("SESSION " + session.Id);
        var options = WorkerData.PostgresOptions();
        if (point == "pool-refill")
        {
            options = options with
            {
                TemplateDatabase = "tractatus_crashtest",
                TemplateKey = "crash-test-v1",
                Migrate = async connection =>
                {
                    await using var command = new Npgsql.NpgsqlCommand("CREATE TABLE seeded (id int)", connection);
                    await command.ExecuteNonQueryAsync();
                },
                TemplatePoolSize = 2,
            };
        }

        var creates = 0;
        PostgreSqlDatabaseProvider.CrashPoint = reached =>
        {
            if (reached == "before-create")
            {
                creates++;
            }

            var hit = point switch
            {
                "during-create" => reached == "before-create",
                "pool-refill" => reached == "after-create" && creates >= 2, // the first create is the caller's own
                _ => reached == point,
            };
            if (!hit)
            {
                return;
            }

            if (point == "during-create")
            {
                // Let CREATE DATABASE start on the server, then die while it runs.
                _ = Task.Run(async () =>
                {
                    await Task.Delay(20);
                    Die();
                });
                return;
            }

            Die();
        };

        await using var provider = new PostgreSqlDatabaseProvider(options);
        var database = await provider.CreateDatabaseAsync(session, "crash");
        Console.WriteLine("CREATED " + database.Name);
        if (point == "pool-refill")
        {
            await provider.WaitForTemplatePoolAsync();
            Console.Error.WriteLine("the pool refilled without reaching the crash point");
            return 3;
        }

        if (point == "idle")
        {
            Die();
        }

        await provider.DropDatabaseAsync(session, database.Name);
        Console.Error.WriteLine($"finished without reaching crash point {point}");
        return 3;
    }

    private static void Die()
    {
        Console.Out.Flush();
        Process.GetCurrentProcess().Kill(); // SIGKILL: no finally blocks, no disposal, like a crash
    }
}
