using System.Data.Common;
using DocumentApi.NaiveTooling;
using Microsoft.Data.Sqlite;
using MongoDB.Bson;
using MongoDB.Driver;
using Npgsql;

namespace DocumentApi.NaiveTests;

/// <summary>
/// Opens the one database every run of this suite uses (a fixed SQLite file in the shared folder, or
/// the fixed database "tractatus_demo" on the server), and records instructions into the shared
/// history while the tests run. It never drops the database: the next run reuses it.
/// </summary>
public sealed class DocumentFixture : IAsyncLifetime
{
    private BackgroundRecorder? _recorder;
    private int _documentsCreated;

    public DocumentFixture()
    {
        Provider = DemoEnvironment.Provider;
        SharedDirectory = DemoEnvironment.SharedDirectory;
        Directory.CreateDirectory(SharedDirectory);
        switch (Provider)
        {
            case "postgres":
                var server = new NpgsqlConnectionStringBuilder(DemoEnvironment.PostgresConnectionString);
                PostgresConnectionString = new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = "tractatus_demo" }.ConnectionString;
                Store = new PostgreSqlDocumentStore(PostgresConnectionString);
                break;
            case "mongodb":
                MongoDatabase = new MongoClient(DemoEnvironment.MongoConnectionString).GetDatabase("tractatus_demo");
                Store = new MongoDocumentStore(MongoDatabase);
                break;
            default:
                SqliteConnectionString = "Data Source=" + Path.Combine(SharedDirectory, "documents.db");
                Store = new SqliteDocumentStore(SqliteConnectionString);
                break;
        }
    }

    public string Provider { get; }

    public string SharedDirectory { get; }

    public IDocumentStore Store { get; }

    public string? SqliteConnectionString { get; }

    public string? PostgresConnectionString { get; }

    public IMongoDatabase? MongoDatabase { get; }

    public BackgroundRecorder Recorder => _recorder ?? throw new InvalidOperationException("The fixture is not initialized.");

    /// <summary>Documents this process created, counted in memory: what the session state should say.</summary>
    public int DocumentsCreated => Volatile.Read(ref _documentsCreated);

    public TimeSpan WorkTime => DemoEnvironment.WorkTime;

    public async Task InitializeAsync()
    {
        if (Provider == "postgres")
        {
            await CreateDatabaseIfMissingAsync();
        }

        await Store.EnsureSchemaAsync();
        var pid = Environment.ProcessId;
        _recorder = new BackgroundRecorder(i => InstructionHistory.Append(SharedDirectory, $"instruction {i} of process {pid}"), DemoEnvironment.RecordInterval);
    }

    /// <summary>Counts a created document in memory and in the shared session state.</summary>
    public void RecordDocumentCreated()
    {
        Interlocked.Increment(ref _documentsCreated);
        SessionState.RecordDocumentCreated(SharedDirectory);
    }

    /// <summary>A plain ADO.NET connection to the shared database (SQLite or PostgreSQL), for the teardown.</summary>
    public DbConnection OpenSqlConnection()
    {
        DbConnection connection = Provider == "postgres" ? new NpgsqlConnection(PostgresConnectionString) : new SqliteConnection(SqliteConnectionString);
        connection.Open();
        return connection;
    }

    public IMongoCollection<BsonDocument> MongoDocuments =>
        (MongoDatabase ?? throw new InvalidOperationException("Not a MongoDB run.")).GetCollection<BsonDocument>(MongoDocumentStore.CollectionName);

    public async Task DisposeAsync()
    {
        if (_recorder is not null)
        {
            await _recorder.StopAsync();
            var counter = -1;
            try
            {
                counter = SessionState.Read(SharedDirectory).DocumentsCreated;
            }
            catch (Exception ex) when (ex is IOException or System.Text.Json.JsonException)
            {
                // A half-written state file: the counter is unreadable, which the report shows as -1.
            }

            new SessionReport("naive", Environment.ProcessId, SessionInfo.SessionId, "tractatus_demo", _recorder.Appended, _recorder.Errors,
                _recorder.FirstError, DocumentsCreated, counter, []).Write();
        }

        await Store.DisposeAsync();
    }

    private async Task CreateDatabaseIfMissingAsync()
    {
        await using var connection = new NpgsqlConnection(DemoEnvironment.PostgresConnectionString);
        await connection.OpenAsync();
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = 'tractatus_demo'", connection);
        if (await exists.ExecuteScalarAsync() is not null)
        {
            return;
        }

        try
        {
            await using var create = new NpgsqlCommand("CREATE DATABASE tractatus_demo", connection);
            await create.ExecuteNonQueryAsync();
        }
        catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation)
        {
            // Another run created it at the same moment.
        }
    }
}

[CollectionDefinition(Name)]
public sealed class DocumentCollection : ICollectionFixture<DocumentFixture>
{
    public const string Name = "documents";
}
