using Tractatus.TestIsolation;
using Tractatus.TestIsolation.Databases;
using Tractatus.TestIsolation.MongoDB;
using Tractatus.TestIsolation.PostgreSql;
using Tractatus.TestIsolation.Sqlite;
using Tractatus.TestIsolation.Xunit;

namespace DocumentApi.IsolatedTests;

/// <summary>
/// The session's own database (provider from TRACTATUS_DEMO_PROVIDER, SQLite by default), the shared
/// instruction history written through <see cref="SharedStateFile"/>, and this session's counters in
/// its own <see cref="SessionStateDirectory"/>.
/// </summary>
public sealed class DocumentFixture : SessionIsolatedFixture
{
    private IDocumentStore? _store;
    private BackgroundRecorder? _recorder;
    private SessionStateDirectory? _state;
    private int _documentsCreated;

    public string ProviderName { get; } = DemoEnvironment.Provider;

    public string SharedDirectory { get; } = DemoEnvironment.SharedDirectory;

    public IDocumentStore Store => _store ?? throw new InvalidOperationException("The fixture is not initialized.");

    public BackgroundRecorder Recorder => _recorder ?? throw new InvalidOperationException("The fixture is not initialized.");

    /// <summary>The instruction history every session shares; only ever written through SharedStateFile.</summary>
    public string HistoryPath => Path.Combine(SharedDirectory, ".claude", "instruction-history.json");

    /// <summary>This session's counters, in its own state folder.</summary>
    public string CountersPath => (_state ?? throw new InvalidOperationException("The fixture is not initialized.")).GetFilePath("state.json");

    /// <summary>Documents this process created, counted in memory: what the session state should say.</summary>
    public int DocumentsCreated => Volatile.Read(ref _documentsCreated);

    public TimeSpan WorkTime => DemoEnvironment.WorkTime;

    // The providers give up after 3 s by default. Eight sessions starting at once on a 2-core CI machine,
    // next to other test assemblies, can take longer than that just to open the first connection.
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(20);

    protected override IIsolatedDatabaseProvider CreateProvider() => ProviderName switch
    {
        "postgres" => new PostgreSqlDatabaseProvider(new PostgreSqlProviderOptions
        {
            ConnectionString = DemoEnvironment.PostgresConnectionString,
            ConnectTimeout = ConnectTimeout,
            Lease = LeaseOptions,
        }),
        "mongodb" => new MongoDatabaseProvider(new MongoProviderOptions
        {
            ConnectionString = DemoEnvironment.MongoConnectionString,
            ConnectTimeout = ConnectTimeout,
            ServerSelectionTimeout = ConnectTimeout,
            Lease = LeaseOptions,
        }),
        _ => new SqliteDatabaseProvider(SqliteProviderOptions.For(Session) with { Lease = LeaseOptions }),
    };

    protected override async Task SeedAsync()
    {
        _store = Provider switch
        {
            MongoDatabaseProvider mongo => new MongoDocumentStore(await mongo.OpenConnectionAsync(Database)),
            PostgreSqlDatabaseProvider => new PostgreSqlDocumentStore(Database.ConnectionString),
            _ => new SqliteDocumentStore(Database.ConnectionString),
        };
        await _store.EnsureSchemaAsync();

        var stateRoot = Path.Combine(SharedDirectory, ".claude");
        SessionStateDirectory.Sweep(stateRoot, LeaseOptions, Session);
        _state = SessionStateDirectory.Open(stateRoot, Session, LeaseOptions);

        var pid = Environment.ProcessId;
        _recorder = new BackgroundRecorder(
            i => SharedStateFile.Update<List<InstructionEntry>>(HistoryPath, entries =>
            {
                entries.Add(new InstructionEntry(Session.Id, pid, $"instruction {i} of process {pid}", DateTimeOffset.UtcNow));
                return entries;
            }),
            DemoEnvironment.RecordInterval);

        SessionReport.AnnounceStarted(DatabaseName);
    }

    /// <summary>Counts a created document in memory and in this session's state file.</summary>
    public void RecordDocumentCreated()
    {
        Interlocked.Increment(ref _documentsCreated);
        SharedStateFile.Update<SessionCounters>(CountersPath, counters =>
        {
            counters.SessionId = Session.Id;
            counters.DocumentsCreated++;
            return counters;
        });
    }

    /// <summary>The counter as this session's state file holds it.</summary>
    public int CounterInState() => SharedStateFile.Read<SessionCounters>(CountersPath)?.DocumentsCreated ?? 0;

    public override async Task DisposeAsync()
    {
        try
        {
            if (_recorder is not null)
            {
                await _recorder.StopAsync();
                new SessionReport("isolated", Environment.ProcessId, Session.Id, DatabaseName, _recorder.Appended, _recorder.Errors,
                    _recorder.FirstError, DocumentsCreated, CounterInState(), SweepReport?.Dropped ?? []).Write();
            }

            _state?.Delete();
            if (_store is not null)
            {
                await _store.DisposeAsync();
            }
        }
        finally
        {
            await base.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class DocumentCollection : ICollectionFixture<DocumentFixture>
{
    public const string Name = "documents";
}
