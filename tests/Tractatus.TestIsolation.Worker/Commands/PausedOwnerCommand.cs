using MongoDB.Bson;
using MongoDB.Driver;
using Npgsql;
using Tractatus.TestIsolation.Databases;
using Tractatus.TestIsolation.Leases;
using Tractatus.TestIsolation.MongoDB;
using Tractatus.TestIsolation.PostgreSql;
using Tractatus.TestIsolation.Sqlite;

namespace Tractatus.TestIsolation.Worker.Commands;

/// <summary>
/// <c>paused-owner &lt;postgres|mongo|sqlite|state&gt; &lt;target&gt;</c>: a live session whose lease is already expired
/// (its clock runs an hour behind), as after a pause longer than the TTL. Creates its resource, stores one marker in it,
/// prints <c>READY &lt;name&gt; &lt;session id&gt;</c>, then answers lines on stdin: <c>CHECK</c> writes and reads the
/// marker (<c>DATA ok</c> / <c>DATA failed &lt;type&gt;: &lt;message&gt;</c>), <c>BEAT</c> renews the lease
/// (<c>BEAT ok</c> / <c>BEAT failed &lt;type&gt;: &lt;message&gt;</c>), <c>EXIT</c> ends. The target is the SQLite
/// folder or state root; servers come from <c>TRACTATUS_POSTGRES_CONNECTION_STRING</c> / <c>TRACTATUS_MONGODB_URI</c>.
/// </summary>
public sealed class PausedOwnerCommand : IWorkerCommand
{
    /// <inheritdoc />
    public string Name => "paused-owner";

    /// <inheritdoc />
    public async Task<int> RunAsync(string[] args)
    {
        var lease = new LeaseOptions { TimeToLive = TimeSpan.FromSeconds(60), TimeProvider = PastClock.OneHourBehind };
        var session = TestSession.Start(new TestSessionOptions { Lease = lease });
        TestSession.SetCurrent(session);
        await using var owner = await Owner.CreateAsync(args[0], args.Length > 1 ? args[1] : string.Empty, session);
        Console.WriteLine($"READY {owner.Name} {session.Id}");
        while (Console.ReadLine() is { } line)
        {
            try
            {
                switch (line.Trim())
                {
                    case "CHECK":
                        await owner.CheckAsync();
                        Console.WriteLine("DATA ok");
                        break;
                    case "BEAT":
                        await owner.BeatAsync();
                        Console.WriteLine("BEAT ok");
                        break;
                    case "EXIT":
                        return 0;
                }
            }
            catch (Exception e)
            {
                Console.WriteLine($"{(line.Trim() == "BEAT" ? "BEAT" : "DATA")} failed {e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}");
            }
        }

        return 0;
    }

    private abstract class Owner : IAsyncDisposable
    {
        public string Name { get; protected set; } = string.Empty;

        public static async Task<Owner> CreateAsync(string kind, string target, TestSession session)
        {
            Owner owner = kind switch
            {
                "postgres" => new PostgresOwner(session),
                "mongo" => new MongoOwner(session),
                "sqlite" => new SqliteOwner(session, target),
                "state" => new StateOwner(session, target),
                _ => throw new ArgumentException("unknown kind " + kind),
            };
            await owner.CreateAsync();
            return owner;
        }

        public abstract ValueTask DisposeAsync();

        protected abstract Task CreateAsync();

        public abstract Task CheckAsync();

        public abstract Task BeatAsync();
    }

    private sealed class PostgresOwner(TestSession session) : Owner
    {
        private readonly PostgreSqlDatabaseProvider _provider = WorkerData.PostgresProvider();
        private IsolatedDatabase? _database;

        protected override async Task CreateAsync()
        {
            _database = await _provider.CreateDatabaseAsync(session, "paused");
            Name = _database.Name;
            await using var connection = await _provider.OpenConnectionAsync(_database);
            await using var command = new NpgsqlCommand("CREATE TABLE marker (id int PRIMARY KEY); INSERT INTO marker VALUES (1)", connection);
            await command.ExecuteNonQueryAsync();
        }

        public override async Task CheckAsync()
        {
            await using var connection = await _provider.OpenConnectionAsync(_database!);
            await using var command = new NpgsqlCommand("SELECT count(*) FROM marker", connection);
            if ((long)(await command.ExecuteScalarAsync())! != 1)
            {
                throw new InvalidOperationException("the marker row is missing");
            }
        }

        public override Task BeatAsync() => _provider.HeartbeatAsync(session);

        public override ValueTask DisposeAsync() => _provider.DisposeAsync();
    }

    private sealed class MongoOwner(TestSession session) : Owner
    {
        private readonly MongoDatabaseProvider _provider = WorkerData.MongoProvider();
        private IsolatedDatabase? _database;

        protected override async Task CreateAsync()
        {
            _database = await _provider.CreateDatabaseAsync(session, "paused");
            Name = _database.Name;
            await _provider.GetDatabase(_database).GetCollection<BsonDocument>("marker").InsertOneAsync(new BsonDocument("n", 1));
        }

        public override async Task CheckAsync()
        {
            // What a test does after the pause: write, then read. Without a lease check the write would recreate a swept database.
            var marker = _provider.GetDatabase(_database!).GetCollection<BsonDocument>("marker");
            await marker.InsertOneAsync(new BsonDocument("n", 2));
            if (await marker.CountDocumentsAsync(Builders<BsonDocument>.Filter.Eq("n", 1)) != 1)
            {
                throw new InvalidOperationException("the marker document is missing");
            }
        }

        public override Task BeatAsync() => _provider.HeartbeatAsync(session);

        public override ValueTask DisposeAsync() => _provider.DisposeAsync();
    }

    private sealed class SqliteOwner(TestSession session, string folder) : Owner
    {
        private readonly SqliteDatabaseProvider _provider = new(new SqliteProviderOptions { Folder = folder, Lease = session.Options.Lease });
        private IsolatedDatabase? _database;

        protected override async Task CreateAsync()
        {
            _database = await _provider.CreateDatabaseAsync(session, "paused");
            Name = _database.Name;
            await using var connection = await _provider.OpenConnectionAsync(_database);
            await using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE marker (id INTEGER PRIMARY KEY); INSERT INTO marker VALUES (1)";
            await command.ExecuteNonQueryAsync();
        }

        public override async Task CheckAsync()
        {
            await using var connection = await _provider.OpenConnectionAsync(_database!);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM marker";
            if ((long)(await command.ExecuteScalarAsync())! != 1)
            {
                throw new InvalidOperationException("the marker row is missing");
            }
        }

        public override Task BeatAsync() => _provider.HeartbeatAsync(session);

        public override ValueTask DisposeAsync() => _provider.DisposeAsync();
    }

    private sealed class StateOwner(TestSession session, string root) : Owner
    {
        private SessionStateDirectory? _directory;

        protected override Task CreateAsync()
        {
            _directory = SessionStateDirectory.Open(root, session);
            File.WriteAllText(_directory.GetFilePath("marker.txt"), "1");
            Name = session.Id;
            return Task.CompletedTask;
        }

        public override Task CheckAsync()
        {
            if (File.ReadAllText(_directory!.GetFilePath("marker.txt")) != "1")
            {
                throw new InvalidOperationException("the marker file changed");
            }

            return Task.CompletedTask;
        }

        public override Task BeatAsync()
        {
            _directory!.RenewLease();
            return Task.CompletedTask;
        }

        public override ValueTask DisposeAsync() => _directory?.DisposeAsync() ?? ValueTask.CompletedTask;
    }
}
