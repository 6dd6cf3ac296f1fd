using System.Collections.Concurrent;
using MongoDB.Bson;
using MongoDB.Driver;
using Tractatus.TestIsolation.Databases;
using Tractatus.TestIsolation.Leases;

namespace Tractatus.TestIsolation.MongoDB;

/// <summary>
/// Creates a MongoDB database per test session, keeps a lease document in it (renewed with the
/// server's clock), and drops it with <c>dropDatabase</c>. Sweeps databases of crashed sessions once
/// their lease expired; never touches a database without this library's lease. Unique indexes and
/// seed data are the test's own business, created in the session database after it exists.
/// </summary>
/// <example>
/// <code>
/// await using var provider = new MongoDatabaseProvider(MongoProviderOptions.FromEnvironment());
/// var created = await provider.CreateDatabaseAsync(TestSession.Current, "cms");
/// var documents = provider.GetDatabase(created).GetCollection&lt;BsonDocument&gt;("documents");
/// </code>
/// </example>
public sealed class MongoDatabaseProvider : IIsolatedDatabaseProvider
{
    /// <summary>The value of <see cref="Name"/>.</summary>
    public const string ProviderName = "mongodb";

    /// <summary>The collection holding a session database's lease document.</summary>
    public const string LeaseCollectionName = MongoLeases.CollectionName;

    private const int MaxNameAttempts = 20;

    private readonly MongoProviderOptions _options;
    private readonly MongoServer _server;
    private readonly ConcurrentDictionary<string, string> _owned = new(StringComparer.Ordinal);

    /// <summary>Creates a provider; does not contact the server until first used.</summary>
    /// <exception cref="InvalidOperationException">No connection string is given and <c>TRACTATUS_MONGODB_URI</c> is not set.</exception>
    /// <exception cref="ArgumentException">The connection string is not valid.</exception>
    public MongoDatabaseProvider(MongoProviderOptions? options = null)
    {
        _options = options ?? new MongoProviderOptions();
        _server = new MongoServer(_options);
    }

    /// <summary>A provider for the server named by <c>TRACTATUS_MONGODB_URI</c>.</summary>
    public static MongoDatabaseProvider FromEnvironment() => new(MongoProviderOptions.FromEnvironment());

    /// <inheritdoc />
    public string Name => ProviderName;

    /// <inheritdoc />
    public DatabaseNameRules NameRules => DatabaseNameRules.MongoDB;

    /// <summary>The driver client, configured with this provider's timeouts. Owned by the provider.</summary>
    public IMongoClient Client => _server.Client;

    /// <summary>The server, without password, e.g. <c>mongodb://127.0.0.1:27017/</c>.</summary>
    public string ServerDisplayName => _server.Describe();

    /// <summary>Names of the databases this provider created and has not dropped.</summary>
    public IReadOnlyCollection<string> CreatedDatabases => _owned.Keys.ToArray();

    /// <summary>
    /// A connection string for <paramref name="databaseName"/> on this server with the same credentials; the
    /// authentication database stays where the user is defined.
    /// </summary>
    public string ConnectionStringFor(string databaseName)
    {
        ArgumentException.ThrowIfNullOrEmpty(databaseName);
        return _server.ConnectionStringFor(databaseName);
    }

    /// <summary>The session database <paramref name="database"/> through <see cref="Client"/>.</summary>
    public IMongoDatabase GetDatabase(IsolatedDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        return GetDatabase(database.Name);
    }

    /// <summary>The database <paramref name="databaseName"/> through <see cref="Client"/>.</summary>
    public IMongoDatabase GetDatabase(string databaseName)
    {
        ArgumentException.ThrowIfNullOrEmpty(databaseName);
        return Client.GetDatabase(databaseName);
    }

    /// <inheritdoc />
    public async Task<IsolatedDatabase> CreateDatabaseAsync(TestSession session, string prefix, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        NameRules.ValidatePrefix(prefix);
        var existing = (await ListDatabaseNamesAsync(cancellationToken).ConfigureAwait(false)).ToHashSet(StringComparer.OrdinalIgnoreCase);

        for (var attempt = 1; ; attempt++)
        {
            var name = session.DatabaseName(prefix, NameRules);
            if (existing.Contains(name) && attempt < MaxNameAttempts)
            {
                continue; // taken, e.g. by another provider instance of this session
            }

            var now = await _server.ServerNowAsync(cancellationToken).ConfigureAwait(false);
            var lease = LeaseRecord.For(session, now, TimeToLive(session));
            try
            {
                // The first write creates the database: it exists from here on with its lease, never without.
                await _server.RunAsync(() => MongoLeases.Collection(GetDatabase(name))
                    .InsertOneAsync(MongoLeases.ToDocument(lease), cancellationToken: cancellationToken)).ConfigureAwait(false);
            }
            catch (MongoWriteException e) when (e.WriteError?.Category == ServerErrorCategory.DuplicateKey && attempt < MaxNameAttempts)
            {
                continue; // created between listing and inserting: take the next suffix
            }

            _owned[name] = session.Id;
            return new IsolatedDatabase(Name, name, _server.ConnectionStringFor(name), _server.Describe(name));
        }
    }

    /// <inheritdoc />
    public async Task HeartbeatAsync(TestSession session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        var mine = _owned.Where(pair => pair.Value == session.Id).Select(pair => pair.Key).ToArray();
        if (mine.Length == 0)
        {
            return;
        }

        var now = await _server.ServerNowAsync(cancellationToken).ConfigureAwait(false);
        var expiresAt = now + TimeToLive(session);
        var update = Builders<BsonDocument>.Update
            .Set("heartbeatAt", now.UtcDateTime)
            .Set("expiresAt", expiresAt.UtcDateTime)
            .Set("host", session.Host)
            .Set("processId", session.ProcessId);
        foreach (var name in mine)
        {
            var result = await _server.RunAsync(() => MongoLeases.Collection(GetDatabase(name))
                .UpdateOneAsync(MongoLeases.OwnedBy(session.Id), update, cancellationToken: cancellationToken)).ConfigureAwait(false);
            if (result.MatchedCount == 0)
            {
                // Swept after this process stalled past the lease, or dropped by hand: nothing left to renew.
                _owned.TryRemove(name, out _);
            }
        }
    }

    /// <inheritdoc />
    public async Task<bool> DropDatabaseAsync(TestSession session, string databaseName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentException.ThrowIfNullOrEmpty(databaseName);
        if (!SessionDatabaseNames.TryParse(databaseName, out _, out var sessionId) || sessionId != session.Id)
        {
            return false;
        }

        var database = GetDatabase(databaseName);
        var lease = await _server.RunAsync(() => MongoLeases.ReadAsync(database, cancellationToken)).ConfigureAwait(false);
        if (lease is null || lease.Owner != session.Id)
        {
            _owned.TryRemove(databaseName, out _);
            return false;
        }

        await _server.RunAsync(() => Client.DropDatabaseAsync(databaseName, cancellationToken)).ConfigureAwait(false);
        _owned.TryRemove(databaseName, out _);
        return true;
    }

    /// <inheritdoc />
    public async Task<SweepReport> SweepExpiredAsync(TestSession current, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(current);
        var dropped = new List<string>();
        var keptLive = new List<string>();
        var ignored = new List<string>();

        var names = await ListDatabaseNamesAsync(cancellationToken).ConfigureAwait(false);
        var now = await _server.ServerNowAsync(cancellationToken).ConfigureAwait(false);
        foreach (var name in names.Order(StringComparer.Ordinal))
        {
            if (!SessionDatabaseNames.TryParse(name, out _, out var sessionId))
            {
                continue; // not named like ours at all: not even worth reporting
            }

            if (sessionId == current.Id)
            {
                keptLive.Add(name);
                continue;
            }

            var database = GetDatabase(name);
            var lease = await _server.RunAsync(() => MongoLeases.ReadAsync(database, cancellationToken)).ConfigureAwait(false);
            if (lease is null || lease.Owner != sessionId)
            {
                ignored.Add(name);
                continue;
            }

            if (!lease.IsExpiredAt(now))
            {
                keptLive.Add(name);
                continue;
            }

            // Claim: only the sweeper that deletes this exact expired lease drops the database.
            var claim = MongoLeases.OwnedBy(lease.Owner) & Builders<BsonDocument>.Filter.Eq("expiresAt", lease.ExpiresAt.UtcDateTime);
            var deleted = await _server.RunAsync(() => MongoLeases.Collection(database).DeleteOneAsync(claim, cancellationToken)).ConfigureAwait(false);
            if (deleted.DeletedCount == 1)
            {
                await _server.RunAsync(() => Client.DropDatabaseAsync(name, cancellationToken)).ConfigureAwait(false);
                dropped.Add(name);
            }
            else
            {
                keptLive.Add(name); // renewed meanwhile (or another sweeper is dropping it)
            }
        }

        return new SweepReport(dropped, keptLive, ignored);
    }

    /// <summary>Closes the client's connections. Does not drop databases.</summary>
    public ValueTask DisposeAsync()
    {
        _server.Dispose();
        return ValueTask.CompletedTask;
    }

    private TimeSpan TimeToLive(TestSession session) => (_options.Lease ?? session.Options.Lease).TimeToLive;

    private Task<List<string>> ListDatabaseNamesAsync(CancellationToken cancellationToken) => _server.RunAsync(async () =>
    {
        using var cursor = await Client.ListDatabaseNamesAsync(cancellationToken).ConfigureAwait(false);
        return await cursor.ToListAsync(cancellationToken).ConfigureAwait(false);
    });
}
